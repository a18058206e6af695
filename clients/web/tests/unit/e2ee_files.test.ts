// The `files` of an encrypted message (docs/security.md, "Encrypted files"):
// what a sender writes, what a reader accepts, and that a group message
// carries them through a real CryptoSession.
import { beforeAll, describe, expect, it } from "vitest";

import { CryptoSession, type SealedMessage } from "../../src/e2ee/crypto_session";
import { loadOlm } from "../../src/e2ee/device";
import {
  type EncryptedFile,
  fileEntries,
  fileFromJson,
  fileToJson,
  fromBase64,
  isInlinePicture,
  plainMime,
  plainName,
  saveName,
  toBase64,
} from "../../src/e2ee/file_entries";
import { maxSealedPlain, openFile } from "../../src/e2ee/file_crypto";
import { filesOf, sealUpload } from "../../src/e2ee/sealed_upload";
import type { Upload } from "../../src/state/uploads";
import { FakeServer, MemoryVault } from "./e2ee_fake_server";

const idA = "AAAAAAAAAAAAAAAAAAAAAA";
const idB = "Bbbbbbbbbbbbbbbbbbbbb_";

function file(over: Partial<EncryptedFile> = {}): EncryptedFile {
  return {
    media_id: idA,
    key: Uint8Array.from({ length: 32 }, (_, i) => i),
    nonce: Uint8Array.from({ length: 24 }, (_, i) => 100 + i),
    name: "photo.jpg",
    mime: "image/jpeg",
    size: 1234,
    ...over,
  };
}

function entry(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...fileToJson(file()), ...over };
}

describe("file entries", () => {
  it("writes key and nonce as unpadded standard base64 and reads them back", () => {
    const json = fileToJson(file({ width: 800, height: 600 }));
    expect(json.key).toBe("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
    expect(String(json.nonce)).not.toContain("=");
    expect(json).toMatchObject({ media_id: idA, name: "photo.jpg", mime: "image/jpeg", size: 1234, width: 800, height: 600 });
    expect(fileFromJson(json)).toEqual(file({ width: 800, height: 600 }));
  });

  it("accepts padded base64 and refuses what is not base64", () => {
    expect(fromBase64("AAECAw==")).toEqual(Uint8Array.from([0, 1, 2, 3]));
    expect(fromBase64("AAECAw")).toEqual(Uint8Array.from([0, 1, 2, 3]));
    expect(fromBase64("AAECAw=")).toBeNull();
    expect(fromBase64("AAEC-w")).toBeNull();
    expect(fromBase64("AAE CAw")).toBeNull();
    expect(fromBase64("A")).toBeNull();
    expect(toBase64(Uint8Array.from([0, 1, 2, 3]))).toBe("AAECAw");
    const padded = entry({ key: `${String(entry().key)}=` });
    expect(fileFromJson(padded)).not.toBeNull();
  });

  it("refuses entries with a bad field, and ignores unknown ones", () => {
    const bad: Record<string, unknown>[] = [
      { media_id: "short" },
      { media_id: 7 },
      { key: "AAEC" },
      { key: "not base64!" },
      { nonce: toBase64(new Uint8Array(12)) },
      { name: "" },
      { name: "x".repeat(256) },
      { name: 3 },
      { mime: "image/JPEG" },
      { mime: "image" },
      { mime: `a/${"b".repeat(100)}` },
      { size: -1 },
      { size: 1.5 },
      { size: maxSealedPlain + 1 },
      { size: "12" },
      { width: 0 },
      { height: 100_001 },
    ];
    for (const over of bad) expect(fileFromJson(entry(over)), JSON.stringify(over)).toBeNull();
    expect(fileFromJson(null)).toBeNull();
    expect(fileFromJson([entry()])).toBeNull();
    expect(fileFromJson(entry({ name: "é".repeat(127), colour: "red" }))).not.toBeNull();
  });

  it("reads an entry only when its media id is among the message's attachments", () => {
    const raw = [entry(), entry({ media_id: idB }), entry({ size: -1 })];
    const shown = fileEntries(raw, [idA])!;
    expect(shown.map((e) => e.readable)).toEqual([true, false, false]);
    expect(shown[1].file?.media_id).toBe(idB);
    expect(shown[2].file).toBeNull();
    expect(fileEntries(raw, [])!.every((e) => !e.readable)).toBe(true);
  });

  it("turns a files value that is not 1..10 entries into unreadable entries, never an error", () => {
    expect(fileEntries(undefined, [idA])).toBeUndefined();
    for (const raw of [null, "x", {}, [], 3]) expect(fileEntries(raw, [idA])).toEqual([{ file: null, readable: false }]);
    const eleven = Array.from({ length: 11 }, () => entry());
    const shown = fileEntries(eleven, [idA])!;
    expect(shown).toHaveLength(10);
    expect(shown.every((e) => !e.readable)).toBe(true);
  });

  it("shows inline only png, jpeg, gif and webp", () => {
    for (const mime of ["image/png", "image/jpeg", "image/gif", "image/webp"]) expect(isInlinePicture(file({ mime }))).toBe(true);
    for (const mime of ["image/svg+xml", "text/html", "application/octet-stream", "image/bmp"]) expect(isInlinePicture(file({ mime }))).toBe(false);
  });

  it("writes a name without its directory and a lower-case type, and saves under a harmless name", () => {
    expect(plainName("C:\\Users\\a\\report.pdf")).toBe("report.pdf");
    expect(plainName("dir/photo.png")).toBe("photo.png");
    expect(new TextEncoder().encode(plainName("é".repeat(300))).length).toBeLessThanOrEqual(255);
    expect(plainName("")).toBe("file");
    expect(plainMime("Image/PNG")).toBe("image/png");
    expect(plainMime("")).toBe("application/octet-stream");
    expect(plainMime("text/plain; charset=utf-8")).toBe("application/octet-stream");
    expect(saveName(".bashrc")).toBe("_bashrc");
    expect(saveName("a/b\\c\u0007d")).toBe("a_b_c_d");
  });
});

describe("sealed uploads", () => {
  function upload(over: Partial<Upload>): Upload {
    return { key: "k", uploadId: "u", file: new Blob(["x"]), name: "x", purpose: "encrypted", state: "done", loaded: 1, total: 1, media: null, error: null, ...over };
  }

  it("seals a file under its own name and type, and the ciphertext opens to its bytes", async () => {
    const plain = new TextEncoder().encode("the report");
    const s = await sealUpload(new Blob([plain], { type: "Text/Plain" }), "dir/report.txt");
    expect(s).toMatchObject({ name: "report.txt", mime: "text/plain", size: plain.length });
    const ciphertext = new Uint8Array(await s.ciphertext.arrayBuffer());
    expect(ciphertext.length).toBe(plain.length + 16);
    expect(await openFile(ciphertext, s.key, s.nonce)).toEqual(plain);
  });

  it("builds the files value from stored sealed uploads, in order, and refuses plain ones", async () => {
    const a = await sealUpload(new Blob(["aaa"], { type: "image/png" }), "a.png");
    const b = await sealUpload(new Blob(["bb"]), "b.bin");
    const ups = [upload({ sealed: Promise.resolve(a), media: { id: idA } as Upload["media"] }), upload({ sealed: Promise.resolve(b), media: { id: idB } as Upload["media"] })];
    const files = (await filesOf(ups))!;
    expect(files.map((f) => fileFromJson(f)?.media_id)).toEqual([idA, idB]);
    expect(fileFromJson(files[0])).toMatchObject({ name: "a.png", mime: "image/png", size: 3, key: a.key });
    expect(files[1].mime).toBe("application/octet-stream");
    expect(await filesOf([upload({ purpose: "attachment", media: { id: idA } as Upload["media"] })])).toBeNull();
    expect(await filesOf([upload({ sealed: Promise.resolve(a), media: null })])).toBeNull();
  });
});

describe("files in a group message", () => {
  beforeAll(async () => {
    await loadOlm();
  });

  const quiet = { keysArrived: () => {}, trustChanged: () => {} };
  let nextDevice = 0;
  let nextMessage = 500;

  async function person(server: FakeServer, user: number) {
    const net = server.connect(user);
    return CryptoSession.start(user, net, new MemoryVault(), quiet, { deviceId: () => `F${++nextDevice}` });
  }

  it("carries files to the reader, who keeps the raw value and reads only the attached ones", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const bob = await person(server, 2);
    const raw = [fileToJson(file()), fileToJson(file({ media_id: idB, name: "b.txt", mime: "text/plain" }))];
    const env = await alice.encryptFor(9, [1, 2], "", raw);
    await bob.catchUp();
    const m: SealedMessage = { id: nextMessage++, conversation_id: 9, sender_id: 1, text: "", encrypted: env, attachments: [{ id: idA }] };
    bob.open(m);
    expect(m.decrypt_error).toBeUndefined();
    expect(m.text).toBe("");
    expect(m.files_json).toEqual(raw);
    expect(m.files?.map((e) => e.readable)).toEqual([true, false]);
    expect(m.files?.[0].file).toEqual(file());
  });

  it("opens a message without files with none, and one with a broken files value with its body", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const bob = await person(server, 2);
    await bob.catchUp();
    const plain = await alice.encryptFor(9, [1, 2], "just text");
    await bob.catchUp();
    const m: SealedMessage = { id: nextMessage++, conversation_id: 9, sender_id: 1, text: "", encrypted: plain, attachments: [] };
    bob.open(m);
    expect(m.text).toBe("just text");
    expect(m.files).toBeUndefined();
    expect("files_json" in m && m.files_json === undefined).toBe(true);
    const broken = await alice.encryptFor(9, [1, 2], "caption", { not: "a list" });
    const b: SealedMessage = { id: nextMessage++, conversation_id: 9, sender_id: 1, text: "", encrypted: broken, attachments: [{ id: idA }] };
    bob.open(b);
    expect(b.decrypt_error).toBeUndefined();
    expect(b.text).toBe("caption");
    expect(b.files).toEqual([{ file: null, readable: false }]);
  });
});
