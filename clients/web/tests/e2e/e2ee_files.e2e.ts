// Files in an encrypted direct chat (docs/security.md, "Encrypted files"):
// a picture and a file sealed in one browser are shown and saved in the
// other, the server holds only ciphertext (not even the names), and an edit
// of the message keeps its files.

import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drawPng } from "./media_support";
import {
  baseUrl,
  eventually,
  expectVisible,
  launchBrowser,
  messageWith,
  newPerson,
  openConversation,
  pictureDrawn,
  register,
  send,
  startChat,
  turnOnEncryption,
  type Person,
} from "./support";

// Every WebSocket frame the page sent, parsed.
function recordSent(page: Page): Record<string, unknown>[] {
  const frames: Record<string, unknown>[] = [];
  page.on("websocket", (ws) => ws.on("framesent", (f) => frames.push(JSON.parse(String(f.payload)) as Record<string, unknown>)));
  return frames;
}

describe("files in an encrypted chat", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let aliceSent: Record<string, unknown>[];
  let bobSent: Record<string, unknown>[];
  const uploadUrls: string[] = [];
  let png: Buffer;
  const bytes = Buffer.alloc(50_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
  const fileName = "ledger <img src=x onerror=alert(1)> 2026.bin";
  const caption = `Holiday files ${Date.now().toString(36)}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    aliceSent = recordSent(alice.page);
    bobSent = recordSent(bob.page);
    alice.page.on("request", (r) => {
      if (r.method() === "POST" && r.url().includes("/api/v1/media")) uploadUrls.push(r.url());
    });
    await register(alice, "Alice");
    await register(bob, "Bob");
    await startChat(alice, bob.username);
    await send(alice, "Hello Bob");
    await openConversation(bob, alice.username);
    await bob.page.getByRole("button", { name: "Accept" }).click();
    await eventually(() => alice.page.locator(".request-bar").isHidden(), true, "request accepted");
    await turnOnEncryption(alice);
    await expectVisible(bob.page.locator(".chat-header .lock-mark"));
    png = await drawPng(alice.page, "scene", 160, 100);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("sends a picture and a file that the other side shows and saves, while the server holds only ciphertext", async () => {
    const chooser = alice.page.waitForEvent("filechooser");
    await alice.page.getByRole("button", { name: "Attach files" }).click();
    await (await chooser).setFiles([
      { name: "beach.png", mimeType: "image/png", buffer: png },
      { name: fileName, mimeType: "application/octet-stream", buffer: bytes },
    ]);
    await expectVisible(alice.page.locator(".upload-tray .upload", { hasText: "beach.png" }));
    await send(alice, caption);

    // The sender's own copy opens from its plaintext too.
    await eventually(() => pictureDrawn(alice, caption), true, "picture drawn for alice");
    await eventually(() => pictureDrawn(bob, caption), true, "picture drawn for bob");
    const card = messageWith(bob, caption).locator(".file-card");
    expect(await card.locator(".file-name").textContent()).toBe(fileName);
    expect(await card.locator(".file-size").textContent()).toBe("49 KB");
    expect(await bob.page.locator(".messages [onerror]").count()).toBe(0);

    const download = bob.page.waitForEvent("download");
    await card.getByRole("button", { name: `Download ${fileName}` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toContain("2026.bin");
    expect(readFileSync((await file.path())!).equals(bytes)).toBe(true);

    // What went over the wire: an envelope with the two uploads, no text, no names.
    const sends = aliceSent.filter((f) => f.type === "message.send" && f.encrypted);
    const withFiles = sends.find((f) => Array.isArray(f.attachments) && f.attachments.length === 2)!;
    expect(withFiles.text).toBe("");
    const ids = withFiles.attachments as string[];
    expect(uploadUrls).toHaveLength(2);
    for (const url of uploadUrls) {
      expect(url).toContain("purpose=encrypted");
      expect(url).not.toContain("beach");
      expect(url).not.toContain("ledger");
    }
    expect(JSON.stringify(aliceSent)).not.toContain("beach.png");

    // The server's bytes, fetched as bob, are sealed: 16 bytes longer, and not the plaintext.
    const auth = bobSent.filter((f) => f.type === "auth").pop()!;
    const stored = await Promise.all(
      ids.map(async (id) => {
        const res = await fetch(`${baseUrl()}/api/v1/media/${id}`, { headers: { Authorization: `Bearer ${String(auth.token)}`, "X-Requested-With": "natter-web" } });
        expect(res.status).toBe(200);
        return Buffer.from(await res.arrayBuffer());
      }),
    );
    expect(stored[0].length).toBe(png.length + 16);
    expect(stored[1].length).toBe(bytes.length + 16);
    expect(stored[0].includes(png.subarray(0, 64))).toBe(false);
    expect(stored[1].includes(bytes.subarray(0, 64))).toBe(false);
    expect(stored[1].includes(Buffer.from("ledger"))).toBe(false);
    expect(alice.cspViolations).toEqual([]);
    expect(bob.cspViolations).toEqual([]);
    expect(bob.dialogs).toEqual([]);
  });

  it("says a picture whose stored bytes were changed is damaged, and shows nothing of it", async () => {
    // The upload is changed on its way, as a server or a disk could change it.
    const pattern = "**/api/v1/media?*";
    await alice.page.route(pattern, async (route) => {
      const body = route.request().postDataBuffer();
      if (route.request().method() !== "POST" || !body) return route.continue();
      const changed = Buffer.from(body);
      changed[10] ^= 0x01;
      await route.continue({ postData: changed });
    });
    const chooser = alice.page.waitForEvent("filechooser");
    await alice.page.getByRole("button", { name: "Attach files" }).click();
    await (await chooser).setFiles({ name: "tampered.png", mimeType: "image/png", buffer: png });
    await expectVisible(alice.page.locator(".upload-tray .upload", { hasText: "tampered.png" }));
    const text = `Changed on the way ${Date.now().toString(36)}`;
    await send(alice, text);
    await expectVisible(messageWith(bob, text).locator(".sealed-problem", { hasText: "The file was changed or damaged" }));
    expect(await messageWith(bob, text).locator("img").count()).toBe(0);
    await alice.page.unroute(pattern);
  });

  it("refuses a file too large to encrypt before uploading it", async () => {
    const before = uploadUrls.length;
    const chooser = alice.page.waitForEvent("filechooser");
    await alice.page.getByRole("button", { name: "Attach files" }).click();
    await (await chooser).setFiles({ name: "huge.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(25 * 1024 * 1024 - 15) });
    await expectVisible(alice.page.locator(".upload-notice", { hasText: "huge.bin: too large to encrypt" }));
    expect(await alice.page.locator(".upload-tray .upload").count()).toBe(0);
    expect(uploadUrls.length).toBe(before);
  });

  it("keeps the files when the message is edited", async () => {
    const mine = messageWith(alice, caption);
    await mine.hover();
    await mine.getByRole("button", { name: "Edit" }).click();
    const edited = `${caption} (the good ones)`;
    await alice.page.getByLabel("Message", { exact: true }).fill(edited);
    await alice.page.getByLabel("Message", { exact: true }).press("Enter");
    await expectVisible(messageWith(bob, edited).locator(".edited"));
    const edit = aliceSent.filter((f) => f.type === "message.edit").pop()!;
    expect(edit.text).toBe("");
    expect(edit.encrypted).toBeTruthy();
    await eventually(() => pictureDrawn(bob, edited), true, "picture still drawn after the edit");
    await expectVisible(messageWith(bob, edited).locator(".file-card .file-name", { hasText: fileName }));
    await eventually(() => pictureDrawn(alice, edited), true, "alice's picture still drawn after the edit");
    expect(await messageWith(bob, edited).locator(".sealed-problem").count()).toBe(0);
  });
});
