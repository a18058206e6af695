// The app shell from the service worker: a reload while natterd is down shows
// the app's own offline page (not the browser's error page), which comes
// back by itself; the worker's cache holds the shell and nothing else.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatterd, type RunningNatterd } from "./global_setup";
import { eventually, expectVisible, launchBrowser, newPerson, register, type Person } from "./support";

describe("offline shell", () => {
  let browser: Browser;
  let server: RunningNatterd;
  let pia: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startNatterd();
    pia = await newPerson(browser, "pia");
    await register(pia, "", server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("caches only the shell: the page, its hashed assets and the icon", async () => {
    const { page } = pia;
    await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null), true, "page controlled by the worker");
    const assets = await page.evaluate(() => [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[href]")].map((e) => new URL("src" in e ? e.src : e.href).pathname));
    const expected = [...new Set(["/", "/favicon.svg", ...assets])].sort();
    const cached = () =>
      page.evaluate(async () => {
        const out: string[] = [];
        for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
        return out.sort();
      });
    await eventually(cached, expected, "shell cached");
    expect(expected.some((p) => p.startsWith("/api") || p.startsWith("/ws"))).toBe(false);
  });

  it("shows the app's own offline page when reloaded while the server is down", async () => {
    const { page } = pia;
    await server.stop();
    await page.reload();
    await expectVisible(page.getByRole("heading", { name: "Natter cannot reach its server" }));
    await expectVisible(page.getByRole("button", { name: "Try again now" }));
    // The shell keeps its Content-Security-Policy offline: no violations.
    expect(pia.cspViolations).toEqual([]);
  });
});
