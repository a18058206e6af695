// The app shell from the service worker: a reload while natterd is down shows
// the app's own offline page (not the browser's error page); the worker's
// cache holds the shell and nothing else; a new deployment replaces it whole.

import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatterd, type RunningNatterd } from "./global_setup";
import { eventually, expectVisible, launchBrowser, newPerson, register, type Person } from "./support";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist");

// A copy of the built app as a later deployment: its script under a new
// hashed name, and a marker in the page.
function nextVersion(): string {
  const root = mkdtempSync(path.join(tmpdir(), "natter-web-v2-"));
  cpSync(dist, root, { recursive: true });
  const script = readdirSync(path.join(root, "assets")).find((f) => f.endsWith(".js"))!;
  const renamed = script.replace(/\.js$/, "v2.js");
  renameSync(path.join(root, "assets", script), path.join(root, "assets", renamed));
  const index = readFileSync(path.join(root, "index.html"), "utf8").replace(script, renamed).replace("<head>", '<head>\n    <meta name="natter-version" content="2" />');
  writeFileSync(path.join(root, "index.html"), index);
  return root;
}

function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
    return out.sort();
  });
}

// The page, the icon, the files the page names, and the hashed files it
// fetched since (olm.wasm for end-to-end encryption).
function shellPaths(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>("script[src], link[href]")].map((e) => new URL("src" in e ? e.src : e.href).pathname);
    const fetched = performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.startsWith("/assets/"));
    return [...new Set(["/", "/favicon.svg", ...named, ...fetched])].sort();
  });
}

describe("offline shell", () => {
  let browser: Browser;
  let server: RunningNatterd;
  let pia: Person;
  let v2 = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startNatterd();
    pia = await newPerson(browser, "pia");
    await register(pia, "", server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (v2) rmSync(v2, { recursive: true, force: true });
  });

  it("caches only the shell: the page, its hashed assets and the icon", async () => {
    const { page } = pia;
    await eventually(() => page.evaluate(() => navigator.serviceWorker.controller !== null), true, "page controlled by the worker");
    await eventually(async () => JSON.stringify(await cachedPaths(page)) === JSON.stringify(await shellPaths(page)), true, "shell cached");
    const expected = await cachedPaths(page);
    expect(expected).toContain("/favicon.svg");
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

  it("loads a new deployment as soon as the server answers, and caches it in place of the old one", async () => {
    const { page } = pia;
    const old = await cachedPaths(page);
    v2 = nextVersion();
    server = await startNatterd([], { listen: new URL(server.url).host, webRoot: v2 });
    await page.reload();
    await eventually(() => page.locator('meta[name="natter-version"]').count(), 1, "new version loaded");
    const expected = await shellPaths(page);
    expect(expected).not.toEqual(old);
    await eventually(() => cachedPaths(page), expected, "new shell cached, old assets dropped");

    await server.stop();
    await page.reload();
    await expectVisible(page.getByRole("heading", { name: "Natter cannot reach its server" }));
    expect(await page.locator('meta[name="natter-version"]').count()).toBe(1);
  });
});
