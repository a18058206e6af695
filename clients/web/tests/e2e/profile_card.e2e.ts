// People by display name, and the profile card: opened from a sender's name
// in a room, it shows the display name, username and bio (and no status the
// viewer may not see), blocks and unblocks, and "Message" opens the direct
// chat.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, expectVisible, launchBrowser, messageWith, newPerson, register, screenshot, send, type Person } from "./support";

describe("profile card", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  const room = `porch-${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    await register(alice);
    await register(bob, "Bob Builder");

    await bob.page.locator(".me-button").click();
    const profile = bob.page.getByRole("dialog");
    await eventually(() => profile.getByLabel("Display name").inputValue(), "Bob Builder", "profile loaded");
    await profile.getByLabel("Bio").fill("Can we fix it?");
    await profile.getByRole("button", { name: "Save profile" }).click();
    await expectVisible(profile.getByText("Profile saved."));
    await bob.page.keyboard.press("Escape");

    await alice.page.getByRole("button", { name: "Rooms" }).click();
    const rooms = alice.page.getByRole("dialog");
    await rooms.getByLabel("Room name").fill(room);
    await rooms.getByRole("button", { name: "Create room" }).click();
    await expectVisible(alice.page.locator(".chat-title h2", { hasText: `#${room}` }));
    await bob.page.getByRole("button", { name: "Rooms" }).click();
    await bob.page.getByRole("dialog").getByRole("button", { name: `Join #${room}` }).click();
    await expectVisible(bob.page.locator(".chat-title h2", { hasText: `#${room}` }));
    await send(bob, "Morning, porch people");
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows senders by display name, with the username on hover", async () => {
    const sender = messageWith(alice, "Morning, porch people").locator("button.sender");
    await eventually(() => sender.textContent(), "Bob Builder", "display name shown");
    expect(await sender.getAttribute("title")).toBe(`@${bob.username}`);
  });

  it("opens from a sender's name, blocks and unblocks", async () => {
    const { page } = alice;
    await messageWith(alice, "Morning, porch people").locator("button.sender").click();
    const card = page.getByRole("dialog", { name: "Profile" });
    await expectVisible(card.locator(".profile-name", { hasText: "Bob Builder" }));
    await expectVisible(card.getByText(`@${bob.username}`));
    await expectVisible(card.getByText("Can we fix it?"));
    // A fellow member of a public room is not shown one's status.
    expect(await card.locator(".profile-presence").count()).toBe(0);
    await screenshot(page, "web-profile-card");

    await card.getByRole("button", { name: "Block" }).click();
    await expectVisible(card.getByText("You blocked Bob Builder."));
    await expectVisible(card.getByRole("button", { name: "Unblock" }));
    await page.keyboard.press("Escape");

    // natterd remembers: the card opened again says so.
    await messageWith(alice, "Morning, porch people").locator("button.sender").click();
    const again = page.getByRole("dialog", { name: "Profile" });
    await again.getByRole("button", { name: "Unblock" }).click();
    await expectVisible(again.getByText("You unblocked Bob Builder."));
    await expectVisible(again.getByRole("button", { name: "Block" }));
    await page.keyboard.press("Escape");
  });

  it("'Message' opens the direct chat, titled by display name", async () => {
    const { page } = alice;
    await messageWith(alice, "Morning, porch people").locator("button.sender").click();
    await page.getByRole("dialog", { name: "Profile" }).getByRole("button", { name: "Message" }).click();
    const title = page.locator(".chat-title h2");
    await expectVisible(title.filter({ hasText: "Bob Builder" }));
    await expect(title.textContent()).resolves.toContain(`@${bob.username}`);
    await send(alice, "Hi Bob, about the porch");
    await expectVisible(messageWith(alice, "Hi Bob, about the porch"));
    expect(alice.cspViolations).toEqual([]);
  });
});
