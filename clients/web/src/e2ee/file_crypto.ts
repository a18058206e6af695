// Files in encrypted conversations (docs/security.md, "Encrypted files"):
// each file is sealed with its own random key, XChaCha20-Poly1305 (IETF)
// with a random 24-byte nonce and the associated data "natter-file-v1"; the
// server stores the ciphertext and the key travels inside the Megolm
// message. The same construction as the C++ clients' client/e2ee/file_crypto.hpp.

import sodium from "libsodium-wrappers-sumo";

const associated = "natter-file-v1";

/** The largest file that can be sealed: the server's default upload limit (25 MiB) counts the 16-byte tag. */
export const maxSealedPlain = 25 * 1024 * 1024 - 16;

export interface SealedFile {
  ciphertext: Uint8Array;
  key: Uint8Array; // 32 bytes
  nonce: Uint8Array; // 24 bytes
}

/** A fresh key and nonce, and the bytes to upload. */
export async function sealFile(plain: Uint8Array): Promise<SealedFile> {
  if (plain.length > maxSealedPlain) throw new RangeError("file too large to encrypt");
  await sodium.ready;
  const key = sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
  const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, associated, null, nonce, key);
  return { ciphertext, key, nonce };
}

/** The file's bytes; null when they were changed or damaged (or the key is wrong). */
export async function openFile(ciphertext: Uint8Array, key: Uint8Array, nonce: Uint8Array): Promise<Uint8Array | null> {
  await sodium.ready;
  if (key.length !== sodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES) return null;
  if (nonce.length !== sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) return null;
  try {
    return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, associated, nonce, key);
  } catch {
    return null;
  }
}
