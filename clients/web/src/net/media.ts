// Media over HTTP: uploads with XMLHttpRequest (fetch reports no upload
// progress), downloads with fetch. Every request carries the bearer token; an
// answer saying the token expired is retried once after a refresh, and an
// upload retried that way keeps its upload_id, so it is stored once.

import { errorMessage, type Media, type ProtocolError } from "../protocol";
import type { UploadAttempt, UploadRequest } from "../state/uploads";
import type { MediaVariant } from "../state/media_cache";
import { ApiError, type Api } from "./http";

function isAuthFailure(e: unknown): boolean {
  return e instanceof ApiError && (e.code === "TOKEN_EXPIRED" || e.code === "UNAUTHORIZED");
}

function errorOf(status: number, body: string): ApiError {
  let err: ProtocolError | undefined;
  try {
    err = (JSON.parse(body) as { error?: ProtocolError }).error;
  } catch {
    err = undefined;
  }
  return new ApiError(status, err?.code ?? "INTERNAL", errorMessage(err, `HTTP ${status}`), err?.field);
}

export function uploadUrl(req: UploadRequest): string {
  // An encrypted file's name travels only inside the message.
  const name = req.purpose === "encrypted" ? "encrypted" : req.name;
  const q = new URLSearchParams({ name, upload_id: req.uploadId, purpose: req.purpose });
  return `/api/v1/media?${q.toString()}`;
}

// One POST of the file's bytes; progress as the browser sends them.
function xhrUpload(token: string | null, req: UploadRequest, onProgress: (loaded: number, total: number) => void): UploadAttempt {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Media>((resolve, reject) => {
    xhr.open("POST", uploadUrl(req));
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("X-Requested-With", "natter-web");
    xhr.upload.addEventListener("progress", (e) => onProgress(e.loaded, e.lengthComputable ? e.total : req.file.size));
    xhr.addEventListener("load", () => {
      if (xhr.status === 200 || xhr.status === 201) {
        try {
          const media = (JSON.parse(xhr.responseText) as { media?: Media }).media;
          if (media && typeof media.id === "string") return resolve(media);
        } catch {
          // Falls through to the error below.
        }
        return reject(new ApiError(xhr.status, "INTERNAL", "The server's answer could not be read."));
      }
      reject(errorOf(xhr.status, xhr.responseText));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "NETWORK", "The connection was lost during the upload.")));
    xhr.addEventListener("abort", () => reject(new ApiError(0, "ABORTED", "Cancelled.")));
    xhr.send(req.file);
  });
  return { done, abort: () => xhr.abort() };
}

export class MediaClient {
  constructor(
    private readonly api: Api,
    // Gets a new access token (rejects when the session is over).
    private readonly refresh: () => Promise<void>,
  ) {}

  // A sealed upload sends its ciphertext once the sealing is done.
  upload(req: UploadRequest, onProgress: (loaded: number, total: number) => void): UploadAttempt {
    let current: UploadAttempt | null = null;
    let aborted = false;
    const send = (body: UploadRequest): Promise<Media> => {
      if (aborted) return Promise.reject(new ApiError(0, "ABORTED", "Cancelled."));
      current = xhrUpload(this.api.accessToken, body, onProgress);
      return current.done;
    };
    const attempt = (b: UploadRequest): Promise<Media> =>
      send(b).catch(async (e: unknown) => {
        if (aborted || !isAuthFailure(e)) throw e;
        await this.refresh();
        return send(b);
      });
    const done = req.sealed
      ? req.sealed.then(
          (s) => attempt({ ...req, file: s.ciphertext }),
          () => Promise.reject(new ApiError(0, "UNREADABLE", "The file could not be read to encrypt it.")),
        )
      : attempt(req);
    return {
      done,
      abort: () => {
        aborted = true;
        current?.abort();
      },
    };
  }

  // The bytes of a picture or file (GET /api/v1/media/{id}[/thumbnail]).
  async blob(id: string, variant: MediaVariant | "file"): Promise<Blob> {
    try {
      return await this.fetchOnce(id, variant);
    } catch (e) {
      if (!isAuthFailure(e)) throw e;
      await this.refresh();
      return this.fetchOnce(id, variant);
    }
  }

  private async fetchOnce(id: string, variant: MediaVariant | "file"): Promise<Blob> {
    const path = `/api/v1/media/${encodeURIComponent(id)}${variant === "thumbnail" ? "/thumbnail" : ""}`;
    const headers: Record<string, string> = { "X-Requested-With": "natter-web" };
    if (this.api.accessToken) headers.Authorization = `Bearer ${this.api.accessToken}`;
    let res: Response;
    try {
      res = await fetch(path, { headers, credentials: "same-origin" });
    } catch {
      throw new ApiError(0, "NETWORK", "The server cannot be reached.");
    }
    if (!res.ok) throw errorOf(res.status, await res.text());
    return res.blob();
  }

  // Saves a file the way a link with `download` would, under its name.
  async download(media: Media): Promise<void> {
    const blob = await this.blob(media.id, "file");
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = media.name || "file";
    a.rel = "noopener";
    document.body.append(a);
    a.click();
    a.remove();
    // The browser reads the blob when the download starts; the URL goes
    // once that has surely happened.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

export function mediaUrl(id: string): string {
  return `/api/v1/media/${encodeURIComponent(id)}`;
}

// The public 64×64 picture of an avatar (no token needed).
export function avatarUrl(id: string): string {
  return `${mediaUrl(id)}/thumbnail`;
}
