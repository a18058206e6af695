// Renaming oneself while chats are open: both sides follow at once, without
// a reload (docs/protocol.md, "People by id").

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  conversationItem,
  eventually,
  expectVisible,
  launchBrowser,
  messageWith,
  newPerson,
  openConversation,
  register,
  send,
  startChat,
  tickOf,
  uniqueName,
  type Person,
} from "./support";

async function addContact(p: Person, username: string): Promise<void> {
  await p.page.getByRole("button", { name: "Contacts" }).click();
  const dialog = p.page.getByRole("dialog");
  await dialog.getByLabel("Add a contact").fill(username);
  await dialog.getByRole("button", { name: username }).click();
  await expectVisible(dialog.locator(".contact", { hasText: username }));
  await p.page.keyboard.press("Escape");
}

async function rename(p: Person, username: string): Promise<void> {
  const { page } = p;
  await page.locator(".me-button").click();
  const dialog = page.getByRole("dialog");
  await eventually(() => dialog.getByLabel("Username").inputValue(), p.username, "profile loaded");
  await dialog.getByLabel("Username").fill(username);
  await dialog.getByRole("button", { name: "Save profile" }).click();
  await expectVisible(dialog.getByText("Profile saved."));
  await page.keyboard.press("Escape");
  p.username = username;
}

describe("renames", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    await register(alice);
    await register(bob);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("keeps messages on their sides, names and ticks right on both open pages", async () => {
    await addContact(bob, alice.username);
    await startChat(alice, bob.username);
    await send(alice, "Before the rename");
    await openConversation(bob, alice.username);
    await expectVisible(messageWith(bob, "Before the rename"));

    await rename(alice, uniqueName("alicia"));

    const isOwn = async () => ((await messageWith(alice, "Before the rename").getAttribute("class")) ?? "").includes("own");
    await eventually(isOwn, true, "alice's earlier message still hers");
    await expectVisible(conversationItem(bob, alice.username));

    // Receipts under the new name reach both sides' ticks.
    await send(alice, "After the rename");
    await expectVisible(messageWith(bob, "After the rename"));
    await eventually(() => tickOf(alice, "After the rename"), "read", "alice's message read by bob");
    await send(bob, "Welcome back");
    await expectVisible(messageWith(alice, "Welcome back"));
    await eventually(() => tickOf(bob, "Welcome back"), "read", "bob's message read by alice");
  });
});
