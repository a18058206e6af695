// Everything media the app holds while signed in: the HTTP client, the queue
// of uploads and the blob: URLs of pictures on screen.

import { openFile } from "./e2ee/file_crypto";
import { sealUpload } from "./e2ee/sealed_upload";
import type { Api } from "./net/http";
import { MediaClient } from "./net/media";
import { MediaCache } from "./state/media_cache";
import { OpenedFiles } from "./state/opened_files";
import { UploadQueue, type Upload } from "./state/uploads";

export interface MediaHooks {
  // An upload started, finished, failed or was cancelled.
  changed(): void;
  // An upload is stored: messages waiting for it may go.
  stored(): void;
}

export class MediaService {
  readonly http: MediaClient;
  readonly uploads: UploadQueue;
  // blob: URLs of the pictures on screen.
  readonly pictures: MediaCache;
  // Files of encrypted messages, opened.
  readonly opened: OpenedFiles;
  // Told of every upload change, progress included (views move their bars
  // without a full render).
  readonly listeners = new Set<(u: Upload) => void>();

  constructor(api: Api, refresh: () => Promise<void>, private readonly hooks: MediaHooks) {
    this.http = new MediaClient(api, refresh);
    this.uploads = new UploadQueue(
      (req, progress) => this.http.upload(req, progress),
      () => crypto.randomUUID(),
      (u) => this.uploadChanged(u),
    );
    this.pictures = new MediaCache((id, variant) => this.http.blob(id, variant));
    this.opened = new OpenedFiles((id) => this.http.blob(id, "file"), openFile);
  }

  // A file for an encrypted conversation: sealed, then its ciphertext uploaded.
  addSealed(file: Blob, name: string): Upload {
    const sealed = sealUpload(file, name);
    // Failures surface through the upload; this only keeps them from being unhandled.
    sealed.catch(() => {});
    return this.uploads.add(file, name, "encrypted", sealed);
  }

  // Signed out: uploads stop and every blob: URL is revoked.
  clear(): void {
    this.uploads.clear();
    this.pictures.clear();
    this.opened.clear();
  }

  private uploadChanged(u: Upload): void {
    for (const fn of this.listeners) fn(u);
    if (u.state !== "uploading" || u.loaded === 0) this.hooks.changed();
    if (u.state === "done") this.hooks.stored();
  }
}
