// Message search: the search box finds a message deep in a room's history,
// and choosing it opens the room with the history around it loaded and the
// message scrolled into view and marked.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectVisible, launchBrowser, messageExactly, newPerson, online, register, screenshot, sendFromAnotherDevice, type Person } from "./support";

describe("message search", () => {
  let browser: Browser;
  let ada: Person;
  const room = `archive-${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    ada = await newPerson(browser, "ada");
    await register(ada);
    const { page } = ada;
    await page.getByRole("button", { name: "Rooms" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Room name").fill(room);
    await dialog.getByRole("button", { name: "Create room" }).click();
    await expectVisible(page.locator(".chat-title h2", { hasText: `#${room}` }));
    const texts = Array.from({ length: 300 }, (_, i) => (i === 40 ? "the quarterly zeppelin report is attached" : `bulk message ${i}`));
    await sendFromAnotherDevice(ada, `#${room}`, texts);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("jumps from a result to the message in its conversation, with the history around it loaded", async () => {
    const { page } = ada;
    // A fresh page holds no history: the jump has to load it.
    await page.reload();
    await online(ada);
    await page.getByRole("button", { name: "Search messages" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Search messages").fill('"Zeppe* -(quarter');
    await dialog.getByRole("button", { name: "Search", exact: true }).click();
    const hit = dialog.locator(".search-hit", { hasText: "the quarterly zeppelin report is attached" });
    await expectVisible(hit);
    expect(await dialog.locator(".search-hit").count()).toBe(1);
    await expect(hit.textContent()).resolves.toContain(`#${room}`);
    await screenshot(page, "web-search");
    await hit.click();

    await expectVisible(page.locator(".chat-title h2", { hasText: `#${room}` }));
    const found = messageExactly(ada, "the quarterly zeppelin report is attached");
    await expectVisible(found);
    await expectVisible(page.locator("article.message.found"));
    expect(await page.locator("article.message.found .text").textContent()).toBe("the quarterly zeppelin report is attached");
    // The messages around it are loaded too, and it is on screen.
    await expectVisible(messageExactly(ada, "bulk message 39"));
    await expectVisible(messageExactly(ada, "bulk message 41"));
    const box = await found.boundingBox();
    const view = await page.locator(".messages").boundingBox();
    expect(box && view && box.y >= view.y && box.y + box.height <= view.y + view.height).toBe(true);
    expect(ada.dialogs).toEqual([]);
    expect(ada.cspViolations).toEqual([]);
  });

  it("says when nothing is found and shows the server's refusal of a query without words", async () => {
    const { page } = ada;
    await page.getByRole("button", { name: "Search messages" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Search messages").fill("nonexistentword");
    await dialog.getByRole("button", { name: "Search", exact: true }).click();
    await expectVisible(dialog.getByText("No messages found."));
    await dialog.getByLabel("Search messages").fill('" * ( )');
    await dialog.getByRole("button", { name: "Search", exact: true }).click();
    await expectVisible(dialog.getByText("A search needs a word of letters or digits."));
  });
});
