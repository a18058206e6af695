// A file on its way into an encrypted conversation (docs/security.md,
// "Encrypted files"): sealed once with its own key, its picture size noted
// when it is one, and, once stored, its entry for the message's `files`.

import type { SealedUpload, Upload } from "../state/uploads";
import { sealFile } from "./file_crypto";
import { type EncryptedFile, fileToJson, isInlinePicture, plainMime, plainName } from "./file_entries";

const MAX_SIDE = 100_000;

// The picture's size when the browser can decode it (null otherwise).
async function pictureSize(file: Blob): Promise<{ width: number; height: number } | null> {
  if (typeof createImageBitmap !== "function") return null;
  try {
    const bitmap = await createImageBitmap(file);
    const size = { width: bitmap.width, height: bitmap.height };
    bitmap.close();
    return size.width > 0 && size.height > 0 && size.width <= MAX_SIDE && size.height <= MAX_SIDE ? size : null;
  } catch {
    return null;
  }
}

/** Seals file (named name, its type as the browser says). Rejects when it cannot be read or is too large. */
export async function sealUpload(file: Blob, name: string): Promise<SealedUpload> {
  const plain = new Uint8Array(await file.arrayBuffer());
  const { ciphertext, key, nonce } = await sealFile(plain);
  const sealed: SealedUpload = {
    ciphertext: new Blob([ciphertext as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }),
    key,
    nonce,
    name: plainName(name),
    mime: plainMime(file.type),
    size: plain.length,
  };
  const size = isInlinePicture(sealed) ? await pictureSize(file) : null;
  if (size) Object.assign(sealed, size);
  return sealed;
}

/**
 * The `files` value for a message's uploads, in their order; null when one
 * of them is not a sealed, stored upload (attached before the conversation
 * was encrypted).
 */
export async function filesOf(uploads: readonly Upload[]): Promise<Record<string, unknown>[] | null> {
  const out: Record<string, unknown>[] = [];
  for (const u of uploads) {
    if (u.purpose !== "encrypted" || !u.sealed || !u.media) return null;
    const s = await u.sealed;
    const f: EncryptedFile = { media_id: u.media.id, key: s.key, nonce: s.nonce, name: s.name, mime: s.mime, size: s.size };
    if (s.width !== undefined && s.height !== undefined) Object.assign(f, { width: s.width, height: s.height });
    out.push(fileToJson(f));
  }
  return out;
}
