import { describe, expect, it } from "vitest";

import { openFile, sealFile } from "../../src/e2ee/file_crypto";

describe("file_crypto", () => {
  const plain = new TextEncoder().encode("a picture's bytes");

  it("opens what it sealed, with a fresh key and nonce each time", async () => {
    const a = await sealFile(plain);
    const b = await sealFile(plain);
    expect(a.ciphertext.length).toBe(plain.length + 16);
    expect(Buffer.from(a.key).equals(Buffer.from(b.key))).toBe(false);
    expect(Buffer.from(a.ciphertext).equals(Buffer.from(b.ciphertext))).toBe(false);
    expect(await openFile(a.ciphertext, a.key, a.nonce)).toEqual(plain);
  });

  it("refuses a changed byte, a wrong key, a wrong nonce and short keys", async () => {
    const s = await sealFile(plain);
    const changed = s.ciphertext.slice();
    changed[3] = (changed[3] ?? 0) ^ 1;
    expect(await openFile(changed, s.key, s.nonce)).toBeNull();
    const other = await sealFile(plain);
    expect(await openFile(s.ciphertext, other.key, s.nonce)).toBeNull();
    expect(await openFile(s.ciphertext, s.key, other.nonce)).toBeNull();
    expect(await openFile(s.ciphertext, s.key.slice(0, 16), s.nonce)).toBeNull();
    expect(await openFile(s.ciphertext, s.key, s.nonce.slice(0, 12))).toBeNull();
    expect(await openFile(s.ciphertext.slice(0, 10), s.key, s.nonce)).toBeNull();
  });

  it("gives the known answer the C++ clients also check", async () => {
    // key 00..1f, nonce 100..123, "natter file" (client/e2ee/file_crypto tests hold the same).
    const key = new Uint8Array(32).map((_, i) => i);
    const nonce = new Uint8Array(24).map((_, i) => 100 + i);
    const sealed = Buffer.from("12128dc49a5ca9e4ee5cf869b4bf26fee4d97d8396486b421f681d", "hex");
    expect(new TextDecoder().decode((await openFile(sealed, key, nonce)) ?? new Uint8Array())).toBe("natter file");
  });
});
