// Contacts, declined requests, and the profile.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  expectVisible,
  launchBrowser,
  messageWith,
  newPerson,
  openConversation,
  register,
  screenshot,
  send,
  startChat,
  type Person,
} from "./support";

describe("people", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let carol: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    carol = await newPerson(browser, "carol");
    await register(alice);
    await register(bob, "Bob Builder");
    await register(carol);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("adds a contact, shows their presence, and removes them", async () => {
    // Presence is shown only to people who were accepted: bob adds alice
    // first, so that alice sees him once she adds him.
    await bob.page.getByRole("button", { name: "Contacts" }).click();
    const bobsDialog = bob.page.getByRole("dialog");
    await bobsDialog.getByLabel("Add a contact").fill(alice.username);
    await bobsDialog.getByRole("button", { name: alice.username }).click();
    await expectVisible(bobsDialog.locator(".contact", { hasText: alice.username }));
    await bob.page.keyboard.press("Escape");

    const { page } = alice;
    await page.getByRole("button", { name: "Contacts" }).click();
    const dialog = page.getByRole("dialog");
    await expectVisible(dialog.getByText("No contacts yet."));
    await dialog.getByLabel("Add a contact").fill(bob.username);
    await dialog.getByRole("button", { name: bob.username }).click();
    const row = dialog.locator(".contact", { hasText: bob.username });
    await expectVisible(row);
    await expectVisible(row.locator(".contact-status", { hasText: "online" }));
    await screenshot(page, "contacts");
    await row.getByRole("button", { name: `Remove ${bob.username} from contacts` }).click();
    await expectVisible(dialog.getByText("No contacts yet."));
    await page.keyboard.press("Escape");
  });

  it("tells the sender when a chat request is declined, and refuses further messages", async () => {
    await startChat(carol, alice.username);
    await send(carol, "Buy my timeshare");
    await openConversation(alice, carol.username);
    await expectVisible(messageWith(alice, "Buy my timeshare"));
    await alice.page.getByRole("button", { name: "Decline" }).click();
    await expectVisible(alice.page.getByText("You declined this chat request."));
    await expectVisible(carol.page.getByText(`${alice.username} declined your chat request.`));
    await send(carol, "Last chance");
    await expectVisible(messageWith(carol, "Last chance").locator('.tick[data-tick="failed"]'));
    await carol.page.getByRole("button", { name: "Discard" }).click();
    await eventually(() => messageWith(carol, "Last chance").count(), 0, "discarded");
  });

  it("edits the profile and sets a status", async () => {
    const { page } = bob;
    await page.locator(".me-button").click();
    const dialog = page.getByRole("dialog");
    await eventually(() => dialog.getByLabel("Email").inputValue(), `${bob.username}@example.com`, "email loaded");
    await dialog.getByLabel("Display name").fill("Bob the Builder");
    await dialog.getByLabel("Bio").fill("Can we fix it?\nYes we can");
    await dialog.getByRole("button", { name: "Save profile" }).click();
    await expectVisible(dialog.getByText("Profile saved."));
    await dialog.getByLabel("Status").selectOption("busy");
    await screenshot(page, "profile");
    await page.keyboard.press("Escape");
    await expectVisible(page.locator(".me-button", { hasText: "Bob the Builder" }));
    await expectVisible(page.locator(".me-button .presence-busy"));
    const me = await page.evaluate(async () => (await fetch("/api/v1/auth/refresh", { method: "POST", headers: { "X-Requested-With": "t" } })).json());
    expect(me.user).toMatchObject({ display_name: "Bob the Builder", bio: "Can we fix it?\nYes we can" });
  });
});
