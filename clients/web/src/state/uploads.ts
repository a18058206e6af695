// Files on their way to natterd (POST /api/v1/media). Each upload keeps its
// upload_id for life, so a retry after a lost answer is answered with the
// media the first attempt stored instead of storing the file twice. At most
// a few run at once (natterd refuses more than 4 per user); the rest wait.
// No I/O here: a transport does the sending.

import type { EncryptedFile } from "../e2ee/file_entries";
import type { Media } from "../protocol";

export type UploadState = "waiting" | "uploading" | "done" | "failed" | "cancelled";
export type UploadPurpose = "attachment" | "avatar" | "encrypted";

// A file sealed for an encrypted conversation (docs/security.md, "Encrypted
// files"): the ciphertext is uploaded; the rest travels inside the message.
export type SealedUpload = Omit<EncryptedFile, "media_id"> & { ciphertext: Blob };

export interface Upload {
  readonly key: string;
  // Sent as ?upload_id=, the same on every attempt.
  readonly uploadId: string;
  readonly file: Blob;
  readonly name: string;
  readonly purpose: UploadPurpose;
  // Purpose "encrypted": the file sealed once, so every attempt sends the
  // same ciphertext under the same upload_id.
  readonly sealed?: Promise<SealedUpload>;
  state: UploadState;
  // Bytes sent of the current attempt, and its total.
  loaded: number;
  total: number;
  media: Media | null;
  error: { code: string; message: string } | null;
}

export interface UploadRequest {
  file: Blob;
  name: string;
  uploadId: string;
  purpose: UploadPurpose;
  // When set, what is sent instead of file.
  sealed?: Promise<SealedUpload>;
}

export interface UploadAttempt {
  // Resolves with the stored media; rejects with an error carrying `code`
  // and `message` (the server's, for an error answer).
  done: Promise<Media>;
  abort(): void;
}

export type UploadTransport = (req: UploadRequest, onProgress: (loaded: number, total: number) => void) => UploadAttempt;

// Failures that may pass by themselves: a lost connection, a busy server.
const TRANSIENT = new Set(["NETWORK", "BUSY", "RATE_LIMITED", "STORE_UNAVAILABLE"]);

export function isTransientUploadError(code: string): boolean {
  return TRANSIENT.has(code);
}

// Two in flight leaves room under natterd's four per user for another tab.
export const MAX_PARALLEL_UPLOADS = 2;

export function uploadError(e: unknown): { code: string; message: string } {
  const err = e as { code?: unknown; message?: unknown } | null;
  const code = typeof err?.code === "string" ? err.code : "NETWORK";
  const message = typeof err?.message === "string" && err.message ? err.message : "The upload failed.";
  return { code, message };
}

export class UploadQueue {
  private readonly items = new Map<string, Upload>();
  private readonly running = new Map<string, UploadAttempt>();
  private readonly settled = new Map<string, Array<(u: Upload) => void>>();

  constructor(
    private readonly transport: UploadTransport,
    private readonly newId: () => string,
    // Called after every change of any upload (progress included).
    private readonly onChange: (u: Upload) => void = () => {},
    private readonly maxParallel = MAX_PARALLEL_UPLOADS,
  ) {}

  add(file: Blob, name: string, purpose: UploadPurpose = "attachment", sealed?: Promise<SealedUpload>): Upload {
    const upload: Upload = {
      key: this.newId(),
      uploadId: this.newId(),
      file,
      name,
      purpose,
      ...(sealed ? { sealed } : {}),
      state: "waiting",
      loaded: 0,
      total: file.size,
      media: null,
      error: null,
    };
    this.items.set(upload.key, upload);
    this.pump();
    this.onChange(upload);
    return upload;
  }

  get(key: string): Upload | undefined {
    return this.items.get(key);
  }

  all(): Upload[] {
    return [...this.items.values()];
  }

  // Stops an upload that is waiting, running or failed, and forgets it.
  cancel(key: string): void {
    const upload = this.items.get(key);
    if (!upload || upload.state === "done") return;
    upload.state = "cancelled";
    this.items.delete(key);
    const attempt = this.running.get(key);
    this.running.delete(key);
    attempt?.abort();
    this.finish(upload);
    this.pump();
  }

  // Tries a failed upload again, with the same upload_id.
  retry(key: string): void {
    const upload = this.items.get(key);
    if (!upload || upload.state !== "failed") return;
    upload.state = "waiting";
    upload.error = null;
    upload.loaded = 0;
    this.pump();
    this.onChange(upload);
  }

  // Tries again every upload that failed for a reason that may have passed
  // (the connection is back).
  retryTransient(): void {
    for (const u of this.items.values()) if (u.state === "failed" && u.error && isTransientUploadError(u.error.code)) this.retry(u.key);
  }

  // Forgets a finished upload (its media was sent or set).
  forget(key: string): void {
    const upload = this.items.get(key);
    if (upload && (upload.state === "done" || upload.state === "failed")) this.items.delete(key);
  }

  // Resolves once the upload is done, failed or cancelled.
  settledOf(upload: Upload): Promise<Upload> {
    if (upload.state === "done" || upload.state === "failed" || upload.state === "cancelled") return Promise.resolve(upload);
    return new Promise((resolve) => {
      const waiting = this.settled.get(upload.key) ?? [];
      waiting.push(resolve);
      this.settled.set(upload.key, waiting);
    });
  }

  // Cancels everything (log-out).
  clear(): void {
    for (const key of [...this.items.keys()]) this.cancel(key);
    this.items.clear();
  }

  private pump(): void {
    for (const upload of this.items.values()) {
      if (this.running.size >= this.maxParallel) return;
      if (upload.state === "waiting") this.start(upload);
    }
  }

  private start(upload: Upload): void {
    upload.state = "uploading";
    // Progress reported before the transport returned is the attempt's own.
    let attempt: UploadAttempt | null = null;
    attempt = this.transport(
      { file: upload.file, name: upload.name, uploadId: upload.uploadId, purpose: upload.purpose, ...(upload.sealed ? { sealed: upload.sealed } : {}) },
      (loaded, total) => {
        if (attempt && this.running.get(upload.key) !== attempt) return;
        upload.loaded = loaded;
        upload.total = total || upload.total;
        this.onChange(upload);
      },
    );
    const current = attempt;
    this.running.set(upload.key, current);
    current.done.then(
      (media) => this.end(upload, current, () => {
        upload.state = "done";
        upload.media = media;
        upload.loaded = upload.total;
      }),
      (e) => this.end(upload, current, () => {
        upload.state = "failed";
        upload.error = uploadError(e);
      }),
    );
  }

  private end(upload: Upload, attempt: UploadAttempt, apply: () => void): void {
    // A cancelled attempt's late answer changes nothing.
    if (this.running.get(upload.key) !== attempt) return;
    this.running.delete(upload.key);
    apply();
    this.finish(upload);
    this.pump();
  }

  private finish(upload: Upload): void {
    this.onChange(upload);
    const waiting = this.settled.get(upload.key) ?? [];
    this.settled.delete(upload.key);
    for (const resolve of waiting) resolve(upload);
  }
}
