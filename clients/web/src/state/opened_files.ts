// Files of encrypted messages, downloaded and opened on demand and kept for
// the run (docs/security.md, "Encrypted files"): a file shown again, or saved
// after being shown, is not fetched again. Bounded: past the limits the
// oldest go (and are fetched again when needed).

import type { EncryptedFile } from "../e2ee/file_entries";

export type OpenFile = (ciphertext: Uint8Array, key: Uint8Array, nonce: Uint8Array) => Promise<Uint8Array | null>;

// At most this many files, and bytes, held.
export const MAX_OPENED_FILES = 100;
export const MAX_OPENED_BYTES = 256 * 1024 * 1024;

interface Held {
  bytes: number;
  opened: Promise<Blob | null>;
}

export class OpenedFiles {
  // Oldest first (a Map keeps insertion order).
  private readonly held = new Map<string, Held>();
  private bytes = 0;

  constructor(
    // The stored (sealed) bytes of a media id; rejects when they cannot be had.
    private readonly fetch: (mediaId: string) => Promise<Blob>,
    private readonly open: OpenFile,
    private readonly limits = { files: MAX_OPENED_FILES, bytes: MAX_OPENED_BYTES },
  ) {}

  /**
   * The file's bytes (a Blob of type `type`); null when they were changed or
   * damaged (they do not open, or their length is not the entry's size).
   * Rejects when the download failed; the next call tries again.
   */
  get(f: EncryptedFile, type: string): Promise<Blob | null> {
    // The key is part of the name: another message naming the same upload
    // with another key opens (or fails) on its own.
    const name = `${f.media_id} ${f.key.join(",")} ${f.nonce.join(",")} ${f.size} ${type}`;
    const held = this.held.get(name);
    if (held) return held.opened;
    const entry: Held = { bytes: f.size, opened: Promise.resolve(null) };
    entry.opened = this.load(f, type).catch((e: unknown) => {
      if (this.held.get(name) === entry) this.forget(name);
      throw e;
    });
    this.held.set(name, entry);
    this.bytes += entry.bytes;
    this.trim(name);
    return entry.opened;
  }

  get size(): number {
    return this.held.size;
  }

  // Signed out.
  clear(): void {
    this.held.clear();
    this.bytes = 0;
  }

  private async load(f: EncryptedFile, type: string): Promise<Blob | null> {
    const sealed = new Uint8Array(await (await this.fetch(f.media_id)).arrayBuffer());
    const plain = await this.open(sealed, f.key, f.nonce);
    if (!plain || plain.length !== f.size) return null;
    return new Blob([plain as Uint8Array<ArrayBuffer>], { type });
  }

  private forget(name: string): void {
    const held = this.held.get(name);
    if (!held) return;
    this.held.delete(name);
    this.bytes -= held.bytes;
  }

  // Drops the oldest until within the limits, never the one just asked for.
  private trim(keep: string): void {
    for (const name of [...this.held.keys()]) {
      if (this.held.size <= this.limits.files && this.bytes <= this.limits.bytes) return;
      if (name !== keep) this.forget(name);
    }
  }
}
