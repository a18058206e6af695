// The web app's e2ee interface in Node: devices exchange Olm and Megolm
// envelopes directly, as the C++ tests do for client/e2ee
// (tests/client/unit/e2ee_device_test.cpp); the two are checked against each
// other in tests/interop.
import { beforeAll, describe, expect, it } from "vitest";

import { type ClaimedKey, type Decrypted, E2eeDevice, type KeysUpload, loadOlm, signatureVerifies } from "../../src/e2ee/device";
import { deviceSignedBytes, keySignedBytes } from "../../src/e2ee/key_formats";

const t0 = 1_800_000_000_000;

function claimFrom(d: E2eeDevice, up: KeysUpload, i = 0): ClaimedKey {
  const k = up.one_time_keys[i];
  return { ...k, user_id: d.self.user, device_id: d.self.device_id, fallback: false };
}

function body(d: Decrypted): string {
  if (!d.ok) throw new Error(`unable to decrypt: ${d.why} ${d.detail}`);
  return d.value.body;
}

function pair(): { alice: E2eeDevice; bob: E2eeDevice; bobKeys: KeysUpload } {
  const alice = E2eeDevice.create(1, "alice-laptop");
  const bob = E2eeDevice.create(2, "bob-phone");
  const bobKeys = bob.upload(5);
  bob.published();
  expect(alice.startSession(bob.self, claimFrom(bob, bobKeys))).toBe(true);
  return { alice, bob, bobKeys };
}

beforeAll(async () => {
  await loadOlm();
});

describe("E2eeDevice", () => {
  it("signs its identity and every key with the device key", () => {
    const d = E2eeDevice.create(7, "phone");
    const up = d.upload(3);
    expect(up.one_time_keys).toHaveLength(3);
    expect(up.fallback_key).toBeDefined();
    expect(signatureVerifies(up.ed25519, up.signature, deviceSignedBytes(7, "phone", up.curve25519, up.ed25519))).toBe(true);
    for (const k of up.one_time_keys) {
      expect(k.key_id).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
      expect(signatureVerifies(up.ed25519, k.signature, keySignedBytes(7, "phone", k.key_id, k.curve25519))).toBe(true);
    }
    expect(signatureVerifies(up.ed25519, up.signature, deviceSignedBytes(8, "phone", up.curve25519, up.ed25519))).toBe(false);
    d.free();
  });

  it("sets up a session with the first message; replies and skipped messages decrypt", () => {
    const { alice, bob } = pair();
    const first = alice.encrypt("hello bob", [bob.self]);
    expect((first.ciphertexts as Record<string, { type: number }>)["2:bob-phone"].type).toBe(0);
    expect(body(bob.decrypt(first, alice.self))).toBe("hello bob");
    expect(body(alice.decrypt(bob.encrypt("hi", [alice.self]), bob.self))).toBe("hi");
    const later = [0, 1, 2, 3].map((i) => alice.encrypt(`m${i}`, [bob.self]));
    expect(body(bob.decrypt(later[3], alice.self))).toBe("m3");
    expect(body(bob.decrypt(later[1], alice.self))).toBe("m1");
    alice.free();
    bob.free();
  });

  it("refuses a replayed, corrupted or forged message with the reason", () => {
    const { alice, bob } = pair();
    const env = alice.encrypt("once", [bob.self]);
    expect(body(bob.decrypt(env, alice.self))).toBe("once");
    expect(bob.decrypt(env, alice.self)).toMatchObject({ ok: false, why: "bad_message" });
    const forged = alice.encrypt("x", [bob.self]);
    expect(bob.decrypt(forged, { ...alice.self, user: 9 })).toMatchObject({ ok: false, why: "forged" });
    expect(bob.decrypt({ ...forged, v: 2 }, alice.self)).toMatchObject({ ok: false, why: "unsupported" });
    const signedByOther = { ...claimFrom(bob, bob.upload(1)), curve25519: E2eeDevice.create(3, "m").upload(1).one_time_keys[0].curve25519 };
    const carol = E2eeDevice.create(4, "carol");
    expect(carol.startSession(bob.self, signedByOther)).toBe(false);
    alice.free();
    bob.free();
    carol.free();
  });

  it("does not use up the one-time key on a corrupted first message", () => {
    const { alice, bob } = pair();
    const env = alice.encrypt("first", [bob.self]);
    const c = (env.ciphertexts as Record<string, { type: number; body: string }>)["2:bob-phone"];
    const at = c.body.length - 10;
    const bad = { ...env, ciphertexts: { "2:bob-phone": { ...c, body: c.body.slice(0, at) + (c.body[at] === "A" ? "B" : "A") + c.body.slice(at + 1) } } };
    expect(bob.decrypt(bad, alice.self)).toMatchObject({ ok: false, why: "bad_message" });
    expect(body(bob.decrypt(env, alice.self))).toBe("first");
    alice.free();
    bob.free();
  });

  it("shares group keys over Olm, opens group messages, refuses replays and rotates", () => {
    const { alice, bob } = pair();
    const c = 42;
    const m1 = alice.groupEncrypt(c, "to the group", t0);
    expect(alice.newGroupSession(c)).toBe(true);
    expect(bob.groupDecrypt(c, 100, m1, alice.self)).toMatchObject({ ok: false, why: "missing_group_key" });
    const got = bob.decrypt(alice.shareGroupKey(c, [bob.self]), alice.self);
    expect(got).toMatchObject({ ok: true, value: { groupKey: true, conversation: c } });
    expect(body(bob.groupDecrypt(c, 100, m1, alice.self))).toBe("to the group");
    expect(body(bob.groupDecrypt(c, 100, m1, alice.self))).toBe("to the group");
    expect(bob.groupDecrypt(c, 101, m1, alice.self)).toMatchObject({ ok: false, why: "bad_message" });
    expect(bob.groupDecrypt(c + 1, 102, m1, alice.self)).toMatchObject({ ok: false, why: "forged" });
    const first = alice.groupEncrypt(c, "a", t0).session_id;
    alice.rotateGroup(c);
    expect(alice.groupEncrypt(c, "b", t0).session_id).not.toBe(first);
    alice.free();
    bob.free();
  });

  it("keeps every session across save and restore", () => {
    const { alice, bob } = pair();
    expect(body(bob.decrypt(alice.encrypt("one", [bob.self]), alice.self))).toBe("one");
    alice.groupEncrypt(9, "g", t0);
    expect(bob.decrypt(alice.shareGroupKey(9, [bob.self]), alice.self).ok).toBe(true);
    const key = new Uint8Array(32).fill(7);
    const bob2 = E2eeDevice.restore(bob.save(key), key);
    const alice2 = E2eeDevice.restore(alice.save(key), key);
    expect(body(bob2.decrypt(alice2.encrypt("two", [bob2.self]), alice2.self))).toBe("two");
    expect(body(bob2.groupDecrypt(9, 1, alice2.groupEncrypt(9, "g2", t0), alice2.self))).toBe("g2");
    expect(() => E2eeDevice.restore(bob.save(key), new Uint8Array(32))).toThrow();
    for (const d of [alice, bob, alice2, bob2]) d.free();
  });
});
