// Groups of three with roles, and public rooms joined and left.

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
  screenshot,
  send,
  tickOf,
  type Person,
} from "./support";

describe("groups and rooms", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  const group = "Weekend hike";

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    carol = await newPerson(browser, "carol", { width: 1280, height: 800 }, "dark");
    await register(alice);
    await register(bob);
    await register(carol);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("creates a group of three where everyone reads everyone, with per-member ticks", async () => {
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

    // Neither has alice as a contact: both are invited, and join on accepting.
    for (const p of [bob, carol]) {
      await expectVisible(conversationItem(p, group).locator(".request-mark"));
      await openConversation(p, group);
      await expectVisible(p.page.getByText(`${alice.username} invited you to this group.`));
      await p.page.getByRole("button", { name: "Accept" }).click();
      await eventually(() => p.page.locator(".request-bar").isHidden(), true, "invitation accepted");
    }
    await send(alice, "Who is in for Saturday?");
    await expectVisible(messageWith(bob, "Who is in for Saturday?"));
    await expectVisible(messageWith(carol, "Who is in for Saturday?"));
    await send(bob, "Me!");
    await send(carol, "Count me in");
    await expectVisible(messageWith(alice, "Me!"));
    await expectVisible(messageWith(alice, "Count me in"));
    await expectVisible(messageWith(bob, "Count me in"));

    await eventually(() => tickOf(alice, "Who is in for Saturday?"), "read", "group tick");
    const detail = messageWith(alice, "Who is in for Saturday?").locator("details.tick-detail");
    await detail.locator("summary").click();
    await expectVisible(detail.locator("li", { hasText: bob.username }).getByText("Read"));
    await expectVisible(detail.locator("li", { hasText: carol.username }).getByText("Read"));
    await screenshot(alice.page, "group-chat");
    await screenshot(carol.page, "group-chat-dark");
  });

  it("lets the owner make a member admin and remove someone", async () => {
    const { page } = alice;
    await page.getByRole("button", { name: "Members" }).click();
    const dialog = page.getByRole("dialog");
    const bobRow = dialog.locator(".member", { hasText: bob.username });
    await bobRow.getByRole("button", { name: "Make admin" }).click();
    await expectVisible(bobRow.locator(".role", { hasText: "admin" }));
    await screenshot(page, "group-members");
    await dialog.locator(".member", { hasText: carol.username }).getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog", { name: `Remove ${carol.username}?` }).getByRole("button", { name: "Remove" }).click();
    await eventually(() => dialog.locator(".member", { hasText: carol.username }).count(), 0, "carol removed");
    await page.keyboard.press("Escape");
    await eventually(() => page.getByRole("dialog").count(), 0, "dialog closed by Escape");
    await expectVisible(messageWith(bob, "Count me in"));
    await expectVisible(bob.page.locator(".notice", { hasText: `${alice.username} removed ${carol.username}` }));
    await eventually(() => conversationItem(carol, group).count(), 0, "group gone from carol's list");
  });

  it("joins and leaves a room", async () => {
    const room = `hikers-${Date.now().toString(36)}`;
    const { page } = alice;
    await page.getByRole("button", { name: "Rooms" }).click();
    let dialog = page.getByRole("dialog");
    await dialog.getByLabel("Room name").fill(room);
    await dialog.getByLabel("Topic (optional)").fill("Trails and maps");
    await dialog.getByRole("button", { name: "Create room" }).click();
    await expectVisible(page.locator(".chat-title h2", { hasText: `#${room}` }));

    await carol.page.getByRole("button", { name: "Rooms" }).click();
    dialog = carol.page.getByRole("dialog");
    await expectVisible(dialog.locator(".room", { hasText: `#${room}` }));
    await screenshot(carol.page, "rooms");
    await dialog.getByRole("button", { name: `Join #${room}` }).click();
    await expectVisible(carol.page.locator(".chat-title h2", { hasText: `#${room}` }));
    await send(carol, "Hello hikers");
    await expectVisible(messageWith(alice, "Hello hikers"));
    await expectVisible(alice.page.locator(".notice", { hasText: `${carol.username} joined` }));

    await carol.page.getByRole("button", { name: "Leave room" }).click();
    await carol.page.getByRole("dialog", { name: `Leave #${room}?` }).getByRole("button", { name: "Leave room" }).click();
    await eventually(() => conversationItem(carol, `#${room}`).count(), 0, "room gone from carol's list");
    await expectVisible(alice.page.locator(".notice", { hasText: `${carol.username} left` }));
  });
});
