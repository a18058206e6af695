// The same app at phone and desktop widths.

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

async function horizontalOverflow(p: Person): Promise<number> {
  return p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe("layout", () => {
  let browser: Browser;
  let phone: Person;
  let desk: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    phone = await newPerson(browser, "pat", { width: 375, height: 740 });
    desk = await newPerson(browser, "dana", { width: 1280, height: 800 });
    await register(phone, "Pat on the phone");
    await register(desk, "Dana at the desk");
    await startChat(desk, phone.username);
    await send(desk, "Can you read this on your phone? A long line of text that has to wrap nicely on a narrow screen.");
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows one pane at a time at 375 px, without sideways scrolling", async () => {
    const { page } = phone;
    await expectVisible(conversationItem(phone, desk.username));
    expect(await page.locator(".chat").isVisible()).toBe(false);
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    await screenshot(page, "mobile-list");

    await openConversation(phone, desk.username);
    expect(await page.locator(".sidebar").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Accept" }).click();
    await send(phone, "Yes, loud and clear");
    await expectVisible(messageWith(desk, "Yes, loud and clear"));
    await expectVisible(messageWith(phone, "Can you read this on your phone?"));
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(0);
    const composer = await page.getByLabel("Message", { exact: true }).boundingBox();
    expect(composer).not.toBeNull();
    expect(composer!.x + composer!.width).toBeLessThanOrEqual(375);
    await screenshot(page, "mobile-chat");

    await page.getByRole("button", { name: "Back to conversations" }).click();
    await eventually(() => page.locator(".sidebar").isVisible(), true, "list shown again");
  });

  it("shows the list and the chat side by side at 1280 px", async () => {
    const { page } = desk;
    const sidebar = await page.locator(".sidebar").boundingBox();
    const chat = await page.locator(".chat").boundingBox();
    expect(sidebar).not.toBeNull();
    expect(chat).not.toBeNull();
    expect(sidebar!.x).toBe(0);
    expect(chat!.x).toBeGreaterThanOrEqual(sidebar!.width - 1);
    expect(chat!.x + chat!.width).toBeLessThanOrEqual(1280);
    expect(await horizontalOverflow(desk)).toBeLessThanOrEqual(0);
  });

  it("sends with Enter and keeps Shift+Enter for a new line", async () => {
    const box = desk.page.getByLabel("Message", { exact: true });
    await box.fill("first line");
    await box.press("Shift+Enter");
    await box.pressSequentially("second line");
    expect(await box.inputValue()).toBe("first line\nsecond line");
    await box.press("Enter");
    await openConversation(phone, desk.username);
    await expectVisible(messageWith(phone, "second line"));
    expect(await messageWith(phone, "second line").locator(".text").textContent()).toBe("first line\nsecond line");
    expect(await box.inputValue()).toBe("");
  });
});
