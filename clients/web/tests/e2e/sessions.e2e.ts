// The profile dialog's sessions list: two browsers of one person, and "Log
// out other devices" sending the other one back to the log-in screen.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, eventually, expectVisible, launchBrowser, newPerson, online, register, type Person } from "./support";

describe("sessions", () => {
  let browser: Browser;
  let laptop: Person;
  let phone: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    laptop = await newPerson(browser, "sam");
    phone = await newPerson(browser, "sam", { width: 375, height: 740 });
    phone.username = laptop.username;
    await register(laptop);
    await phone.page.goto(baseUrl());
    await phone.page.getByLabel("Username or email").fill(laptop.username);
    await phone.page.getByLabel("Password").fill("correct horse battery");
    await phone.page.getByRole("button", { name: "Log in" }).click();
    await online(phone);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("lists both browsers and logs the other one out", async () => {
    const { page } = laptop;
    await page.locator(".me-button").click();
    const dialog = page.getByRole("dialog");
    const sessions = dialog.locator(".session-list .session");
    await expectVisible(sessions.nth(1));
    expect(await sessions.count()).toBe(2);
    expect(await dialog.locator('.session[data-current="true"]').count()).toBe(1);
    await expectVisible(dialog.locator('.session[data-current="true"]', { hasText: "(this device)" }));
    await expectVisible(dialog.locator(".session", { hasText: "Chrome on Linux" }));
    await dialog.getByRole("button", { name: "Log out other devices" }).click();
    await expectVisible(phone.page.getByRole("button", { name: "Log in" }));
    await eventually(() => sessions.count(), 1, "sessions left");
    expect(await dialog.getByRole("button", { name: "Log out other devices" }).isHidden()).toBe(true);
    expect(laptop.dialogs).toEqual([]);
    expect(laptop.cspViolations).toEqual([]);
  });
});
