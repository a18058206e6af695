// Files of encrypted messages are downloaded and opened once per run, a
// damaged one is reported as such, and a failed download is tried again.
import { describe, expect, it } from "vitest";

import { openFile, sealFile } from "../../src/e2ee/file_crypto";
import type { EncryptedFile } from "../../src/e2ee/file_entries";
import { OpenedFiles } from "../../src/state/opened_files";

const plain = new TextEncoder().encode("secret bytes");

async function stored(): Promise<{ f: EncryptedFile; ciphertext: Uint8Array }> {
  const s = await sealFile(plain);
  return { f: { media_id: "m".repeat(22), key: s.key, nonce: s.nonce, name: "a.txt", mime: "text/plain", size: plain.length }, ciphertext: s.ciphertext };
}

function server(bytes: () => Uint8Array) {
  const fetched: string[] = [];
  return { fetched, fetch: (id: string) => (fetched.push(id), Promise.resolve(new Blob([bytes() as Uint8Array<ArrayBuffer>]))) };
}

describe("opened files", () => {
  it("opens a file once and answers again from what it holds", async () => {
    const { f, ciphertext } = await stored();
    const s = server(() => ciphertext);
    const files = new OpenedFiles(s.fetch, openFile);
    const blob = await files.get(f, "text/plain");
    expect(new Uint8Array(await blob!.arrayBuffer())).toEqual(plain);
    expect(blob!.type).toBe("text/plain");
    await files.get(f, "text/plain");
    expect(s.fetched).toHaveLength(1);
  });

  it("says damaged when a byte changed, the key is another or the size is not the entry's", async () => {
    const { f, ciphertext } = await stored();
    const changed = ciphertext.slice();
    changed[3] ^= 1;
    expect(await new OpenedFiles(server(() => changed).fetch, openFile).get(f, "")).toBeNull();
    expect(await new OpenedFiles(server(() => ciphertext).fetch, openFile).get({ ...f, key: new Uint8Array(32) }, "")).toBeNull();
    expect(await new OpenedFiles(server(() => ciphertext).fetch, openFile).get({ ...f, size: f.size + 1 }, "")).toBeNull();
  });

  it("tries a failed download again", async () => {
    const { f, ciphertext } = await stored();
    let fail = true;
    const files = new OpenedFiles(() => (fail ? Promise.reject(new Error("offline")) : Promise.resolve(new Blob([ciphertext as Uint8Array<ArrayBuffer>]))), openFile);
    await expect(files.get(f, "")).rejects.toThrow("offline");
    fail = false;
    expect(await files.get(f, "")).not.toBeNull();
  });

  it("keeps at most its limit of files, dropping the oldest", async () => {
    const { f, ciphertext } = await stored();
    const s = server(() => ciphertext);
    const files = new OpenedFiles(s.fetch, openFile, { files: 2, bytes: 1_000 });
    const ids = ["a", "b", "c"].map((c) => c.repeat(22));
    for (const id of ids) await files.get({ ...f, media_id: id }, "");
    expect(files.size).toBe(2);
    await files.get({ ...f, media_id: ids[0] }, "");
    expect(s.fetched).toEqual([...ids, ids[0]]);
  });
});
