// Helpers for driving the web app in headless Chromium (Debian's, never a
// downloaded one) the way a person would: by labels and roles.

import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Dialog, type Page } from "playwright-core";
import { expect, inject } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
// The README's screenshots are refreshed on request (NATTER_SCREENSHOTS=1);
// ordinary runs write theirs next to the build so the tree stays clean.
export const screenshotDir = process.env.NATTER_SCREENSHOTS
  ? path.resolve(here, "../../../../docs/screenshots")
  : path.resolve(here, "../../dist-screenshots");

// Generous: the machine may be busy building C++ while this runs.
export const WAIT = 30_000;

export function baseUrl(): string {
  return inject("baseUrl");
}

export async function launchBrowser(): Promise<Browser> {
  // Playwright gives every launch a fresh temporary --user-data-dir.
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

export interface Person {
  username: string;
  context: BrowserContext;
  page: Page;
  // Native dialogs (alert, confirm, prompt) the page opened: there must be none.
  dialogs: string[];
  // Console reports of Content-Security-Policy violations: there must be none.
  cspViolations: string[];
}

let counter = 0;
export function uniqueName(prefix: string): string {
  counter++;
  return `${prefix}${Date.now().toString(36).slice(-5)}${counter}`;
}

export async function newPerson(
  browser: Browser,
  prefix: string,
  viewport = { width: 1280, height: 800 },
  colorScheme: "light" | "dark" = "light",
): Promise<Person> {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  page.on("dialog", (d: Dialog) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.setDefaultTimeout(WAIT);
  return { username: uniqueName(prefix), context, page, dialogs, cspViolations };
}

export async function register(p: Person, displayName = "", url = baseUrl()): Promise<void> {
  const { page } = p;
  await page.goto(url);
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Email").fill(`${p.username}@example.com`);
  await page.getByLabel("Username").fill(p.username);
  if (displayName) await page.getByLabel("Display name (optional)").fill(displayName);
  await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await online(p);
}

// Waits until `read` returns `expected` (a condition, never a fixed delay);
// fails with the last value seen.
export async function eventually<T>(read: () => Promise<T>, expected: T, what = "condition"): Promise<void> {
  const deadline = Date.now() + WAIT;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(expected)) return;
    if (Date.now() > deadline) {
      expect(last, `${what} did not become ${JSON.stringify(expected)}`).toEqual(expected);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The shell is up and the socket is synced.
export async function online(p: Person): Promise<void> {
  await eventually(() => p.page.locator(".sidebar").isVisible(), true, "sidebar shown");
  await eventually(() => p.page.locator(".banner").isHidden(), true, "connection banner gone");
}

// Logs p in on a fresh page of its own (a new device, for end-to-end encryption).
export async function logIn(p: Person, url: string): Promise<void> {
  await p.page.goto(url);
  await p.page.getByLabel("Username or email").fill(p.username);
  await p.page.getByLabel("Password").fill("correct horse battery");
  await p.page.getByRole("button", { name: "Log in" }).click();
  await online(p);
}

// Turns end-to-end encryption on in the open conversation, through its confirmation.
export async function turnOnEncryption(p: Person): Promise<void> {
  await p.page.getByRole("button", { name: "Turn on encryption" }).click();
  await p.page.getByRole("dialog", { name: "Turn on end-to-end encryption?" }).getByRole("button", { name: "Turn on encryption" }).click();
  await expectVisible(p.page.locator(".chat-header .lock-mark"));
}

export async function startChat(p: Person, username: string): Promise<void> {
  await p.page.getByRole("button", { name: "New chat" }).click();
  await p.page.getByLabel("Find someone by username").fill(username);
  await p.page.getByRole("button", { name: username }).click();
  await expectVisible(p.page.locator(".chat-title h2", { hasText: username }));
}

// A conversation in the list by its name, or a direct chat by the other
// person's username (shown as the title when they have a display name).
export function conversationItem(p: Person, name: string) {
  const byTitle = p.page.locator(`.conversation-name[title="@${name}"]`);
  return p.page.locator(".conversation", { has: p.page.locator(".conversation-name", { hasText: name }).or(byTitle) });
}

export async function openConversation(p: Person, name: string): Promise<void> {
  await conversationItem(p, name).click();
  await expectVisible(p.page.locator(".chat-title h2", { hasText: name }));
}

export async function send(p: Person, text: string): Promise<void> {
  const box = p.page.getByLabel("Message", { exact: true });
  await box.fill(text);
  await box.press("Enter");
}

// The message whose text is exactly `text`.
export function messageWith(p: Person, text: string) {
  return p.page.locator("article.message").filter({ has: p.page.locator(".text", { hasText: text }) });
}

// The message whose whole text is `text`.
export function messageExactly(p: Person, text: string) {
  const exact = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  return p.page.locator("article.message").filter({ has: p.page.locator(".text", { hasText: exact }) });
}

/** Whether the message's sealed picture (an encrypted chat's) is drawn, from a blob: URL. */
export async function pictureDrawn(p: Person, text: string): Promise<boolean> {
  return messageWith(p, text)
    .locator(".sealed-picture img")
    .first()
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.src.startsWith("blob:"))
    .catch(() => false);
}

export async function expectVisible(locator: ReturnType<Page["locator"]>): Promise<void> {
  await locator.first().waitFor({ state: "visible", timeout: WAIT });
}

export async function tickOf(p: Person, text: string): Promise<string | null> {
  return messageWith(p, text).locator(".meta .tick").first().getAttribute("data-tick");
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

// Sends texts[i] in order from a second connection of the same user, the
// way another device would.
export async function sendFromAnotherDevice(p: Person, to: string, texts: string[]): Promise<void> {
  await p.page.evaluate(
    async ({ username, to, texts }) => {
      const login = await fetch("/api/v1/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ login: username, password: "correct horse battery" }),
      });
      const { access_token } = await login.json();
      const ws = new WebSocket(`ws://${location.host}/ws`);
      await new Promise((r) => (ws.onopen = r));
      let acked = 0;
      let authed: () => void = () => {};
      const auth = new Promise<void>((r) => (authed = r));
      const done = new Promise<void>((resolve, reject) => {
        ws.onmessage = (e) => {
          const frame = JSON.parse(e.data);
          if (frame.error) reject(new Error(JSON.stringify(frame)));
          if (frame.re === "a") authed();
          if (typeof frame.re === "string" && frame.re.startsWith("m") && ++acked === texts.length) resolve();
        };
      });
      ws.send(JSON.stringify({ type: "auth", id: "a", token: access_token }));
      await auth;
      texts.forEach((text, i) => ws.send(JSON.stringify({ type: "message.send", id: `m${i}`, to, client_msg_id: `bulk-${i}`, text })));
      await done;
      ws.close();
    },
    { username: p.username, to, texts },
  );
}
