// CryptoSession's ordering rules with the real libolm objects, against an
// in-memory key directory: group keys travel before the message, device
// messages are acknowledged only after the state holding them is saved, a
// change of members starts a new group session, and changed keys block
// sending until acknowledged.
import { beforeAll, describe, expect, it } from "vitest";

import { CryptoSession, KeysChanged, type SealedMessage } from "../../src/e2ee/crypto_session";
import { type Envelope, loadOlm } from "../../src/e2ee/device";
import { FakeServer, MemoryVault } from "./e2ee_fake_server";

beforeAll(async () => {
  await loadOlm();
});

const quiet = { keysArrived: () => {}, trustChanged: () => {} };
let nextDevice = 0;

async function person(server: FakeServer, user: number, vault = new MemoryVault()) {
  const net = server.connect(user);
  const session = await CryptoSession.start(user, net, vault, quiet, { deviceId: () => `D${++nextDevice}` });
  return { user, net, vault, session };
}

let nextMessage = 100;
function arrived(conversation: number, sender: number, envelope: Envelope): SealedMessage {
  return { id: nextMessage++, conversation_id: conversation, sender_id: sender, text: "", encrypted: envelope };
}

function opened(s: CryptoSession, m: SealedMessage): string {
  s.open(m);
  return m.decrypt_error !== undefined ? `unable: ${m.decrypt_error}` : m.text;
}

describe("CryptoSession", () => {
  it("sends a new group session's key to every member device before handing back the message", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const bob = await person(server, 2);
    const carol = await person(server, 3);
    const mark = server.log.length;
    const env = await alice.session.encryptFor(7, [1, 2, 3], "hello group");
    const sent = server.log.slice(mark);
    expect(sent).toContain("1:to_device.send");
    expect(server.waiting(2, bob.session.self.device_id)).toHaveLength(1);
    expect(server.waiting(3, carol.session.self.device_id)).toHaveLength(1);
    await bob.session.catchUp();
    await carol.session.catchUp();
    expect(opened(bob.session, arrived(7, 1, env))).toBe("hello group");
    expect(opened(carol.session, arrived(7, 1, env))).toBe("hello group");
    // The next message rides the same session: no new key goes out.
    const before = server.log.length;
    const env2 = await alice.session.encryptFor(7, [1, 2, 3], "again");
    expect(server.log.slice(before)).not.toContain("1:to_device.send");
    expect(env2.session_id).toBe(env.session_id);
    expect(opened(bob.session, arrived(7, 1, env2))).toBe("again");
  });

  it("shares keys both ways over the Olm sessions each side started, in later conversations too", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const bob = await person(server, 2);
    const a1 = await alice.session.encryptFor(20, [1, 2], "from alice");
    await bob.session.catchUp();
    const b1 = await bob.session.encryptFor(20, [1, 2], "from bob");
    await alice.session.catchUp();
    expect(opened(bob.session, arrived(20, 1, a1))).toBe("from alice");
    expect(opened(alice.session, arrived(20, 2, b1))).toBe("from bob");
    const a2 = await alice.session.encryptFor(21, [1, 2], "another chat");
    await bob.session.catchUp();
    expect(opened(bob.session, arrived(21, 1, a2))).toBe("another chat");
    const b2 = await bob.session.encryptFor(21, [1, 2], "and back");
    await alice.session.catchUp();
    expect(opened(alice.session, arrived(21, 2, b2))).toBe("and back");
  });

  it("shows why a message cannot be opened until its key arrives, then opens it", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const bob = await person(server, 2);
    const env = await alice.session.encryptFor(8, [1, 2], "later");
    const m = arrived(8, 1, env);
    await bob.session.lookup([1]);
    expect(opened(bob.session, m)).toBe("unable: the key has not arrived (yet)");
    await bob.session.catchUp();
    expect(opened(bob.session, m)).toBe("later");
  });

  it("acknowledges device messages only after the state holding their keys is saved", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const bob = await person(server, 2);
    const env = await alice.session.encryptFor(9, [1, 2], "kept");
    const bobDevice = bob.session.self.device_id;

    bob.vault.failing = true;
    await expect(bob.session.catchUp()).rejects.toThrow("disk full");
    expect(server.log).not.toContain("2:to_device.ack");
    expect(server.waiting(2, bobDevice)).toHaveLength(1);

    bob.vault.failing = false;
    const restarted = await CryptoSession.start(2, server.connect(2), bob.vault, quiet);
    await restarted.catchUp();
    expect(server.waiting(2, bobDevice)).toHaveLength(0);
    // What was acknowledged is in the saved state: a reload still opens it.
    const reloaded = await CryptoSession.start(2, server.connect(2), bob.vault, quiet);
    await reloaded.lookup([1]);
    expect(opened(reloaded, arrived(9, 1, env))).toBe("kept");
  });

  it("starts a new group session when a member leaves, which the removed member cannot read", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const bob = await person(server, 2);
    const carol = await person(server, 3);
    const first = await alice.session.encryptFor(10, [1, 2, 3], "all three");
    const second = await alice.session.encryptFor(10, [1, 2], "without carol");
    expect(second.session_id).not.toBe(first.session_id);
    await bob.session.catchUp();
    await carol.session.catchUp();
    expect(opened(bob.session, arrived(10, 1, second))).toBe("without carol");
    expect(opened(carol.session, arrived(10, 1, first))).toBe("all three");
    expect(opened(carol.session, arrived(10, 1, second))).toBe("unable: the key has not arrived (yet)");
  });

  it("refuses to send to someone whose keys changed until the change is acknowledged", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const oldBob = await person(server, 2);
    await alice.session.encryptFor(11, [1, 2], "before");
    expect(alice.session.trustOf(2)).toBe("unverified");
    // Bob's only device is gone (signed out) and his storage cleared: a new
    // device makes a new self-signing key.
    server.removeDevice(2, oldBob.session.self.device_id);
    const newBob = await person(server, 2);
    await alice.session.devicesChanged(2);
    expect(alice.session.trustOf(2)).toBe("changed");
    await expect(alice.session.encryptFor(11, [1, 2], "blocked")).rejects.toBeInstanceOf(KeysChanged);
    await alice.session.acknowledge(2);
    const env = await alice.session.encryptFor(11, [1, 2], "after");
    await newBob.session.catchUp();
    expect(opened(newBob.session, arrived(11, 1, env))).toBe("after");
  });
});
