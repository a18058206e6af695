// Reactions and pins in two browsers: the emoji picker (emoji-mart, under the
// strict CSP) adds a reaction, both see the count and who reacted, a click on
// it takes it back; the composer's emoji button inserts an emoji; a pin shows
// as a notice on both sides, and the pinned list shows a pinned message in
// its place in the history.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  expectVisible,
  launchBrowser,
  messageExactly,
  messageWith,
  newPerson,
  online,
  openConversation,
  register,
  screenshot,
  send,
  sendFromAnotherDevice,
  startChat,
  type Person,
} from "./support";

// Opens the picker with `open`, finds the emoji by a search word and picks it.
// With shot, the picker is photographed before the pick.
async function pickEmoji(p: Person, open: () => Promise<void>, word: string, emoji: string, shot = ""): Promise<void> {
  await open();
  const dialog = p.page.getByRole("dialog");
  const search = dialog.locator("natter-emoji-picker input[type=search]");
  await expectVisible(search);
  await search.fill(word);
  const choice = dialog.locator(`natter-emoji-picker button[aria-label="${emoji}"]`).first();
  await expectVisible(choice);
  if (shot) await screenshot(p.page, shot);
  await choice.click();
  await eventually(() => dialog.count(), 0, "picker closed");
}

describe("reactions", () => {
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

  it("a reaction picked by one shows with its count to both, and a click takes it back", async () => {
    await startChat(alice, bob.username);
    await send(alice, "Lunch at noon?");
    await openConversation(bob, alice.username);
    const onBob = messageWith(bob, "Lunch at noon?");
    await expectVisible(onBob);
    await onBob.hover();
    await pickEmoji(bob, () => onBob.getByRole("button", { name: "React" }).click(), "thumbs", "👍");

    const onAlice = messageWith(alice, "Lunch at noon?");
    const chipForAlice = onAlice.locator(".reaction", { hasText: "👍 1" });
    await expectVisible(chipForAlice);
    await eventually(() => chipForAlice.getAttribute("title"), bob.username, "who reacted");
    await eventually(() => chipForAlice.getAttribute("aria-pressed"), "false", "not alice's own");

    await chipForAlice.click(); // alice adds hers
    await expectVisible(onBob.locator(".reaction", { hasText: "👍 2" }));
    const chipForBob = onBob.locator(".reaction", { hasText: "👍 2" });
    await eventually(() => chipForBob.getAttribute("aria-pressed"), "true", "bob's own");
    await chipForBob.click(); // bob takes his back
    await expectVisible(onAlice.locator(".reaction", { hasText: "👍 1" }));

    await onAlice.hover();
    await pickEmoji(alice, () => onAlice.getByRole("button", { name: "React" }).click(), "party", "🎉", "web-reactions");
    await expectVisible(onBob.locator(".reaction", { hasText: "🎉 1" }));
    expect(alice.cspViolations).toEqual([]);
    expect(bob.cspViolations).toEqual([]);
  });

  it("the composer's emoji button puts the emoji where the caret is", async () => {
    const box = alice.page.getByLabel("Message", { exact: true });
    await box.fill("See you ");
    await pickEmoji(alice, () => alice.page.getByRole("button", { name: "Insert emoji" }).click(), "wave", "👋");
    await eventually(() => box.inputValue(), "See you 👋", "emoji inserted");
    await box.press("Enter");
    await expectVisible(messageWith(bob, "See you 👋"));
  });

  it("either person pins a message in a direct chat and both see it", async () => {
    const onAlice = messageWith(alice, "Lunch at noon?");
    await onAlice.hover();
    await onAlice.getByRole("button", { name: "Pin" }).click();
    await expectVisible(bob.page.getByText(`${alice.username} pinned a message: “Lunch at noon?”`));
    await expectVisible(alice.page.getByText(`${alice.username} pinned a message: “Lunch at noon?”`));
  });

  it("the pinned list shows a pinned message in its place, however far back", async () => {
    await sendFromAnotherDevice(bob, `@${alice.username}`, Array.from({ length: 160 }, (_, i) => `later ${i}`));
    const { page } = alice;
    // A fresh page holds no history: the jump has to load it.
    await page.reload();
    await online(alice);
    await openConversation(alice, bob.username);
    await expectVisible(messageExactly(alice, "later 159"));
    await page.getByRole("button", { name: "Pinned" }).click();
    const dialog = page.getByRole("dialog", { name: "Pinned messages" });
    const item = dialog.locator(".pinned-message", { hasText: "Lunch at noon?" });
    await expectVisible(item);
    await expect(item.textContent()).resolves.toContain(`Pinned by ${alice.username}`);
    await item.click();
    await expectVisible(page.locator("article.message.found", { hasText: "Lunch at noon?" }));
    await eventually(() => page.locator("article.message.found").isVisible(), true, "scrolled to");
  });
});
