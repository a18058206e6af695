// Room moderation from the members list: the owner mutes and bans someone,
// sets the topic, and everyone sees what happened.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { conversationItem, eventually, expectVisible, launchBrowser, messageWith, newPerson, register, send, type Person } from "./support";

describe("room moderation", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  const room = `lobby-${Date.now().toString(36)}`;

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

  it("the owner mutes, then bans someone from the members list, and sets the topic", async () => {
    await alice.page.getByRole("button", { name: "Rooms" }).click();
    let dialog = alice.page.getByRole("dialog");
    await dialog.getByLabel("Room name").fill(room);
    await dialog.getByRole("button", { name: "Create room" }).click();
    await expectVisible(alice.page.locator(".chat-title h2", { hasText: `#${room}` }));

    await bob.page.getByRole("button", { name: "Rooms" }).click();
    dialog = bob.page.getByRole("dialog");
    await dialog.getByRole("button", { name: `Join #${room}` }).click();
    await expectVisible(bob.page.locator(".chat-title h2", { hasText: `#${room}` }));
    await send(bob, "Hello all");
    await expectVisible(messageWith(alice, "Hello all"));

    await alice.page.getByRole("button", { name: "Members" }).click();
    dialog = alice.page.getByRole("dialog");
    const bobRow = dialog.locator(`.member[data-user="${bob.username}"]`);
    await bobRow.getByRole("button", { name: "Mute", exact: true }).click();
    await expectVisible(bob.page.locator(".notice", { hasText: `${alice.username} muted ${bob.username}` }));

    await dialog.getByLabel("Topic").fill("Be kind");
    await dialog.getByRole("button", { name: "Set topic" }).click();
    await expectVisible(bob.page.locator(".notice", { hasText: "Topic: Be kind" }));

    await bobRow.getByRole("button", { name: "Ban", exact: true }).click();
    await eventually(() => dialog.locator(`.member[data-user="${bob.username}"]`).count(), 0, "bob gone from the members list");
    await expectVisible(alice.page.locator(".notice", { hasText: `${alice.username} banned ${bob.username}` }));
    await eventually(() => conversationItem(bob, `#${room}`).count(), 0, "room gone from bob's list");
    await alice.page.keyboard.press("Escape");

    await bob.page.getByRole("button", { name: "Rooms" }).click();
    dialog = bob.page.getByRole("dialog");
    await dialog.getByRole("button", { name: `Join #${room}` }).click();
    await expectVisible(dialog.getByText("banned", { exact: false }));
  });
});
