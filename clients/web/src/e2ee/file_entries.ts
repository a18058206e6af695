// The `files` of a Megolm plaintext (docs/security.md, "Encrypted files"):
// what a sender writes for each sealed upload, and what a reader accepts.
// A reader never trusts an entry: each is validated, and only one whose
// media id is among the message's attachments as the server sent them (the
// server's proof that the message holds that upload) can be opened.

import { maxSealedPlain } from "./file_crypto";

/** At most this many files go with one message (natterd's attachment limit). */
export const MAX_FILES = 10;

const KEY_BYTES = 32;
const NONCE_BYTES = 24;
const MAX_NAME_BYTES = 255;
const MAX_MIME_CHARS = 100;
const MAX_SIDE = 100_000;
const mediaIdPattern = /^[A-Za-z0-9_-]{22}$/;
const mimePattern = /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/;
const base64Pattern = /^[A-Za-z0-9+/]*$/;

/** Pictures shown inline (when their bytes decode as one); everything else is a file to save. */
const inlineMimes = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export interface EncryptedFile {
  media_id: string;
  key: Uint8Array;
  nonce: Uint8Array;
  name: string;
  mime: string;
  size: number;
  // Pictures only, when the sender knew them.
  width?: number;
  height?: number;
}

/** One entry of a message's `files`: file is null when the entry is not valid; readable only when it may be opened. */
export interface FileEntry {
  file: EncryptedFile | null;
  readable: boolean;
}

export function isInlinePicture(f: Pick<EncryptedFile, "mime">): boolean {
  return inlineMimes.has(f.mime);
}

/** Standard base64, unpadded (how entries are written). */
export function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/=+$/, "");
}

/** Standard base64, padded or not; null when it is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  const bare = text.endsWith("==") ? text.slice(0, -2) : text.endsWith("=") ? text.slice(0, -1) : text;
  if (!base64Pattern.test(bare) || bare.length % 4 === 1) return null;
  if (bare !== text && text.length % 4 !== 0) return null;
  try {
    const raw = atob(bare + "=".repeat((4 - (bare.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The name a sender writes: the file's own name, without any directory, at most 255 bytes. */
export function plainName(name: string): string {
  let base = name.split(/[/\\]/).pop() ?? "";
  const encoder = new TextEncoder();
  while (encoder.encode(base).length > MAX_NAME_BYTES) base = [...base].slice(0, -1).join("");
  return base || "file";
}

/** The type a sender writes: the browser's, when it is a valid lower-case type. */
export function plainMime(type: string): string {
  const t = type.toLowerCase();
  return t.length <= MAX_MIME_CHARS && mimePattern.test(t) ? t : "application/octet-stream";
}

/** The name to save a file under: no directory, control character or leading dot. */
export function saveName(name: string): string {
  return name.replace(/[/\\\u0000-\u001f\u007f]/g, "_").replace(/^\./, "_");
}

export function fileToJson(f: EncryptedFile): Record<string, unknown> {
  const o: Record<string, unknown> = {
    media_id: f.media_id,
    key: toBase64(f.key),
    nonce: toBase64(f.nonce),
    name: f.name,
    mime: f.mime,
    size: f.size,
  };
  if (f.width !== undefined && f.height !== undefined) {
    o.width = f.width;
    o.height = f.height;
  }
  return o;
}

function side(v: unknown): number | undefined | null {
  if (v === undefined) return undefined;
  return Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_SIDE ? (v as number) : null;
}

/** The entry when it is valid (unknown fields ignored), else null. */
export function fileFromJson(v: unknown): EncryptedFile | null {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const { media_id, name, mime, size } = o;
  if (typeof media_id !== "string" || !mediaIdPattern.test(media_id)) return null;
  if (typeof o.key !== "string" || typeof o.nonce !== "string") return null;
  const key = fromBase64(o.key);
  const nonce = fromBase64(o.nonce);
  if (key?.length !== KEY_BYTES || nonce?.length !== NONCE_BYTES) return null;
  if (typeof name !== "string" || name.length === 0 || new TextEncoder().encode(name).length > MAX_NAME_BYTES) return null;
  if (typeof mime !== "string" || mime.length > MAX_MIME_CHARS || !mimePattern.test(mime)) return null;
  if (typeof size !== "number" || !Number.isInteger(size) || size < 0 || size > maxSealedPlain) return null;
  const width = side(o.width);
  const height = side(o.height);
  if (width === null || height === null) return null;
  const f: EncryptedFile = { media_id, key, nonce, name, mime, size };
  if (width !== undefined) f.width = width;
  if (height !== undefined) f.height = height;
  return f;
}

const unreadable: FileEntry = { file: null, readable: false };

/**
 * The entries of a plaintext's `files` value (undefined: the plaintext had
 * none). attachments: the message's media ids as the server sent them. A
 * value that is not an array of 1..10 entries is one unreadable entry (or,
 * when too long, its first ten, each unreadable); it never fails the message.
 */
export function fileEntries(raw: unknown, attachments: readonly string[]): FileEntry[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) return [unreadable];
  if (raw.length > MAX_FILES) return raw.slice(0, MAX_FILES).map(() => unreadable);
  const held = new Set(attachments);
  return raw.map((v) => {
    const file = fileFromJson(v);
    return { file, readable: file !== null && held.has(file.media_id) };
  });
}
