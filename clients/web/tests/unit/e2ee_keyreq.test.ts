// Device approval and key requests in CryptoSession (docs/security.md, "The
// web app: key backup and key requests"; the shared rules are the C++
// clients' too): a later device of a user waits "not confirmed" until the
// device holding the self-signing key approves it.
import { beforeAll, describe, expect, it } from "vitest";

import { CryptoSession, type SessionNotice } from "../../src/e2ee/crypto_session";
import { loadOlm } from "../../src/e2ee/device";
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
