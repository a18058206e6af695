// Key backup in CryptoSession (docs/security.md, "The web app: key backup and
// key requests"): set up, automatic upload of every new group key, restore on
// a new device of the same user, a wrong passphrase, a damaged entry, and a
// backup replaced elsewhere.
import { beforeAll, describe, expect, it } from "vitest";

import { CryptoSession, LocalRefusal, type SealedMessage, type SessionNotice } from "../../src/e2ee/crypto_session";
import { type Envelope, loadOlm } from "../../src/e2ee/device";
import { FakeServer, MemoryVault } from "./e2ee_fake_server";

beforeAll(async () => {
  await loadOlm();
});

const cheap = { ops: 1, mem: 8 << 20 };
let nextDevice = 0;

async function person(server: FakeServer, user: number, notices: SessionNotice[] = []) {
  const net = server.connect(user);
  const vault = new MemoryVault();
  const hooks = { keysArrived: () => {}, trustChanged: () => {}, notice: (n: SessionNotice) => notices.push(n) };
  const session = await CryptoSession.start(user, net, vault, hooks, { deviceId: () => `B${++nextDevice}`, backupCost: cheap });
  return { user, net, vault, session, notices };
}

let nextMessage = 500;
function arrived(conversation: number, sender: number, envelope: Envelope): SealedMessage {
  return { id: nextMessage++, conversation_id: conversation, sender_id: sender, text: "", encrypted: envelope };
}

function opened(s: CryptoSession, m: SealedMessage): string {
  s.open(m);
  return m.decrypt_error !== undefined ? `unable: ${m.decrypt_error}` : m.text;
}

describe("key backup in the session", () => {
  it("backs up every key, new ones as they arrive, and a new device restores them with the passphrase only", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const bob = await person(server, 2);
    const first = await bob.session.encryptFor(7, [1, 2], "before the backup");
    await alice.session.catchUp();
    expect(await alice.session.backupStatus()).toEqual({ version: null, count: 0, uploads: false });

    await expect(alice.session.backupSetup("too short")).rejects.toBeInstanceOf(LocalRefusal);
    expect(await alice.session.backupStatus()).toEqual({ version: null, count: 0, uploads: false });
    const status = await alice.session.backupSetup("a long recovery passphrase");
    expect(status).toMatchObject({ uploads: true, count: 1 });
    // Only sealed keys reach the server.
    for (const data of server.backupEntries(1).values()) expect(data).not.toContain("session");

    // A new group session after the set-up goes up by itself.
    await bob.session.rotate(7);
    const second = await bob.session.encryptFor(7, [1, 2], "after the backup");
    await alice.session.catchUp();
    await alice.session.backupNow();
    expect(await alice.session.backupStatus()).toMatchObject({ count: 2, uploads: true });
    // The saved state holds the backup key: a restart keeps uploading.
    expect(JSON.parse(alice.vault.saved!)).toMatchObject({ backup: { version: status.version } });

    const tablet = await person(server, 1);
    const old = arrived(7, 2, first);
    const later = arrived(7, 2, second);
    expect(opened(tablet.session, old)).toMatch(/^unable/);
    const wrong = tablet.session.backupRestore("not the passphrase!");
    await expect(wrong).rejects.toMatchObject({ code: "WRONG_PASSPHRASE" });
    expect(opened(tablet.session, old)).toMatch(/^unable/);
    expect(await tablet.session.backupRestore("a long recovery passphrase")).toEqual({ imported: 2, skipped: 0 });
    expect(opened(tablet.session, old)).toBe("before the backup");
    expect(opened(tablet.session, later)).toBe("after the backup");
    expect(await tablet.session.backupStatus()).toMatchObject({ uploads: true });
  });

  it("skips and counts a damaged entry", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const bob = await person(server, 2);
    await bob.session.encryptFor(8, [1, 2], "one");
    await bob.session.rotate(8);
    await bob.session.encryptFor(8, [1, 2], "two");
    await alice.session.catchUp();
    await alice.session.backupSetup("a long recovery passphrase");
    const entries = server.backupEntries(1);
    const [id, data] = [...entries][0];
    entries.set(id, data.slice(0, 40) + (data[40] === "A" ? "B" : "A") + data.slice(41));
    const tablet = await person(server, 1);
    expect(await tablet.session.backupRestore("a long recovery passphrase")).toEqual({ imported: 1, skipped: 1 });
  });

  it("forgets the key and says so when the backup was replaced elsewhere", async () => {
    const server = new FakeServer();
    const alice = await person(server, 1);
    const bob = await person(server, 2);
    await alice.session.backupSetup("a long recovery passphrase");
    const laptop = await person(server, 1);
    await laptop.session.backupSetup("another long passphrase");
    await bob.session.encryptFor(9, [1, 2], "new key");
    await alice.session.catchUp();
    await alice.session.backupNow().catch(() => {});
    expect(alice.notices).toContainEqual({ kind: "backup_replaced" });
    expect(await alice.session.backupStatus()).toMatchObject({ uploads: false });
    expect(JSON.parse(alice.vault.saved!)).toMatchObject({ backup: null });
  });
});
