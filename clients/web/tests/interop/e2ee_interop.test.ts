// The web app's e2ee (libolm as WebAssembly) against the C++ clients'
// (client/e2ee with Debian's libolm), each reading what the other writes:
// first messages setting up sessions in both directions, both sides starting
// at once, messages out of order, group keys shared both ways, rotation
// keeping a removed member out, replays and corruption refused. The C++ side
// is tests/client/support/e2ee_peer, whose path ctest passes in E2EE_PEER.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface, type Interface } from "node:readline";

import { afterEach, beforeAll, describe, expect, it } from "vitest";

import { type ClaimedKey, type Decrypted, E2eeDevice, type Envelope, type KeysUpload, loadOlm, type Peer } from "../../src/e2ee/device";
import { BackupKey } from "../../src/e2ee/backup";
import { checkUserKeys, safetyNumber, SelfSigning, type UserKeys } from "../../src/e2ee/trust";

const t0 = 1_800_000_000_000;

type Reply = Record<string, unknown>;

/** One C++ device in a child process. */
class CppDevice {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly waiting: ((line: string) => void)[] = [];
  self!: Peer;

  constructor() {
    const path = process.env.E2EE_PEER;
    if (!path) throw new Error("E2EE_PEER must name the e2ee_peer program (ctest sets it)");
    this.child = spawn(path, [], { stdio: ["pipe", "pipe", "pipe"] });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on("line", (line) => this.waiting.shift()?.(line));
  }

  async call(request: Reply): Promise<Reply> {
    const line = await new Promise<string>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
    const reply = JSON.parse(line) as Reply;
    if (reply.error) throw new Error(`e2ee_peer: ${String(reply.error)}`);
    return reply;
  }

  async create(user: number, device: string): Promise<void> {
    this.self = (await this.call({ op: "create", user, device })).self as Peer;
  }
  async upload(count: number): Promise<KeysUpload> {
    return (await this.call({ op: "upload", count })).upload as KeysUpload;
  }
  async start(peer: Peer, key: ClaimedKey): Promise<boolean> {
    return (await this.call({ op: "start", peer, key })).ok as boolean;
  }
  async encrypt(body: string, to: Peer[]): Promise<Envelope> {
    return (await this.call({ op: "encrypt", body, to })).envelope as Envelope;
  }
  async decrypt(envelope: Envelope, sender: Peer): Promise<Reply> {
    return this.call({ op: "decrypt", envelope, sender });
  }
  async groupEncrypt(conversation: number, body: string): Promise<Envelope> {
    return (await this.call({ op: "group_encrypt", conversation, body, now: t0 })).envelope as Envelope;
  }
  async share(conversation: number, to: Peer[]): Promise<Envelope> {
    return (await this.call({ op: "share", conversation, to })).envelope as Envelope;
  }
  async groupDecrypt(conversation: number, messageId: number, envelope: Envelope, sender: Peer): Promise<Reply> {
    return this.call({ op: "group_decrypt", conversation, message_id: messageId, envelope, sender });
  }
  async rotate(conversation: number): Promise<void> {
    await this.call({ op: "rotate", conversation });
  }
  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

function claimOf(owner: Peer, up: KeysUpload, i = 0): ClaimedKey {
  return { ...up.one_time_keys[i], user_id: owner.user, device_id: owner.device_id, fallback: false };
}

function body(d: Decrypted): string {
  if (!d.ok) throw new Error(`unable to decrypt: ${d.why} ${d.detail}`);
  return d.value.body;
}

const open: { cpp: CppDevice[]; web: E2eeDevice[] } = { cpp: [], web: [] };

async function cppDevice(user: number, device: string): Promise<CppDevice> {
  const d = new CppDevice();
  open.cpp.push(d);
  await d.create(user, device);
  return d;
}

function webDevice(user: number, device: string): E2eeDevice {
  const d = E2eeDevice.create(user, device);
  open.web.push(d);
  return d;
}

beforeAll(async () => {
  await loadOlm();
});

afterEach(() => {
  for (const d of open.cpp) d.close();
  for (const d of open.web) d.free();
  open.cpp = [];
  open.web = [];
});

describe("e2ee interop, C++ and WebAssembly", () => {
  it("a C++ first message sets up the session; the browser replies; out of order reads", async () => {
    const alice = await cppDevice(1, "terminal");
    const bob = webDevice(2, "browser");
    const bobKeys = bob.upload(5);
    bob.published();
    expect(await alice.start(bob.self, claimOf(bob.self, bobKeys))).toBe(true);
    const first = await alice.encrypt("hello from C++", [bob.self]);
    expect(body(bob.decrypt(first, alice.self))).toBe("hello from C++");
    expect(await alice.decrypt(bob.encrypt("hello from the browser", [alice.self]), bob.self)).toMatchObject({
      ok: true,
      body: "hello from the browser",
    });
    const later = [];
    for (let i = 0; i < 4; i++) later.push(await alice.encrypt(`m${i}`, [bob.self]));
    expect(body(bob.decrypt(later[3], alice.self))).toBe("m3");
    expect(body(bob.decrypt(later[0], alice.self))).toBe("m0");
    expect(bob.decrypt(later[0], alice.self)).toMatchObject({ ok: false, why: "bad_message" });
  });

  it("a browser first message sets up the session; both starting at once still talk", async () => {
    const alice = webDevice(1, "browser");
    const bob = await cppDevice(2, "terminal");
    const aliceKeys = alice.upload(3);
    alice.published();
    const bobKeys = await bob.upload(3);
    expect(alice.startSession(bob.self, claimOf(bob.self, bobKeys))).toBe(true);
    expect(await bob.start(alice.self, claimOf(alice.self, aliceKeys))).toBe(true);
    const fromAlice = alice.encrypt("a->b", [bob.self]);
    const fromBob = await bob.encrypt("b->a", [alice.self]);
    expect(await bob.decrypt(fromAlice, alice.self)).toMatchObject({ ok: true, body: "a->b" });
    expect(body(alice.decrypt(fromBob, bob.self))).toBe("b->a");
    expect(body(alice.decrypt(await bob.encrypt("later", [alice.self]), bob.self))).toBe("later");
  });

  it("a key signed by another device starts no session on either side", async () => {
    const cpp = await cppDevice(1, "terminal");
    const web = webDevice(2, "browser");
    const webKeys = web.upload(2);
    const otherKey = E2eeDevice.create(3, "other");
    open.web.push(otherKey);
    const swapped = { ...claimOf(web.self, webKeys), curve25519: otherKey.upload(1).one_time_keys[0].curve25519 };
    expect(await cpp.start(web.self, swapped)).toBe(false);
    const cppKeys = await cpp.upload(2);
    const swappedBack = { ...claimOf(cpp.self, cppKeys), curve25519: otherKey.upload(1).one_time_keys[0].curve25519 };
    expect(web.startSession(cpp.self, swappedBack)).toBe(false);
  });

  it("a group on both kinds of client: keys both ways, rotation keeps a removed member out", async () => {
    const c = 77;
    const alice = await cppDevice(1, "terminal");
    const bob = webDevice(2, "browser");
    const carol = webDevice(3, "browser");
    const bobKeys = bob.upload(2);
    const carolKeys = carol.upload(2);
    bob.published();
    carol.published();
    expect(await alice.start(bob.self, claimOf(bob.self, bobKeys))).toBe(true);
    expect(await alice.start(carol.self, claimOf(carol.self, carolKeys))).toBe(true);

    const m1 = await alice.groupEncrypt(c, "to everyone");
    const share = await alice.share(c, [bob.self, carol.self]);
    expect(bob.decrypt(share, alice.self)).toMatchObject({ ok: true, value: { groupKey: true } });
    expect(carol.decrypt(share, alice.self)).toMatchObject({ ok: true, value: { groupKey: true } });
    expect(body(bob.groupDecrypt(c, 1, m1, alice.self))).toBe("to everyone");
    expect(body(carol.groupDecrypt(c, 1, m1, alice.self))).toBe("to everyone");

    // bob's own group session, shared back to the C++ device over the session alice started.
    expect(body(bob.decrypt(await alice.encrypt("ping", [bob.self]), alice.self))).toBe("ping");
    const b1 = bob.groupEncrypt(c, "from the browser", t0);
    const bobShare = bob.shareGroupKey(c, [alice.self]);
    expect(await alice.decrypt(bobShare, bob.self)).toMatchObject({ ok: true, group_key: true });
    expect(await alice.groupDecrypt(c, 2, b1, bob.self)).toMatchObject({ ok: true, body: "from the browser" });
    expect(await alice.groupDecrypt(c, 3, b1, bob.self)).toMatchObject({ ok: false, why: "corrupted or replayed" });

    await alice.rotate(c); // carol was removed
    const m2 = await alice.groupEncrypt(c, "after carol left");
    expect(body(bob.decrypt(await alice.share(c, [bob.self]), alice.self)).length).toBe(0);
    expect(body(bob.groupDecrypt(c, 4, m2, alice.self))).toBe("after carol left");
    expect(carol.groupDecrypt(c, 4, m2, alice.self)).toMatchObject({ ok: false, why: "missing_group_key" });
  });

  it("corrupted and forged envelopes are refused with their reason on the C++ side", async () => {
    const alice = webDevice(1, "browser");
    const bob = await cppDevice(2, "terminal");
    const bobKeys = await bob.upload(2);
    expect(alice.startSession(bob.self, claimOf(bob.self, bobKeys))).toBe(true);
    const env = alice.encrypt("secret", [bob.self]);
    const cipher = (env.ciphertexts as Record<string, { type: number; body: string }>)[`2:terminal`];
    const mid = Math.floor(cipher.body.length / 2);
    const corrupted = {
      ...env,
      ciphertexts: { "2:terminal": { ...cipher, body: cipher.body.slice(0, mid) + (cipher.body[mid] === "A" ? "B" : "A") + cipher.body.slice(mid + 1) } },
    };
    // A corrupted first message must not use up the one-time key: the real one still opens.
    expect(await bob.decrypt(corrupted, alice.self)).toMatchObject({ ok: false, why: "corrupted or replayed" });
    expect(await bob.decrypt(env, alice.self)).toMatchObject({ ok: true, body: "secret" });
    expect(await bob.decrypt(env, alice.self)).toMatchObject({ ok: false, why: "corrupted or replayed" });
    const next = alice.encrypt("next", [bob.self]);
    expect(await bob.decrypt(next, { ...alice.self, user: 9 })).toMatchObject({ ok: false, why: "claims another sender or recipient" });
    expect(await bob.decrypt({ ...alice.encrypt("v2", [bob.self]), v: 2 }, alice.self)).toMatchObject({
      ok: false,
      why: "sent by a newer client (unknown envelope)",
    });
  });

  it("a device list signed on one kind of client is checked on the other; safety numbers agree", async () => {
    const cpp = await cppDevice(5, "terminal");
    const web = webDevice(5, "browser");
    const cppUp = await cpp.upload(0);
    const webUp = web.upload(0);
    const devices = [
      { device_id: "browser", curve25519: webUp.curve25519, ed25519: webUp.ed25519, signature: webUp.signature },
      { device_id: "terminal", curve25519: cppUp.curve25519, ed25519: cppUp.ed25519, signature: cppUp.signature },
    ];
    // Signed by the C++ side, checked by the web app.
    const fromCpp = await cpp.call({ op: "ssk_sign", user: 5, version: 2, devices: [devices[1]] });
    const keys: UserKeys = {
      user_id: 5,
      signing_key: fromCpp.public as string,
      list_version: 2,
      devices,
      signed_list: { version: 2, signature: fromCpp.signature as string, devices: [{ device_id: "terminal", ed25519: cppUp.ed25519 }] },
    };
    expect(checkUserKeys(keys)).toMatchObject({ listValid: true, trusted: [{ device_id: "terminal" }], unsigned: [{ device_id: "browser" }] });
    // Signed by the web app, checked by the C++ side.
    const ssk = new SelfSigning();
    const signed = ssk.signList(5, 3, devices);
    const webKeys: UserKeys = {
      ...keys,
      signing_key: ssk.publicKey,
      list_version: 3,
      signed_list: { ...signed, devices: devices.map((d) => ({ device_id: d.device_id, ed25519: d.ed25519 })) },
    };
    expect(await cpp.call({ op: "check", keys: webKeys })).toMatchObject({ list_valid: true, trusted: ["browser", "terminal"] });
    expect(await cpp.call({ op: "check", keys: { ...webKeys, signing_key: fromCpp.public } })).toMatchObject({ list_valid: false, trusted: [] });
    const number = await safetyNumber(5, ssk.publicKey, 6, fromCpp.public as string);
    expect((await cpp.call({ op: "safety", a: 6, key_a: fromCpp.public, b: 5, key_b: ssk.publicKey })).number).toBe(number);
    ssk.free();
  });

  it("a key backup made on one kind of client restores on the other", async () => {
    const c = 12;
    const alice = webDevice(1, "browser");
    const bobPhone = await cppDevice(2, "terminal");
    const bobKeys = await bobPhone.upload(1);
    expect(alice.startSession(bobPhone.self, claimOf(bobPhone.self, bobKeys))).toBe(true);
    const old = alice.groupEncrypt(c, "old history", t0);
    expect(await bobPhone.decrypt(alice.shareGroupKey(c, [bobPhone.self]), alice.self)).toMatchObject({ ok: true });

    // Made by the C++ device, restored in the browser.
    const made = await bobPhone.call({ op: "backup", passphrase: "bob's words", ops: 1, mem: 8 << 20 });
    const entries = made.entries as { id: string; sealed: string }[];
    expect(entries.length).toBe(1);
    const bobBrowser = webDevice(2, "browser-2");
    expect(await BackupKey.open("wrong words", made.auth as string)).toBeUndefined();
    const key = await BackupKey.open("bob's words", made.auth as string);
    for (const e of entries) expect(bobBrowser.importGroupKey(key!.unseal(e.id, e.sealed)!)).toBe(true);
    expect(body(bobBrowser.groupDecrypt(c, 1, old, alice.self))).toBe("old history");

    // Made in the browser, restored by a new C++ device.
    const { key: webKey, authData } = await BackupKey.create("other words", { ops: 1, mem: 8 << 20 });
    const webEntries = bobBrowser.exportGroupKeys().map((e) => ({ id: e.sessionId, sealed: webKey.seal(e.sessionId, e.json) }));
    const bobTerminal = await cppDevice(2, "terminal-2");
    expect(await bobTerminal.call({ op: "restore", passphrase: "wrong", auth: authData, entries: webEntries })).toMatchObject({ ok: false });
    expect(await bobTerminal.call({ op: "restore", passphrase: "other words", auth: authData, entries: webEntries })).toMatchObject({ ok: true, imported: 1 });
    expect(await bobTerminal.groupDecrypt(c, 1, old, alice.self)).toMatchObject({ ok: true, body: "old history" });
  });
});
