// Mentions: @ in the composer offers the group's members (keyboard and
// mouse), a mention is highlighted for the one it names, the sidebar shows
// unread mentions as "@n", and a mention notifies even in a muted chat.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
  startChat,
  type Person,
} from "./support";

describe("mentions", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  const group = "Release crew";

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    carol = await newPerson(browser, "carol");
    await register(alice);
    await register(bob);
    await register(carol);
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
    for (const p of [bob, carol]) {
      await openConversation(p, group);
      await p.page.getByRole("button", { name: "Accept" }).click();
      await eventually(() => p.page.locator(".request-bar").isHidden(), true, "invitation accepted");
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("completes @names of the members with the keyboard and highlights the mention for whom it names", async () => {
    const box = alice.page.getByLabel("Message", { exact: true });
    await box.fill("");
    await box.pressSequentially("Ship it @");
    const list = alice.page.getByRole("listbox", { name: "Mention someone" });
    await expectVisible(list);
    const names = [bob.username, carol.username].sort();
    await eventually(() => list.getByRole("option").allTextContents(), names.map((n) => `@${n}`), "both members offered");
    await eventually(() => list.getByRole("option", { selected: true }).textContent(), `@${names[0]}`);
    await box.press("ArrowDown");
    await eventually(() => list.getByRole("option", { selected: true }).textContent(), `@${names[1]}`);
    await box.press("ArrowDown");
    await eventually(() => list.getByRole("option", { selected: true }).textContent(), `@${names[0]}`, "wraps around");
    await box.press("Escape");
    await eventually(() => list.isHidden(), true, "Escape closes the list");
    await box.pressSequentially(bob.username.slice(0, 4));
    await expectVisible(list);
    await screenshot(alice.page, "mention-autocomplete");
    await box.press("Tab");
    await eventually(() => box.inputValue(), `Ship it @${bob.username} `);
    expect(await list.isHidden()).toBe(true);
    await box.pressSequentially("today");
    await box.press("Enter");

    const atBob = messageWith(bob, "Ship it");
    await expectVisible(atBob.locator(".mention.mention-me", { hasText: `@${bob.username}` }));
    expect(await atBob.getAttribute("class")).toContain("mentions-me");
    const atCarol = messageWith(carol, "Ship it");
    await expectVisible(atCarol.locator(".mention", { hasText: `@${bob.username}` }));
    expect(await atCarol.getAttribute("class")).not.toContain("mentions-me");
    expect(await atCarol.locator(".mention-me").count()).toBe(0);
    await screenshot(bob.page, "mention-highlight");
  });

  it("counts unread mentions in the sidebar and notifies of a mention in a muted chat", async () => {
    await bob.page.getByRole("button", { name: "Mute", exact: true }).click();
    await expectVisible(conversationItem(bob, group).locator(".muted-mark"));
    await startChat(bob, carol.username); // the group is no longer on screen

    await send(alice, "Plain news for everyone");
    await send(alice, `Can you check the build, @${bob.username}?`);
    await expectVisible(bob.page.locator(".toast", { hasText: "Can you check the build" }));
    expect(await bob.page.locator(".toast", { hasText: "Plain news" }).count()).toBe(0);
    const item = conversationItem(bob, group);
    await eventually(() => item.locator(".badge-mention").textContent(), "@1", "one unread mention");
    await eventually(() => item.locator(".badge-muted").textContent(), "2", "two unread, muted");
    await screenshot(bob.page, "mention-badge");

    await openConversation(bob, group);
    await eventually(() => item.locator(".badge-mention").count(), 0, "read: no mention badge");
    await bob.page.getByRole("button", { name: "Muted", exact: true }).click();
    expect(bob.dialogs).toEqual([]);
    expect(bob.cspViolations).toEqual([]);
  });
});
