// End-to-end encryption between browsers (docs/security.md, "End-to-end
// encryption: the clients"): an encrypted direct chat both ways whose text
// the server never sees, a group that leaves a removed member out of new
// keys, a second tab of the same account, a contact's re-created device
// (the warning that blocks sending, and old messages it cannot open).

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatterd, type RunningNatterd } from "./global_setup";
import {
  conversationItem,
  eventually,
  expectVisible,
  launchBrowser,
  logIn,
  messageWith,
  newPerson,
  openConversation,
  register,
  screenshot,
  send,
  startChat,
  turnOnEncryption,
  type Person,
} from "./support";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

// Every WebSocket frame the page sent or received, as text.
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on("websocket", (ws) => {
    ws.on("framesent", (f) => frames.push(String(f.payload)));
    ws.on("framereceived", (f) => frames.push(String(f.payload)));
  });
  return frames;
}

// The frames of one request type the page sent, parsed.
function sent(frames: string[], type: string): Record<string, unknown>[] {
  return frames.map((f) => JSON.parse(f) as Record<string, unknown>).filter((f) => f.type === type);
}

// The user id natterd's auth reply gave the page.
function idOf(frames: string[], username: string): number {
  for (const f of frames) {
    const user = (JSON.parse(f) as { user?: { id?: number; username?: string } }).user;
    if (user?.username === username && typeof user.id === "number") return user.id;
  }
  throw new Error(`no auth reply for ${username}`);
}

describe("end-to-end encryption", () => {
  let server: RunningNatterd;
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let aliceFrames: string[];
  let bobFrames: string[];
  let carolFrames: string[];
  const marker = `moonlit-walrus-${Date.now().toString(36)}`;

  beforeAll(async () => {
    server = await startNatterd();
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    carol = await newPerson(browser, "carol");
    aliceFrames = recordFrames(alice.page);
    bobFrames = recordFrames(bob.page);
    carolFrames = recordFrames(carol.page);
    await register(alice, "Alice", server.url);
    await register(bob, "Bob", server.url);
    await register(carol, "Carol", server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("encrypts a direct chat both ways, with the lock shown, and the server sees only ciphertext", async () => {
    await startChat(alice, bob.username);
    await send(alice, "Hello Bob (before encryption)");
    await openConversation(bob, alice.username);
    await bob.page.getByRole("button", { name: "Accept" }).click();
    await eventually(() => alice.page.locator(".request-bar").isHidden(), true, "request accepted");

    await turnOnEncryption(alice);
    await expectVisible(conversationItem(alice, bob.username).locator(".lock-mark"));
    await expectVisible(bob.page.locator(".chat-header .lock-mark"));
    await expectVisible(conversationItem(bob, alice.username).locator(".lock-mark"));
    await expectVisible(bob.page.locator(".notice", { hasText: "turned on end-to-end encryption" }));

    await send(alice, `The password is ${marker}`);
    await expectVisible(messageWith(bob, `The password is ${marker}`));
    await send(bob, `Got it: **${marker}-reply**`);
    await expectVisible(messageWith(alice, `${marker}-reply`).locator("strong"));
    await screenshot(alice.page, "e2ee-chat");

    // Over the wire and on disk there is no trace of the text.
    const envelopes = sent(aliceFrames, "message.send").filter((f) => f.encrypted);
    expect(envelopes.length).toBeGreaterThan(0);
    for (const f of envelopes) expect(f.text).toBe("");
    for (const frame of [...aliceFrames, ...bobFrames]) expect(frame).not.toContain(marker);
    for (const file of filesUnder(server.dataDir)) expect(readFileSync(file).includes(marker), file).toBe(false);
    expect(alice.cspViolations).toEqual([]);
    expect(bob.cspViolations).toEqual([]);
  });

  it("gives a removed group member no key to the messages after the removal", async () => {
    const group = `Secret plans ${Date.now().toString(36)}`;
    const { page } = alice;
    await page.getByRole("button", { name: "New group" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Group name").fill(group);
    for (const p of [bob, carol]) {
      await dialog.getByLabel("Add members").fill(p.username);
      await dialog.getByRole("button", { name: p.username }).click();
      await expectVisible(dialog.locator(".chip", { hasText: p.username }));
    }
    await dialog.getByRole("button", { name: "Create group" }).click();
    await expectVisible(page.locator(".chat-title h2", { hasText: group }));
    // Bob chats with Alice already, so he is added; Carol is invited.
    await openConversation(carol, group);
    await carol.page.getByRole("button", { name: "Accept" }).click();
    await eventually(() => carol.page.locator(".request-bar").isHidden(), true, "invitation accepted");
    await openConversation(bob, group);
    await eventually(() => page.locator(".chat-title .subtitle").textContent(), "3 members · you are owner", "both joined");
    await turnOnEncryption(alice);
    await send(alice, "For all three of us");
    await expectVisible(messageWith(bob, "For all three of us"));
    await expectVisible(messageWith(carol, "For all three of us"));

    await page.getByRole("button", { name: "Members" }).click();
    await page.getByRole("dialog").locator(".member", { hasText: carol.username }).getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog", { name: `Remove ${carol.username}?` }).getByRole("button", { name: "Remove" }).click();
    await eventually(() => page.getByRole("dialog").locator(".member", { hasText: carol.username }).count(), 0, "carol removed");
    await page.keyboard.press("Escape");
    const keysBefore = sent(aliceFrames, "to_device.send").length;
    await send(alice, "Only for Bob now");
    await expectVisible(messageWith(bob, "Only for Bob now"));

    const sends = sent(aliceFrames, "message.send").filter((f) => f.encrypted);
    const [before, after] = sends.slice(-2).map((f) => (f.encrypted as { session_id: string }).session_id);
    expect(after).not.toBe(before);
    const newKeys = sent(aliceFrames, "to_device.send").slice(keysBefore);
    expect(newKeys.length).toBeGreaterThan(0);
    const to = newKeys.flatMap((f) => (f.messages as { user_id: number }[]).map((m) => m.user_id));
    expect(to).toContain(idOf(bobFrames, bob.username));
    expect(to).not.toContain(idOf(carolFrames, carol.username));
  });

  it("lets one tab of an account hold its keys; a second tab waits and takes over when the first closes", async () => {
    await openConversation(alice, bob.username);
    const second = await alice.context.newPage();
    await second.goto(server.url);
    await expectVisible(second.locator(".sidebar"));
    await second.locator(".conversation", { has: second.locator(`.conversation-name[title="@${bob.username}"]`) }).click();
    await expectVisible(second.getByText("this account's encryption is open in another tab"));
    await expectVisible(second.locator("article.message .undecryptable").first());
    expect(await second.getByRole("button", { name: "Send" }).isDisabled()).toBe(true);

    await openConversation(bob, alice.username);
    await alice.page.close();
    alice.page = second;
    await expectVisible(messageWith(alice, `The password is ${marker}`));
    await send(alice, "Sent from the tab that took over");
    await expectVisible(messageWith(bob, "Sent from the tab that took over"));
  });

  it("warns about a contact's re-created device and blocks sending until acknowledged; the new device cannot open older messages", async () => {
    // Bob signs out (his only device goes with the session) and comes back
    // on a fresh browser profile: a new device and a new self-signing key.
    await bob.page.getByTitle("Profile and settings").click();
    await bob.page.getByRole("dialog").getByRole("button", { name: "Log out", exact: true }).click();
    await expectVisible(bob.page.getByRole("button", { name: "Log in" }));
    const bob2: Person = await newPerson(browser, "bob");
    bob2.username = bob.username;
    await logIn(bob2, server.url);
    await openConversation(bob2, alice.username);
    await expectVisible(bob2.page.getByText("Unable to decrypt: the key has not arrived (yet)").first());

    await eventually(() => alice.page.locator(".key-warning").count(), 1, "key-change warning");
    await expectVisible(alice.page.locator(".key-warning", { hasText: `${bob.username}'s encryption keys changed.` }));
    expect(await alice.page.getByRole("button", { name: "Send" }).isDisabled()).toBe(true);
    await alice.page.getByLabel("Message", { exact: true }).fill("Should wait");
    await alice.page.getByLabel("Message", { exact: true }).press("Enter");
    await screenshot(alice.page, "e2ee-key-warning");
    await alice.page.getByRole("button", { name: "Acknowledge new keys" }).click();
    await eventually(() => alice.page.locator(".key-warning").count(), 0, "warning gone");
    await send(alice, "After the new keys");
    await expectVisible(messageWith(bob2, "After the new keys"));
    expect(await messageWith(bob2, "Should wait").count()).toBe(0);
  });
});
