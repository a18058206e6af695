// Key backup in the web app (src/e2ee/backup.ts), as the C++ clients do it
// (tests/client/unit/e2ee_backup_test.cpp).
import { beforeAll, describe, expect, it } from "vitest";

import { BackupKey } from "../../src/e2ee/backup";
import { E2eeDevice, loadOlm } from "../../src/e2ee/device";

const cheap = { ops: 1, mem: 8 << 20 };

beforeAll(async () => {
  await loadOlm();
});

describe("key backup", () => {
  it("opens with the passphrase only, and refuses a changed or moved entry", async () => {
    const { key, authData } = await BackupKey.create("correct horse", cheap);
    const sealed = key.seal("s1", "secret");
    const again = await BackupKey.open("correct horse", authData);
    expect(again?.unseal("s1", sealed)).toBe("secret");
    expect(await BackupKey.open("correct hose", authData)).toBeUndefined();
    expect(key.unseal("s2", sealed)).toBeUndefined();
    const mid = Math.floor(sealed.length / 2);
    expect(key.unseal("s1", sealed.slice(0, mid) + (sealed[mid] === "A" ? "B" : "A") + sealed.slice(mid + 1))).toBeUndefined();
    expect(await BackupKey.open("correct horse", JSON.stringify({ ...JSON.parse(authData), mem: 2 ** 40 }))).toBeUndefined();
  });

  it("lets a new device read old group messages", async () => {
    const alice = E2eeDevice.create(1, "laptop");
    const bob = E2eeDevice.create(2, "phone");
    const up = bob.upload(1);
    bob.published();
    expect(alice.startSession(bob.self, { ...up.one_time_keys[0], user_id: 2, device_id: "phone", fallback: false })).toBe(true);
    const old = alice.groupEncrypt(5, "before the new phone", 1_800_000_000_000);
    expect(bob.decrypt(alice.shareGroupKey(5, [bob.self]), alice.self).ok).toBe(true);
    const { key, authData } = await BackupKey.create("bob's passphrase", cheap);
    const stored = bob.exportGroupKeys().map((e) => ({ id: e.sessionId, sealed: key.seal(e.sessionId, e.json) }));
    const tablet = E2eeDevice.create(2, "tablet");
    expect(tablet.groupDecrypt(5, 10, old, alice.self)).toMatchObject({ ok: false, why: "missing_group_key" });
    const restored = await BackupKey.open("bob's passphrase", authData);
    for (const e of stored) expect(tablet.importGroupKey(restored!.unseal(e.id, e.sealed)!)).toBe(true);
    expect(tablet.groupDecrypt(5, 10, old, alice.self)).toMatchObject({ ok: true, value: { body: "before the new phone" } });
    expect(tablet.importGroupKey('{"v":1}')).toBe(false);
    for (const d of [alice, bob, tablet]) d.free();
  });
});
