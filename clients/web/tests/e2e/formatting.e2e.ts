// Formatted messages: the Markdown subset renders for both people, and
// hostile input (script links, raw HTML, deep quotes) stays inert text.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationItem, eventually, expectVisible, launchBrowser, messageWith, newPerson, openConversation, register, screenshot, send, startChat, type Person } from "./support";

describe("formatted messages", () => {
  let browser: Browser;
  let ada: Person;
  let max: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    ada = await newPerson(browser, "ada");
    max = await newPerson(browser, "max");
    await register(ada, "Ada");
    await register(max, "Max");
    await startChat(ada, max.username);
    await send(ada, "hello");
    await openConversation(max, ada.username);
    await max.page.getByRole("button", { name: "Accept" }).click();
    await eventually(() => ada.page.locator(".request-bar").isHidden(), true, "accepted");
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders bold, italic, strikethrough, code, code blocks, quotes, lists and links", async () => {
    const box = ada.page.getByLabel("Message", { exact: true });
    await box.fill("**Plan** for _today_ ~~tomorrow~~ with `make test`\n> quoted line\n\n- first\n- second\n\n```\nint main() {}\n```\nsee [the docs](https://example.com/docs)");
    await box.press("Enter");
    const shown = messageWith(max, "Plan");
    await expectVisible(shown);
    const text = shown.locator(".text");
    expect(await text.locator("strong").textContent()).toBe("Plan");
    expect(await text.locator("em").textContent()).toBe("today");
    expect(await text.locator("s").textContent()).toBe("tomorrow");
    expect(await text.locator("p > code").textContent()).toBe("make test");
    expect(await text.locator("blockquote").textContent()).toBe("quoted line");
    expect(await text.locator("ul > li").allTextContents()).toEqual(["first", "second"]);
    expect(await text.locator("pre > code").textContent()).toBe("int main() {}\n");
    expect(await text.locator("pre").evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono/i);
    const link = text.locator("a");
    expect(await link.getAttribute("href")).toBe("https://example.com/docs");
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    // The list shows the words, not the markup.
    await eventually(async () => (await conversationItem(max, ada.username).locator(".conversation-preview").textContent())?.startsWith("Plan for today tomorrow"), true, "plain preview");
    await screenshot(max.page, "formatting");
  });

  it("keeps hostile input inert: script links, raw HTML, event handlers, deep quotes", async () => {
    const hostile = [
      "[click me](javascript:alert(1))",
      "<a href=\"javascript:alert(2)\">raw link</a> <img src=x onerror=alert(3)> <iframe src=https://example.com></iframe>",
      "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==) <javascript:alert(5)>",
      `${"> ".repeat(500)}deep`,
      "**<svg onload=alert(6)>** `<style>*{display:none}</style>`",
    ].join("\n\n");
    await send(ada, hostile);
    const shown = messageWith(max, "click me");
    await expectVisible(shown);
    for (const p of [ada, max]) {
      const text = messageWith(p, "click me").locator(".text");
      // Nothing outside the allowlist, and no link that is not http(s).
      expect(await text.locator("img, iframe, svg, style, script").count()).toBe(0);
      const hrefs = await text.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      for (const href of hrefs) expect(href).toMatch(/^https?:/);
      expect(await text.locator("[onerror], [onload], [style]").count()).toBe(0);
      expect(await text.textContent()).toContain("<img src=x onerror=alert(3)>");
      expect(await text.locator("blockquote").count()).toBeLessThanOrEqual(40);
      expect(p.dialogs).toEqual([]);
      expect(p.cspViolations).toEqual([]);
    }
    // A click on the neutered link goes nowhere.
    await shown.locator(".text").getByText("click me").click();
    expect(max.dialogs).toEqual([]);
    expect(max.page.url()).not.toContain("javascript");
  });
});
