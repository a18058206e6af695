// A thread in two browsers: one opens a thread under a message and replies
// in it; the other sees "1 reply · 1 new" under the root (the reply is not in
// the main timeline), opens the thread, answers, and the first sees the
// answer arrive live in the open panel and the count go up.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, expectVisible, launchBrowser, messageWith, newPerson, openConversation, register, screenshot, send, startChat, type Person } from "./support";

describe("threads", () => {
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

  const panel = (p: Person) => p.page.locator(".thread-panel");
  const inPanel = (p: Person, text: string) => panel(p).locator("article.message", { hasText: text });
  const rootLine = (p: Person) => p.page.locator(".messages").locator("article.message", { hasText: "Plan for Saturday?" }).locator(".thread-line");

  it("a reply in a thread shows as a count under the root, live, and opens in the panel", async () => {
    await startChat(alice, bob.username);
    await send(alice, "Plan for Saturday?");
    await openConversation(bob, alice.username);
    await bob.page.getByRole("button", { name: "Accept" }).click();
    const root = messageWith(bob, "Plan for Saturday?");
    await expectVisible(root);
    await root.hover();
    await root.getByRole("button", { name: "Thread" }).click();
    await expectVisible(panel(bob));
    const box = bob.page.getByLabel("Reply in thread");
    await box.fill("Hiking, if it does not rain");
    await box.press("Enter");
    await expectVisible(inPanel(bob, "Hiking, if it does not rain"));

    await eventually(() => rootLine(alice).textContent(), "1 reply · 1 new", "alice's count, live");
    expect(await alice.page.locator(".messages article.message", { hasText: "Hiking" }).count()).toBe(0);

    await rootLine(alice).click();
    await expectVisible(inPanel(alice, "Hiking, if it does not rain"));
    await eventually(() => rootLine(alice).textContent(), "1 reply", "read once the thread is open");
    const aliceBox = alice.page.getByLabel("Reply in thread");
    await aliceBox.fill("Count me in. I'll bring the map.");
    await aliceBox.press("Enter");

    await expectVisible(inPanel(bob, "Count me in."));
    await eventually(() => rootLine(bob).textContent(), "2 replies", "bob's count, with the thread open");
    await eventually(() => panel(bob).locator(".thread-header .subtitle").textContent(), "2 replies", "the panel's count");
    await send(bob, "Also: dinner after?");
    await expectVisible(messageWith(alice, "Also: dinner after?"));
    await screenshot(alice.page, "web-thread");
  });

  it("the thread survives a reload: the count comes from history and the panel pages the replies", async () => {
    await alice.page.reload();
    await openConversation(alice, bob.username);
    await eventually(() => rootLine(alice).textContent(), "2 replies", "the count from history");
    await rootLine(alice).click();
    await expectVisible(inPanel(alice, "Hiking, if it does not rain"));
    await expectVisible(inPanel(alice, "Count me in."));
    await alice.page.getByRole("button", { name: "Close thread" }).click();
    await eventually(() => panel(alice).isHidden(), true, "the panel closed");
  });
});
