// The web app's end-to-end encryption: one device's Olm account, its Olm
// sessions and its Megolm group sessions, behind one interface. It speaks the
// same envelopes and plaintexts as the C++ clients' e2ee::device
// (client/e2ee/device.hpp; docs/protocol.md, "End-to-end encryption:
// messages"), so either reads the other:
//   olm.v1    {v:1, alg:"olm.v1", sender_device, ciphertexts:{"<user>:<device>":{type, body}}}
//   megolm.v1 {v:1, alg:"megolm.v1", sender_device, session_id, ciphertext}
// Every plaintext names its sender (and, for Olm, its recipient), checked on
// decryption; a group key is accepted only over Olm from its owner.
// libolm (@matrix-org/olm, WebAssembly) sits behind this module only. Call
// free() when done: libolm's objects live on the WebAssembly heap.

import Olm from "@matrix-org/olm";

import { deviceSignedBytes, keySignedBytes } from "./key_formats";

let ready: Promise<void> | undefined;

/** Loads libolm once. wasmUrl: where the browser fetches olm.wasm. */
export function loadOlm(wasmUrl?: string): Promise<void> {
  // olm.js stores its options in an undeclared global (OLM_OPTIONS), which
  // throws inside a strict-mode bundle unless the global exists already.
  const g = globalThis as { OLM_OPTIONS?: unknown };
  if (!("OLM_OPTIONS" in g)) g.OLM_OPTIONS = undefined;
  ready ??= Olm.init(wasmUrl ? { locateFile: () => wasmUrl } : undefined);
  return ready;
}

export interface Peer {
  user: number;
  device_id: string;
  curve25519: string;
  ed25519: string;
}

export interface SignedKey {
  key_id: string;
  curve25519: string;
  signature: string;
}

export interface ClaimedKey extends SignedKey {
  user_id: number;
  device_id: string;
  fallback: boolean;
}

export interface KeysUpload {
  device_id: string;
  curve25519: string;
  ed25519: string;
  signature: string;
  display_name?: string;
  one_time_keys: SignedKey[];
  fallback_key?: SignedKey;
}

export type Failure = "unsupported" | "not_for_this_device" | "no_session" | "missing_group_key" | "bad_message" | "forged";

export const failureText: Record<Failure, string> = {
  unsupported: "sent by a newer client (unknown envelope)",
  not_for_this_device: "not encrypted for this device",
  no_session: "no session with the sender's device",
  missing_group_key: "the key has not arrived (yet)",
  bad_message: "corrupted or replayed",
  forged: "claims another sender or recipient",
};

export interface Opened {
  body: string;
  groupKey: boolean;
  conversation: number;
  sessionId: string;
  // A group message's `files` exactly as its plaintext held it (absent: none).
  files?: unknown;
  // A device-to-device payload for the session to handle (key_request,
  // forwarded_key: docs/protocol.md, "End-to-end encryption: key requests").
  payload?: Record<string, unknown>;
}

export type Decrypted = { ok: true; value: Opened } | { ok: false; why: Failure; detail: string };

export interface Rotation {
  maxMessages: number;
  maxAgeMs: number;
}

export type Envelope = Record<string, unknown>;

const version = 1;
const week = 7 * 24 * 3600 * 1000;

interface GroupOut {
  session: Olm.OutboundGroupSession;
  firstKey: string;
  created: number;
  sent: number;
  needsShare: boolean;
  retired: boolean;
}

interface GroupIn {
  session: Olm.InboundGroupSession;
  conversation: number;
  owner: number;
  ownerDevice: string;
  seen: Map<number, number>; // message index -> the message id it opened
}

function keyName(olmId: string): string {
  return olmId.replaceAll("+", "-").replaceAll("/", "_");
}

function recipientName(user: number, deviceId: string): string {
  return `${user}:${deviceId}`;
}

function fail(why: Failure, detail = ""): Decrypted {
  return { ok: false, why, detail };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function checkHead(e: Envelope, alg: string, sender: Peer): Decrypted | undefined {
  if (e.v !== version || e.alg !== alg) return fail("unsupported", `envelope v${String(e.v)} ${String(e.alg)}`);
  if (e.sender_device !== sender.device_id) return fail("forged", "sender_device");
  return undefined;
}

/** True when signature is ed25519's signature of message. */
export function signatureVerifies(ed25519: string, signature: string, message: string): boolean {
  const u = new Olm.Utility();
  try {
    u.ed25519_verify(ed25519, message, signature);
    return true;
  } catch {
    return false;
  } finally {
    u.free();
  }
}

export class E2eeDevice {
  readonly self: Peer;
  private readonly account: Olm.Account;
  private readonly rotation: Rotation;
  private readonly sessions = new Map<string, Olm.Session[]>(); // by their curve25519, newest first
  private readonly outbound = new Map<number, GroupOut>();
  private readonly inbound = new Map<string, GroupIn>(); // by "<their curve25519>|<session id>"
  private fallbackPublished = false;

  private constructor(self: Peer, account: Olm.Account, rotation: Rotation) {
    this.self = self;
    this.account = account;
    this.rotation = rotation;
  }

  /** A new identity. loadOlm() must have finished. */
  static create(user: number, deviceId: string, rotation: Rotation = { maxMessages: 100, maxAgeMs: week }): E2eeDevice {
    const account = new Olm.Account();
    account.create();
    const ids = JSON.parse(account.identity_keys()) as { curve25519: string; ed25519: string };
    return new E2eeDevice({ user, device_id: deviceId, curve25519: ids.curve25519, ed25519: ids.ed25519 }, account, rotation);
  }

  sign(bytes: string): string {
    return this.account.sign(bytes);
  }

  /** keys.upload's fields: the signed identity, count new one-time keys, a fallback key. */
  upload(count: number, displayName?: string): KeysUpload {
    const { user, device_id, curve25519, ed25519 } = this.self;
    const signed = (olmId: string, key: string): SignedKey => {
      const key_id = keyName(olmId);
      return { key_id, curve25519: key, signature: this.sign(keySignedBytes(user, device_id, key_id, key)) };
    };
    const out: KeysUpload = {
      device_id,
      curve25519,
      ed25519,
      signature: this.sign(deviceSignedBytes(user, device_id, curve25519, ed25519)),
      one_time_keys: [],
    };
    if (displayName !== undefined) out.display_name = displayName;
    if (count > 0) {
      this.account.generate_one_time_keys(count);
      const keys = JSON.parse(this.account.one_time_keys()) as { curve25519: Record<string, string> };
      for (const [id, key] of Object.entries(keys.curve25519)) out.one_time_keys.push(signed(id, key));
    }
    if (!this.fallbackPublished || count > 0) this.account.generate_fallback_key();
    const fallback = JSON.parse(this.account.unpublished_fallback_key()) as { curve25519: Record<string, string> };
    for (const [id, key] of Object.entries(fallback.curve25519)) out.fallback_key = signed(id, key);
    return out;
  }

  published(): void {
    this.account.mark_keys_as_published();
    this.fallbackPublished = true;
  }

  hasSession(p: Peer): boolean {
    return (this.sessions.get(p.curve25519)?.length ?? 0) > 0;
  }

  /** An Olm session to p from a claimed key; false when the key is not signed by p. */
  startSession(p: Peer, k: ClaimedKey): boolean {
    if (k.user_id !== p.user || k.device_id !== p.device_id) return false;
    if (!signatureVerifies(p.ed25519, k.signature, keySignedBytes(p.user, p.device_id, k.key_id, k.curve25519))) return false;
    const s = new Olm.Session();
    s.create_outbound(this.account, p.curve25519, k.curve25519);
    this.sessions.set(p.curve25519, [s, ...(this.sessions.get(p.curve25519) ?? [])]);
    return true;
  }

  private olmEnvelope(content: Record<string, unknown>, to: readonly Peer[]): Envelope {
    const ciphertexts: Record<string, { type: number; body: string }> = {};
    for (const p of to) {
      const s = this.sessions.get(p.curve25519)?.[0];
      if (!s) throw new Error(`e2ee: no Olm session with ${recipientName(p.user, p.device_id)}`);
      const plain = JSON.stringify({
        ...content,
        v: version,
        sender: this.self.user,
        sender_device: this.self.device_id,
        sender_ed25519: this.self.ed25519,
        recipient: p.user,
        recipient_device: p.device_id,
        recipient_ed25519: p.ed25519,
      });
      ciphertexts[recipientName(p.user, p.device_id)] = s.encrypt(plain);
    }
    return { v: version, alg: "olm.v1", sender_device: this.self.device_id, ciphertexts };
  }

  encrypt(body: string, to: readonly Peer[]): Envelope {
    return this.olmEnvelope({ kind: "message", body }, to);
  }

  /** An olm.v1 envelope of a device-to-device payload (key_request, forwarded_key) to each of to. */
  encryptPayload(content: Record<string, unknown>, to: readonly Peer[]): Envelope {
    return this.olmEnvelope(content, to);
  }

  decrypt(envelope: Envelope, sender: Peer): Decrypted {
    const bad = checkHead(envelope, "olm.v1", sender);
    if (bad) return bad;
    const all = envelope.ciphertexts as Record<string, { type?: unknown; body?: unknown }> | undefined;
    const mine = all && typeof all === "object" ? all[recipientName(this.self.user, this.self.device_id)] : undefined;
    if (!mine || typeof mine !== "object") return fail("not_for_this_device");
    const type = mine.type;
    const body = mine.body;
    if ((type !== 0 && type !== 1) || typeof body !== "string" || body === "") return fail("bad_message", "malformed ciphertext");
    const list = this.sessions.get(sender.curve25519) ?? [];
    for (const s of list) {
      if (type === 0 && !s.matches_inbound_from(sender.curve25519, body)) continue;
      try {
        return this.openOlmPayload(s.decrypt(type, body), sender);
      } catch (e) {
        if (type === 0) return fail("bad_message", String(e));
      }
    }
    if (type === 1) return fail(list.length === 0 ? "no_session" : "bad_message");
    const s = new Olm.Session();
    try {
      s.create_inbound_from(this.account, sender.curve25519, body);
      const plain = s.decrypt(type, body);
      this.account.remove_one_time_keys(s);
      this.sessions.set(sender.curve25519, [s, ...list]);
      return this.openOlmPayload(plain, sender);
    } catch (e) {
      s.free();
      return fail("bad_message", String(e));
    }
  }

  private openOlmPayload(plaintext: string, sender: Peer): Decrypted {
    const p = parseObject(plaintext);
    if (!p) return fail("bad_message", "not a payload");
    if (
      p.sender !== sender.user ||
      p.sender_device !== sender.device_id ||
      p.sender_ed25519 !== sender.ed25519 ||
      p.recipient !== this.self.user ||
      p.recipient_device !== this.self.device_id ||
      p.recipient_ed25519 !== this.self.ed25519
    ) {
      return fail("forged");
    }
    if (p.kind === "message") {
      return { ok: true, value: { body: String(p.body ?? ""), groupKey: false, conversation: 0, sessionId: "" } };
    }
    if (p.kind === "key_request" || p.kind === "forwarded_key") {
      return { ok: true, value: { body: "", groupKey: false, conversation: 0, sessionId: "", payload: p } };
    }
    if (p.kind !== "group_key") return fail("unsupported", `payload kind ${String(p.kind)}`);
    const c = p.conversation_id;
    const sessionId = p.session_id;
    if (typeof c !== "number" || c <= 0 || typeof sessionId !== "string" || typeof p.session_key !== "string") {
      return fail("forged", "group key");
    }
    const g = new Olm.InboundGroupSession();
    try {
      g.create(p.session_key);
      if (g.session_id() !== sessionId) {
        g.free();
        return fail("forged", "group key");
      }
    } catch (e) {
      g.free();
      return fail("bad_message", String(e));
    }
    const name = `${sender.curve25519}|${sessionId}`;
    const held = this.inbound.get(name);
    if (!held || held.session.first_known_index() > g.first_known_index()) {
      held?.session.free();
      this.inbound.set(name, {
        session: g,
        conversation: c,
        owner: sender.user,
        ownerDevice: sender.device_id,
        seen: held?.seen ?? new Map(),
      });
    } else {
      g.free();
    }
    return { ok: true, value: { body: "", groupKey: true, conversation: c, sessionId } };
  }

  /** files: the plaintext's `files` value (docs/security.md, "Encrypted files"); undefined: none. */
  groupEncrypt(c: number, body: string, now: number, files?: unknown): Envelope {
    let g = this.outbound.get(c);
    const due = !g || g.retired || g.sent >= this.rotation.maxMessages || now - g.created >= this.rotation.maxAgeMs;
    if (!g || due) {
      g?.session.free();
      const session = new Olm.OutboundGroupSession();
      session.create();
      const firstKey = session.session_key();
      const own = new Olm.InboundGroupSession();
      own.create(firstKey);
      const name = `${this.self.curve25519}|${session.session_id()}`;
      this.inbound.get(name)?.session.free();
      this.inbound.set(name, { session: own, conversation: c, owner: this.self.user, ownerDevice: this.self.device_id, seen: new Map() });
      g = { session, firstKey, created: now, sent: 0, needsShare: true, retired: false };
      this.outbound.set(c, g);
    }
    const fields: Record<string, unknown> = { v: version, sender: this.self.user, sender_device: this.self.device_id, conversation_id: c, body };
    if (files !== undefined) fields.files = files;
    const plain = JSON.stringify(fields);
    const ciphertext = g.session.encrypt(plain);
    g.sent += 1;
    return { v: version, alg: "megolm.v1", sender_device: this.self.device_id, session_id: g.session.session_id(), ciphertext };
  }

  newGroupSession(c: number): boolean {
    return this.outbound.get(c)?.needsShare ?? false;
  }

  shareGroupKey(c: number, to: readonly Peer[]): Envelope {
    const g = this.outbound.get(c);
    if (!g) throw new Error("e2ee: no group session to share");
    const env = this.olmEnvelope(
      { kind: "group_key", conversation_id: c, session_id: g.session.session_id(), session_key: g.firstKey },
      to,
    );
    g.needsShare = false;
    return env;
  }

  rotateGroup(c: number): void {
    const g = this.outbound.get(c);
    if (g) g.retired = true;
  }

  groupDecrypt(c: number, messageId: number, envelope: Envelope, sender: Peer): Decrypted {
    const bad = checkHead(envelope, "megolm.v1", sender);
    if (bad) return bad;
    const sessionId = typeof envelope.session_id === "string" ? envelope.session_id : "";
    const g = this.inbound.get(`${sender.curve25519}|${sessionId}`);
    if (!g) return fail("missing_group_key", sessionId);
    if (g.conversation !== c || g.owner !== sender.user || g.ownerDevice !== sender.device_id) {
      return fail("forged", "the key belongs elsewhere");
    }
    let plain: { plaintext: string; message_index: number };
    try {
      plain = g.session.decrypt(String(envelope.ciphertext ?? ""));
    } catch (e) {
      return fail("bad_message", String(e));
    }
    const opened = g.seen.get(plain.message_index);
    if (opened !== undefined && opened !== messageId) return fail("bad_message", "replayed");
    g.seen.set(plain.message_index, messageId);
    const p = parseObject(plain.plaintext);
    if (!p || p.sender !== sender.user || p.sender_device !== sender.device_id || p.conversation_id !== c) return fail("forged");
    const value: Opened = { body: String(p.body ?? ""), groupKey: false, conversation: c, sessionId };
    if ("files" in p) value.files = p.files;
    return { ok: true, value };
  }

  /** Every group session key held, from the first index known, for a key backup. */
  exportGroupKeys(): { sessionId: string; json: string }[] {
    const out: { sessionId: string; json: string }[] = [];
    for (const [name, g] of this.inbound) {
      const bar = name.indexOf("|");
      const sessionId = name.slice(bar + 1);
      out.push({
        sessionId,
        json: JSON.stringify({
          v: 1,
          sender_key: name.slice(0, bar),
          session_id: sessionId,
          conversation: g.conversation,
          owner: g.owner,
          owner_device: g.ownerDevice,
          key: g.session.export_session(g.session.first_known_index()),
        }),
      });
    }
    return out;
  }

  /** One group session's key in the backup entry format (as exportGroupKeys), when held. */
  exportGroupKey(senderKey: string, sessionId: string): string | undefined {
    const g = this.inbound.get(`${senderKey}|${sessionId}`);
    if (!g) return undefined;
    return JSON.stringify({
      v: 1,
      sender_key: senderKey,
      session_id: sessionId,
      conversation: g.conversation,
      owner: g.owner,
      owner_device: g.ownerDevice,
      key: g.session.export_session(g.session.first_known_index()),
    });
  }

  /** The names ("<sender key>|<session id>") of every group session held. */
  groupSessionNames(): string[] {
    return [...this.inbound.keys()];
  }

  /** A key from a backup; false when malformed. A copy reaching further back replaces the one held. */
  importGroupKey(json: string): boolean {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(json) as Record<string, unknown>;
    } catch {
      return false;
    }
    const { v, sender_key, session_id, conversation, owner, owner_device, key } = o;
    if (v !== 1 || typeof sender_key !== "string" || typeof session_id !== "string" || typeof key !== "string") return false;
    if (typeof conversation !== "number" || typeof owner !== "number" || typeof owner_device !== "string") return false;
    const g = new Olm.InboundGroupSession();
    try {
      g.import_session(key);
      if (g.session_id() !== session_id) throw new Error("session id");
    } catch {
      g.free();
      return false;
    }
    const name = `${sender_key}|${session_id}`;
    const held = this.inbound.get(name);
    if (held && held.session.first_known_index() <= g.first_known_index()) {
      g.free();
      return true;
    }
    held?.session.free();
    this.inbound.set(name, { session: g, conversation, owner, ownerDevice: owner_device, seen: held?.seen ?? new Map() });
    return true;
  }

  /**
   * The whole state as JSON, libolm's parts pickled with key. libolm's
   * JavaScript wrapper zeroes a key array it is given, so each call gets a copy.
   */
  save(key: Uint8Array): string {
    const sessions: Record<string, string[]> = {};
    for (const [curve, list] of this.sessions) sessions[curve] = list.map((s) => s.pickle(key.slice()));
    const outbound: Record<string, unknown> = {};
    for (const [c, g] of this.outbound) {
      outbound[c] = { pickle: g.session.pickle(key.slice()), first_key: g.firstKey, created: g.created, sent: g.sent, needs_share: g.needsShare, retired: g.retired };
    }
    const inbound: Record<string, unknown> = {};
    for (const [name, g] of this.inbound) {
      inbound[name] = { pickle: g.session.pickle(key.slice()), conversation: g.conversation, owner: g.owner, owner_device: g.ownerDevice, seen: [...g.seen] };
    }
    return JSON.stringify({
      v: 1,
      user: this.self.user,
      device_id: this.self.device_id,
      curve25519: this.self.curve25519,
      ed25519: this.self.ed25519,
      rotation: [this.rotation.maxMessages, this.rotation.maxAgeMs],
      account: this.account.pickle(key.slice()),
      fallback_published: this.fallbackPublished,
      sessions,
      outbound,
      inbound,
    });
  }

  static restore(saved: string, key: Uint8Array): E2eeDevice {
    const s = JSON.parse(saved) as {
      v: number;
      user: number;
      device_id: string;
      curve25519: string;
      ed25519: string;
      rotation: [number, number];
      account: string;
      fallback_published: boolean;
      sessions: Record<string, string[]>;
      outbound: Record<string, { pickle: string; first_key: string; created: number; sent: number; needs_share: boolean; retired: boolean }>;
      inbound: Record<string, { pickle: string; conversation: number; owner: number; owner_device: string; seen: [number, number][] }>;
    };
    if (s.v !== 1) throw new Error("e2ee: unknown state version");
    const account = new Olm.Account();
    account.unpickle(key.slice(), s.account);
    const d = new E2eeDevice(
      { user: s.user, device_id: s.device_id, curve25519: s.curve25519, ed25519: s.ed25519 },
      account,
      { maxMessages: s.rotation[0], maxAgeMs: s.rotation[1] },
    );
    d.fallbackPublished = s.fallback_published;
    for (const [curve, pickles] of Object.entries(s.sessions)) {
      d.sessions.set(
        curve,
        pickles.map((p) => {
          const x = new Olm.Session();
          x.unpickle(key.slice(), p);
          return x;
        }),
      );
    }
    for (const [c, g] of Object.entries(s.outbound)) {
      const session = new Olm.OutboundGroupSession();
      session.unpickle(key.slice(), g.pickle);
      d.outbound.set(Number(c), { session, firstKey: g.first_key, created: g.created, sent: g.sent, needsShare: g.needs_share, retired: g.retired });
    }
    for (const [name, g] of Object.entries(s.inbound)) {
      const session = new Olm.InboundGroupSession();
      session.unpickle(key.slice(), g.pickle);
      d.inbound.set(name, { session, conversation: g.conversation, owner: g.owner, ownerDevice: g.owner_device, seen: new Map(g.seen) });
    }
    return d;
  }

  /** Frees libolm's memory; the device is unusable afterwards. */
  free(): void {
    for (const list of this.sessions.values()) for (const s of list) s.free();
    for (const g of this.outbound.values()) g.session.free();
    for (const g of this.inbound.values()) g.session.free();
    this.sessions.clear();
    this.outbound.clear();
    this.inbound.clear();
    this.account.free();
  }
}
