// The web app's trust rules (src/e2ee/trust.ts), the same as the C++
// clients' (tests/client/unit/e2ee_trust_test.cpp).
import { beforeAll, describe, expect, it } from "vitest";

import { E2eeDevice, loadOlm, signatureVerifies } from "../../src/e2ee/device";
import { signingKeySignedBytes } from "../../src/e2ee/key_formats";
import { checkUserKeys, safetyNumber, SelfSigning, TrustStore, type UserKeys } from "../../src/e2ee/trust";

beforeAll(async () => {
  await loadOlm();
});

function infoOf(d: E2eeDevice) {
  const up = d.upload(0);
  return { device_id: up.device_id, curve25519: up.curve25519, ed25519: up.ed25519, signature: up.signature };
}

describe("trust", () => {
  it("trusts the devices in the list the self-signing key signed, and no list another key signed", () => {
    const laptop = E2eeDevice.create(5, "laptop");
    const phone = E2eeDevice.create(5, "phone");
    const ssk = new SelfSigning();
    const devices = [infoOf(laptop), infoOf(phone)];
    const signedOne = ssk.signList(5, 3, [devices[0]]);
    const keys: UserKeys = {
      user_id: 5,
      signing_key: ssk.publicKey,
      list_version: 3,
      devices,
      signed_list: { ...signedOne, devices: [{ device_id: "laptop", ed25519: devices[0].ed25519 }] },
    };
    const c = checkUserKeys(keys);
    expect(c.listValid).toBe(true);
    expect(c.trusted.map((p) => p.device_id)).toEqual(["laptop"]);
    expect(c.unsigned.map((p) => p.device_id)).toEqual(["phone"]);
    const other = new SelfSigning();
    expect(checkUserKeys({ ...keys, signing_key: other.publicKey })).toMatchObject({ listValid: false, trusted: [] });
    const swapped = { ...keys, devices: [{ ...devices[0], curve25519: devices[1].curve25519 }, devices[1]] };
    expect(checkUserKeys(swapped).trusted).toEqual([]);
    for (const x of [laptop, phone]) x.free();
    ssk.free();
    other.free();
  });

  it("pins the first key and blocks sending after a verified key changes until acknowledged", () => {
    const t = new TrustStore();
    expect(t.observe(5, "K1")).toBe("unverified");
    expect(t.markVerified(5)).toBe(true);
    expect(t.observe(5, "K2")).toBe("changed_after_verify");
    expect(t.maySendTo(5)).toBe(false);
    expect(TrustStore.restore(t.save()).stateOf(5)).toBe("changed_after_verify");
    t.acknowledgeChange(5);
    expect(t.stateOf(5)).toBe("unverified");
    expect(t.maySendTo(5)).toBe(true);
    t.observe(6, "A");
    expect(t.observe(6, "B")).toBe("changed");
    expect(t.maySendTo(6)).toBe(true);
  });

  it("signs the self-signing key as natterd checks it", () => {
    const s = new SelfSigning();
    const p = s.publish(9, false);
    expect(signatureVerifies(p.ed25519, p.signature, signingKeySignedBytes(9, p.ed25519))).toBe(true);
    const again = new SelfSigning(s.save());
    expect(again.publicKey).toBe(s.publicKey);
    s.free();
    again.free();
  });

  it("computes the safety number the C++ clients compute", async () => {
    const n = await safetyNumber(2, "BBBB", 1, "AAAA");
    expect(n).toBe("85894 53735 51157 77401 12215 11376 34217 06393 35480 50864 62545 62575");
    expect(await safetyNumber(1, "AAAA", 2, "BBBB")).toBe(n);
    expect(await safetyNumber(1, "AAAA", 2, "BBBC")).not.toBe(n);
  });
});
