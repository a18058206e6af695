// Key backup: the same construction as the C++ clients' client/e2ee/backup.hpp
// (docs/security.md, "Key backup"), with libsodium compiled to WebAssembly:
// Argon2id of the recovery passphrase with a random salt gives the key; each
// entry is XChaCha20-Poly1305 with a random nonce and the associated data
// "natter-backup-v1\n<entry id>", stored as unpadded base64 of nonce ||
// ciphertext; auth_data says how to derive the key and carries a check.

import sodium from "libsodium-wrappers-sumo";

export interface Argon2Cost {
  ops: number;
  mem: number;
}

export const defaultCost: Argon2Cost = { ops: 3, mem: 64 << 20 };

const checkEntry = "check";

function associated(entryId: string): string {
  return `natter-backup-v1\n${entryId}`;
}

export class BackupKey {
  private constructor(private readonly key: Uint8Array) {}

  /** A new backup: its key and the auth_data to publish with it. */
  static async create(passphrase: string, cost: Argon2Cost = defaultCost): Promise<{ key: BackupKey; authData: string }> {
    await sodium.ready;
    const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
    const key = new BackupKey(
      sodium.crypto_pwhash(32, passphrase, salt, cost.ops, cost.mem, sodium.crypto_pwhash_ALG_ARGON2ID13),
    );
    const authData = JSON.stringify({
      v: 1,
      alg: "natter.backup.v1",
      salt: sodium.to_base64(salt, sodium.base64_variants.ORIGINAL_NO_PADDING),
      ops: cost.ops,
      mem: cost.mem,
      check: key.seal(checkEntry, ""),
    });
    return { key, authData };
  }

  /** The key of an existing backup; undefined for a wrong passphrase or unknown auth_data. */
  static async open(passphrase: string, authData: string): Promise<BackupKey | undefined> {
    await sodium.ready;
    let a: { v?: unknown; alg?: unknown; salt?: unknown; ops?: unknown; mem?: unknown; check?: unknown };
    try {
      a = JSON.parse(authData) as typeof a;
    } catch {
      return undefined;
    }
    if (a.v !== 1 || a.alg !== "natter.backup.v1" || typeof a.salt !== "string" || typeof a.check !== "string") return undefined;
    if (typeof a.ops !== "number" || typeof a.mem !== "number" || a.ops > 10 || a.mem > 1 << 30) return undefined;
    let key: BackupKey;
    try {
      const salt = sodium.from_base64(a.salt, sodium.base64_variants.ORIGINAL_NO_PADDING);
      key = new BackupKey(sodium.crypto_pwhash(32, passphrase, salt, a.ops, a.mem, sodium.crypto_pwhash_ALG_ARGON2ID13));
    } catch {
      return undefined;
    }
    return key.unseal(checkEntry, a.check) === undefined ? undefined : key;
  }

  /** The 32 key bytes, to keep in the device's sealed state (never anywhere else). */
  raw(): Uint8Array {
    return this.key.slice();
  }

  /** A key kept by raw(); sodium must be ready (any create/open has awaited it). */
  static async fromRaw(key: Uint8Array): Promise<BackupKey> {
    await sodium.ready;
    return new BackupKey(key.slice());
  }

  seal(entryId: string, plaintext: string): string {
    const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associated(entryId), null, nonce, this.key);
    const out = new Uint8Array(nonce.length + sealed.length);
    out.set(nonce);
    out.set(sealed, nonce.length);
    return sodium.to_base64(out, sodium.base64_variants.ORIGINAL_NO_PADDING);
  }

  unseal(entryId: string, sealed: string): string | undefined {
    try {
      const raw = sodium.from_base64(sealed, sodium.base64_variants.ORIGINAL_NO_PADDING);
      const n = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
      return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, raw.subarray(n), associated(entryId), raw.subarray(0, n), this.key, "text");
    } catch {
      return undefined;
    }
  }
}
