// Long histories, the "new messages" divider, and the session across reloads.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conversationItem,
  eventually,
  expectVisible,
  launchBrowser,
  messageExactly,
  messageWith,
  newPerson,
  openConversation,
  online,
  register,
  send,
  sendFromAnotherDevice,
  startChat,
  tickOf,
  type Person,
} from "./support";

describe("history", () => {
  let browser: Browser;
  let sam: Person;
  let kim: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    sam = await newPerson(browser, "sam");
    kim = await newPerson(browser, "kim");
    await register(sam);
    await register(kim);
    await startChat(kim, sam.username);
    await send(kim, "Hi Sam");
    await openConversation(sam, kim.username);
    await sam.page.getByRole("button", { name: "Accept" }).click();
    await send(sam, "Hi Kim, I'll send you the whole log");
    await expectVisible(messageWith(kim, "I'll send you the whole log"));
    // Kim has read it (else it would count as unread after the reload).
    await eventually(() => tickOf(sam, "I'll send you the whole log"), "read", "read by kim");
    // Kim comes back later, with no conversation open.
    await kim.page.reload();
    await online(kim);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("marks where the unread messages start and loads older history while scrolling up", async () => {
    await sendFromAnotherDevice(
      sam,
      `@${kim.username}`,
      Array.from({ length: 130 }, (_, i) => `bulk message ${i + 1}`),
    );
    await eventually(() => conversationItem(kim, sam.username).locator(".badge").textContent(), "130", "unread badge");

    // A fresh page holds nothing yet: the history comes page by page.
    await kim.page.reload();
    await online(kim);
    await openConversation(kim, sam.username);
    await expectVisible(messageWith(kim, "bulk message 130"));
    expect(await messageExactly(kim, "bulk message 1").count()).toBe(0);

    const scroller = kim.page.locator(".messages");
    const start = Date.now();
    while ((await kim.page.getByText("This is the beginning of the conversation.").count()) === 0) {
      const before = await kim.page.locator("article.message").count();
      await scroller.evaluate((el) => (el.scrollTop = 0));
      await kim.page.waitForFunction(
        (n) => document.querySelectorAll("article.message").length > n || document.querySelector(".history-edge")?.textContent !== "",
        before,
      );
      if (Date.now() - start > 60_000) throw new Error("history never reached its start");
    }
    await expectVisible(messageWith(kim, "Hi Sam"));
    await expectVisible(messageExactly(kim, "bulk message 1"));
    const divider = kim.page.locator(".new-divider");
    await expectVisible(divider);
    // The divider sits right before the first unread message.
    const next = await divider.evaluate((el) => {
      let sibling = el.nextElementSibling;
      while (sibling && !sibling.querySelector(".text")) sibling = sibling.nextElementSibling;
      return sibling?.querySelector(".text")?.textContent;
    });
    expect(next).toBe("bulk message 1");
    expect(await kim.page.locator(".day-separator").count()).toBeGreaterThanOrEqual(1);
  });

  it("keeps the session across a reload through the HttpOnly cookie, and keeps no token in web storage", async () => {
    const stored = await sam.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toMatch(/token|natter_refresh|eyJ/);
    await sam.page.reload();
    await online(sam);
    await expectVisible(conversationItem(sam, kim.username));
  });

  it("logs out and back in", async () => {
    await sam.page.locator(".me-button").click();
    await sam.page.getByRole("dialog").getByRole("button", { name: "Log out", exact: true }).click();
    await expectVisible(sam.page.getByRole("heading", { name: "Log in" }));
    await sam.page.reload();
    await expectVisible(sam.page.getByRole("heading", { name: "Log in" }));
    await sam.page.getByLabel("Username or email").fill(sam.username);
    await sam.page.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await sam.page.getByRole("button", { name: "Log in" }).click();
    await online(sam);
    await expectVisible(conversationItem(sam, kim.username));
  });
});
