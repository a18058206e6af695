// Device approval and key requests in CryptoSession (docs/security.md, "The
// web app: key backup and key requests"; the shared rules are the C++
// clients' too): a later device of a user waits "not confirmed" until the
// device holding the self-signing key approves it.
import { beforeAll, describe, expect, it } from "vitest";

import { CryptoSession, type SealedMessage, type SessionNotice } from "../../src/e2ee/crypto_session";
import { type Envelope, loadOlm, type Peer } from "../../src/e2ee/device";
import { forwardedKey, keyRequest, parseForwardedKey, parseKeyRequest } from "../../src/e2ee/key_requests";
import type { DeviceState } from "../../src/e2ee/saved_state";
import { FakeServer, MemoryVault } from "./e2ee_fake_server";

beforeAll(async () => {
  await loadOlm();
});

let nextDevice = 0;

async function person(server: FakeServer, user: number, vault = new MemoryVault(), deviceId?: string) {
  const notices: SessionNotice[] = [];
  let arrivals = 0;
  const net = server.connect(user);
  const hooks = { keysArrived: () => void arrivals++, trustChanged: () => {}, notice: (n: SessionNotice) => notices.push(n) };
  const id = deviceId ?? `K${++nextDevice}`;
  const session = await CryptoSession.start(user, net, vault, hooks, { deviceId: () => id });
  return { user, net, vault, session, notices, arrivals: () => arrivals };
}

async function confirmed(s: CryptoSession, user: number, deviceId: string): Promise<boolean | undefined> {
  const [u] = await s.lookup([user], true);
  return u.devices.find((d) => d.device_id === deviceId)?.confirmed;
}

let nextMessage = 900;
function arrived(conversation: number, sender: number, envelope: Envelope): SealedMessage {
  return { id: nextMessage++, conversation_id: conversation, sender_id: sender, text: "", encrypted: envelope };
}

function opened(s: CryptoSession, m: SealedMessage): string {
  s.open(m);
  return m.decrypt_error !== undefined ? `unable: ${m.decrypt_error}` : m.text;
}

// A session's libolm device, to send payloads no honest client would.
function deviceOf(s: CryptoSession) {
  return (s as unknown as { state: DeviceState }).state.device;
}

type Someone = Awaited<ReturnType<typeof person>>;

// from sends payload to to's device over Olm (from must have a session with it).
async function inject(from: Someone, to: Someone, payload: Record<string, unknown>): Promise<void> {
  const target: Peer = to.session.self;
  const envelope = deviceOf(from.session).encryptPayload(payload, [target]);
  const ciphertexts = envelope.ciphertexts as Record<string, unknown>;
  await from.net.request("to_device.send", {
    messages: [{ user_id: target.user, device_id: target.device_id, envelope: { ...envelope, ciphertexts } }],
  });
}

describe("key request payloads", () => {
  it("builds and reads key_request and forwarded_key as the C++ clients do", () => {
    const r = keyRequest({ conversation_id: 4, session_id: "S", sender_key: "K", owner: 2, owner_device: "D" });
    expect(r).toMatchObject({ kind: "key_request", conversation_id: 4, session_id: "S", sender_key: "K", owner: 2, owner_device: "D" });
    expect(String(r.request_id)).toMatch(/^[A-Za-z0-9+/]{22}$/);
    const parsed = parseKeyRequest(r)!;
    const { kind, ...fields } = r;
    expect(kind).toBe("key_request");
    expect(parsed).toEqual(fields);
    expect(parseKeyRequest({ ...r, conversation_id: "4" })).toBeUndefined();
    expect(parseKeyRequest({ ...r, owner_device: "" })).toBeUndefined();
    const key = { v: 1, sender_key: "K", session_id: "S", conversation: 4, owner: 2, owner_device: "D", key: "exported" };
    const f = forwardedKey(parsed, JSON.stringify(key));
    expect(f).toEqual({ kind: "forwarded_key", request_id: r.request_id, conversation_id: 4, session_id: "S", key });
    expect(parseForwardedKey(f)).toEqual({ json: JSON.stringify(key), senderKey: "K", sessionId: "S" });
    expect(parseForwardedKey({ ...f, session_id: "T" })).toBeUndefined();
    expect(parseForwardedKey({ ...f, conversation_id: 5 })).toBeUndefined();
    expect(parseForwardedKey({ ...f, key: "not an object" })).toBeUndefined();
  });
});

describe("device approval", () => {
  it("leaves a later device unconfirmed, with the same signing key, until the key's device approves it", async () => {
    const server = new FakeServer();
    const vault = new MemoryVault();
    const laptop = await person(server, 1, vault, "LAPTOP");
    const key = laptop.session.ownSigningKey();
    const phone = await person(server, 1);
    const bob = await person(server, 2);
    // No new key: contacts see no change; the phone holds no key.
    expect((await bob.session.lookup([1], true))[0].signingKey).toBe(key);
    expect(phone.session.holdsSigningKey()).toBe(false);
    expect(await confirmed(bob.session, 1, phone.session.self.device_id)).toBe(false);
    expect(await confirmed(bob.session, 1, "LAPTOP")).toBe(true);

    // Refused where the key is not held; a restart of the laptop signs nothing by itself.
    await expect(phone.session.approveDevice(phone.session.self.device_id)).rejects.toMatchObject({ code: "NOT_ALLOWED" });
    laptop.session.free();
    const again = await person(server, 1, vault, "LAPTOP");
    expect(await confirmed(bob.session, 1, phone.session.self.device_id)).toBe(false);
    await expect(again.session.approveDevice("NO-SUCH-DEVICE")).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(again.session.holdsSigningKey()).toBe(true);
    await again.session.approveDevice(phone.session.self.device_id);
    expect(await confirmed(bob.session, 1, phone.session.self.device_id)).toBe(true);
    expect(await confirmed(bob.session, 1, "LAPTOP")).toBe(true);
    expect(bob.session.trustOf(1)).toBe("unverified");
  });
});

describe("key requests", () => {
  // Dana's laptop holds the signing key; her phone arrives after Erin's
  // first message, so it lacks that message's group key.
  async function setting(approvePhone: boolean) {
    const server = new FakeServer();
    const laptop = await person(server, 1);
    const erin = await person(server, 2);
    const old = await erin.session.encryptFor(30, [1, 2], "before the phone");
    await laptop.session.catchUp();
    const phone = await person(server, 1);
    if (approvePhone) await laptop.session.approveDevice(phone.session.self.device_id);
    await phone.session.lookup([2]);
    await erin.session.devicesChanged(1);
    return { server, laptop, erin, phone, old };
  }

  it("fetches a missing key from the user's confirmed device, and the message opens", async () => {
    const { laptop, phone, old } = await setting(true);
    const m = arrived(30, 2, old);
    expect(opened(phone.session, m)).toBe("unable: the key has not arrived (yet)");
    await phone.session.catchUp(); // runs after the request on the session's queue
    expect(opened(phone.session, m)).toBe("unable: the key has not arrived (yet); asked your other devices");
    const before = phone.arrivals();
    await laptop.session.catchUp();
    await phone.session.catchUp();
    expect(phone.arrivals()).toBeGreaterThan(before);
    expect(opened(phone.session, m)).toBe("before the phone");
    expect(laptop.notices).toEqual([]);
  });

  it("asks once per session per run, again after a reconnect", async () => {
    const { server, phone, old } = await setting(true);
    opened(phone.session, arrived(30, 2, old));
    await phone.session.catchUp();
    const mark = server.log.length;
    opened(phone.session, arrived(30, 2, old));
    await phone.session.catchUp();
    expect(server.log.slice(mark)).not.toContain("1:to_device.send");
    phone.session.forgetKeyRequests();
    opened(phone.session, arrived(30, 2, old));
    await phone.session.catchUp();
    expect(server.log.slice(mark)).toContain("1:to_device.send");
  });

  it("does not answer a device that is not confirmed, and says so locally", async () => {
    const { server, laptop, phone, old } = await setting(false);
    const m = arrived(30, 2, old);
    opened(phone.session, m);
    await phone.session.catchUp();
    expect(opened(phone.session, m)).toMatch(/asked your other devices$/);
    await laptop.session.catchUp();
    expect(laptop.notices).toEqual([{ kind: "key_request_refused", device_id: phone.session.self.device_id, reason: "not confirmed" }]);
    expect(server.waiting(1, phone.session.self.device_id)).toEqual([]);
    await phone.session.catchUp();
    expect(opened(phone.session, m)).toMatch(/^unable/);
  });

  it("accepts a forwarded key only from a confirmed device of the user, for the session it names", async () => {
    const { server, laptop, erin, phone, old } = await setting(true);
    const m = arrived(30, 2, old);
    const real = deviceOf(laptop.session).exportGroupKey(erin.session.self.curve25519, String(old.session_id))!;
    const offer = { kind: "forwarded_key", request_id: "r1", conversation_id: 30, session_id: old.session_id, key: JSON.parse(real) as unknown };
    // Olm sessions to the phone from Erin and the laptop.
    await erin.session.encryptFor(31, [1, 2], "x");
    await laptop.session.encryptFor(32, [1], "y");
    await phone.session.catchUp();

    // Another user's: refused; and a request from another user is not answered.
    await inject(erin, phone, offer);
    await inject(erin, laptop, { kind: "key_request", request_id: "q1", conversation_id: 30, session_id: old.session_id, sender_key: erin.session.self.curve25519, owner: 2, owner_device: erin.session.self.device_id });
    await laptop.session.catchUp();
    expect(laptop.notices).toContainEqual({ kind: "key_request_refused", device_id: erin.session.self.device_id, reason: "another user" });
    expect(server.waiting(2, erin.session.self.device_id)).toEqual([]);
    await phone.session.catchUp();
    expect(opened(phone.session, m)).toMatch(/^unable/);
    // Naming another session than its key's, or another conversation: refused.
    await inject(laptop, phone, { ...offer, session_id: "another-session" });
    await inject(laptop, phone, { ...offer, conversation_id: 31 });
    await phone.session.catchUp();
    expect(opened(phone.session, m)).toMatch(/^unable/);
    // The same from the confirmed laptop, unasked: imported.
    await inject(laptop, phone, offer);
    await phone.session.catchUp();
    expect(opened(phone.session, m)).toBe("before the phone");
  });

  it("refuses a forwarded key sent by a device of the user's that is not confirmed", async () => {
    const { laptop, erin, phone } = await setting(false);
    // A group key only Erin holds: a conversation of hers alone.
    const hers = await erin.session.encryptFor(41, [2], "only Erin has this key");
    const key = deviceOf(erin.session).exportGroupKey(erin.session.self.curve25519, String(hers.session_id))!;
    const offer = { kind: "forwarded_key", request_id: "r2", conversation_id: 41, session_id: hers.session_id, key: JSON.parse(key) as unknown };
    await phone.session.encryptFor(33, [1], "an Olm session to the laptop");
    await laptop.session.catchUp();
    const m = arrived(41, 2, hers);

    await inject(phone, laptop, offer);
    await laptop.session.catchUp();
    expect(opened(laptop.session, m)).toMatch(/^unable/);
    // Once approved, the same offer counts.
    await laptop.session.approveDevice(phone.session.self.device_id);
    await inject(phone, laptop, { ...offer, request_id: "r3" });
    await laptop.session.catchUp();
    expect(opened(laptop.session, m)).toBe("only Erin has this key");
  });

  it("answers each request id once, and at most 100 requests per run", async () => {
    const { server, laptop, erin, phone, old } = await setting(true);
    await phone.session.encryptFor(34, [1], "an Olm session to the laptop");
    await laptop.session.catchUp();
    const ask = (id: string) => ({ kind: "key_request", request_id: id, conversation_id: 30, session_id: old.session_id, sender_key: erin.session.self.curve25519, owner: 2, owner_device: erin.session.self.device_id });
    await inject(phone, laptop, ask("same"));
    await inject(phone, laptop, ask("same"));
    await laptop.session.catchUp();
    expect(server.waiting(1, phone.session.self.device_id)).toHaveLength(1);
    for (let i = 0; i < 100; i++) await inject(phone, laptop, ask(`r${i}`));
    await laptop.session.catchUp();
    expect(server.waiting(1, phone.session.self.device_id)).toHaveLength(100);
    expect(laptop.notices).toEqual([{ kind: "key_request_refused", device_id: phone.session.self.device_id, reason: "too many" }]);
  });
});
