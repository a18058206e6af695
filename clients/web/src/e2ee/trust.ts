// Whom the web app trusts: the same rules as the C++ clients'
// client/e2ee/trust.hpp. A user's devices are trusted when their
// self-signing key signed the list that holds them; each user's key is pinned
// on first sight, a change warns (and, after a verification, blocks sending
// until acknowledged); safety numbers are compared out of band to verify.

import Olm from "@matrix-org/olm";

import { type Peer, signatureVerifies } from "./device";
import { deviceListSignedBytes, deviceSignedBytes, signingKeySignedBytes } from "./key_formats";

export interface DeviceInfo {
  device_id: string;
  curve25519: string;
  ed25519: string;
  signature: string;
  display_name?: string;
  created_at?: number;
}

export interface UserKeys {
  user_id: number;
  signing_key: string | null;
  list_version: number;
  devices: DeviceInfo[];
  signed_list: { version: number; signature: string; devices: { device_id: string; ed25519: string }[] } | null;
}

export interface CheckedDevices {
  trusted: Peer[];
  unsigned: Peer[];
  listValid: boolean;
}

/** Which of a keys.query entry's devices the user's self-signing key vouches for. */
export function checkUserKeys(k: UserKeys): CheckedDevices {
  const list = k.signed_list;
  const listValid =
    !!k.signing_key && !!list && signatureVerifies(k.signing_key, list.signature, deviceListSignedBytes(k.user_id, list.version, list.devices));
  const out: CheckedDevices = { trusted: [], unsigned: [], listValid };
  for (const d of k.devices) {
    if (!signatureVerifies(d.ed25519, d.signature, deviceSignedBytes(k.user_id, d.device_id, d.curve25519, d.ed25519))) continue;
    const p: Peer = { user: k.user_id, device_id: d.device_id, curve25519: d.curve25519, ed25519: d.ed25519 };
    const listed = listValid && !!list && list.devices.some((s) => s.device_id === d.device_id && s.ed25519 === d.ed25519);
    (listed ? out.trusted : out.unsigned).push(p);
  }
  return out;
}

export type Trust = "unknown" | "unverified" | "verified" | "changed" | "changed_after_verify";

export const trustText: Record<Trust, string> = {
  unknown: "no keys yet",
  unverified: "not verified",
  verified: "verified",
  changed: "their keys changed",
  changed_after_verify: "their keys changed since you verified them: check before sending",
};

interface Entry {
  pinned: string;
  verified: boolean;
  seen: string;
}

export class TrustStore {
  private readonly users = new Map<number, Entry>();

  observe(user: number, signingKey: string | null): Trust {
    if (!signingKey) return this.stateOf(user);
    const e = this.users.get(user);
    if (!e || !e.pinned) this.users.set(user, { pinned: signingKey, verified: false, seen: "" });
    else e.seen = signingKey === e.pinned ? "" : signingKey;
    return this.stateOf(user);
  }

  stateOf(user: number): Trust {
    const e = this.users.get(user);
    if (!e || !e.pinned) return "unknown";
    if (e.seen) return e.verified ? "changed_after_verify" : "changed";
    return e.verified ? "verified" : "unverified";
  }

  markVerified(user: number): boolean {
    const e = this.users.get(user);
    if (!e || !e.pinned || e.seen) return false;
    e.verified = true;
    return true;
  }

  acknowledgeChange(user: number): void {
    const e = this.users.get(user);
    if (!e || !e.seen) return;
    e.pinned = e.seen;
    e.seen = "";
    e.verified = false;
  }

  maySendTo(user: number): boolean {
    return this.stateOf(user) !== "changed_after_verify";
  }

  pinnedKey(user: number): string {
    return this.users.get(user)?.pinned ?? "";
  }

  save(): string {
    return JSON.stringify({ v: 1, users: Object.fromEntries(this.users) });
  }

  static restore(saved: string): TrustStore {
    const s = JSON.parse(saved) as { v: number; users: Record<string, Entry> };
    if (s.v !== 1) throw new Error("e2ee: unknown trust version");
    const t = new TrustStore();
    for (const [u, e] of Object.entries(s.users)) t.users.set(Number(u), { ...e });
    return t;
  }
}

/** The user's self-signing key (Ed25519 from a 32-byte seed). free() when done. */
export class SelfSigning {
  private readonly signing = new Olm.PkSigning();
  readonly publicKey: string;
  private readonly seed: Uint8Array;

  constructor(seed?: Uint8Array) {
    this.seed = seed ? seed.slice() : this.signing.generate_seed();
    this.publicKey = this.signing.init_with_seed(this.seed.slice());
  }

  publish(user: number, replace: boolean): { ed25519: string; signature: string; replace: boolean } {
    return { ed25519: this.publicKey, signature: this.signing.sign(signingKeySignedBytes(user, this.publicKey)), replace };
  }

  signList(user: number, version: number, devices: ReadonlyArray<{ device_id: string; ed25519: string }>): { version: number; signature: string } {
    return { version, signature: this.signing.sign(deviceListSignedBytes(user, version, devices)) };
  }

  /** The seed: keep it inside the encrypted state only. */
  save(): Uint8Array {
    return this.seed.slice();
  }

  free(): void {
    this.signing.free();
  }
}

const safetyIterations = 5200;

async function fingerprint(user: number, key: string): Promise<string> {
  const enc = new TextEncoder();
  const keyBytes = enc.encode(key);
  let h = new Uint8Array(await crypto.subtle.digest("SHA-512", enc.encode(`natter-safety-v1\n${user}\n${key}`)));
  for (let i = 1; i < safetyIterations; i++) {
    const round = new Uint8Array(h.length + keyBytes.length);
    round.set(h);
    round.set(keyBytes, h.length);
    h = new Uint8Array(await crypto.subtle.digest("SHA-512", round));
  }
  let out = "";
  for (let i = 0; i < 6; i++) {
    let v = 0n;
    for (let j = 0; j < 5; j++) v = (v << 8n) | BigInt(h[5 * i + j]);
    out += (v % 100000n).toString().padStart(5, "0");
  }
  return out;
}

/** The 60-digit safety number of two users' self-signing keys, in 12 groups of 5. */
export async function safetyNumber(a: number, keyA: string, b: number, keyB: string): Promise<string> {
  const [fa, fb] = await Promise.all([fingerprint(a, keyA), fingerprint(b, keyB)]);
  const digits = a <= b ? fa + fb : fb + fa;
  return digits.match(/.{5}/g)!.join(" ");
}
