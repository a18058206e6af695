// Pictures, files and avatars between two people, against natterd's media
// routes: paste and drop, upload progress, thumbnails on the other side,
// the viewer, a file downloaded byte for byte, refused uploads, avatars.

import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatterd, type RunningNatterd } from "./global_setup";
import { drawPng, dropFiles, pasteFiles, testFile, throttleUploads } from "./media_support";
import {
  conversationItem,
  eventually,
  expectVisible,
  launchBrowser,
  messageWith,
  newPerson,
  online,
  openConversation,
  register,
  screenshot,
  send,
  startChat,
  type Person,
} from "./support";

// A picture's box on screen, and whether its thumbnail has been drawn.
async function pictureState(p: Person, text: string) {
  return messageWith(p, text)
    .locator("button.picture")
    .first()
    .evaluate((el) => {
      const img = el.querySelector("img");
      const r = el.getBoundingClientRect();
      const style = (el as HTMLElement).style;
      return {
        // The box as the app sized it from the Media object.
        styled: [style.width, style.aspectRatio, style.backgroundColor !== ""],
        width: Math.round(r.width),
        height: Math.round(r.height),
        loaded: !!img && img.complete && img.naturalWidth > 0,
        blob: !!img && img.src.startsWith("blob:"),
      };
    });
}

describe("pictures, files and avatars", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    await register(alice, "Alice Liddell");
    await register(bob, "Bob Builder");
    await startChat(alice, bob.username);
    await send(alice, "Photos from the trip coming up");
    await openConversation(bob, alice.username);
    await bob.page.getByRole("button", { name: "Accept" }).click();
    await eventually(() => bob.page.locator(".request-bar").isHidden(), true, "request accepted");
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("pastes a picture, shows its upload's progress, and the other person sees the thumbnail in a box reserved for it", async () => {
    const { page } = alice;
    const cdp = await alice.context.newCDPSession(page);
    // 200×200 of noise is a PNG of about 160 KB: several seconds at 48 KB/s.
    const png = await drawPng(page, "noise", 200, 200);
    await throttleUploads(cdp, 48 * 1024);
    await pasteFiles(page, "#composer", [testFile("noise.png", "image/png", png)]);
    const row = page.locator(".upload-tray .upload", { hasText: "noise.png" });
    await expectVisible(row.locator("progress.upload-progress"));
    await page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>(".upload-tray progress.upload-progress");
      return !!bar && bar.value > 0 && bar.value < bar.max;
    });
    await expectVisible(row.getByRole("button", { name: "Cancel upload of noise.png" }));
    await send(alice, "Static from the old TV");
    await throttleUploads(cdp, null);

    await expectVisible(messageWith(bob, "Static from the old TV").locator("button.picture"));
    // The box has the thumbnail's size (the picture fits in 320×320 as it is)
    // before and after it loads.
    const before = await pictureState(bob, "Static from the old TV");
    expect([before.width, before.height]).toEqual([200, 200]);
    expect(before.styled).toEqual(["200px", "200 / 200", true]);
    await eventually(async () => (await pictureState(bob, "Static from the old TV")).loaded, true, "thumbnail drawn");
    const after = await pictureState(bob, "Static from the old TV");
    expect(after).toEqual({ styled: ["200px", "200 / 200", true], width: 200, height: 200, loaded: true, blob: true });
    await expectVisible(messageWith(alice, "Static from the old TV").locator("button.picture img"));
    expect(await page.locator(".upload-tray .upload").count()).toBe(0);
  });

  it("cancels an upload on its way, and nothing is sent", async () => {
    const { page } = alice;
    const cdp = await alice.context.newCDPSession(page);
    const png = await drawPng(page, "noise", 200, 200);
    await throttleUploads(cdp, 16 * 1024);
    await pasteFiles(page, "#composer", [testFile("never.png", "image/png", png)]);
    await page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>(".upload-tray progress.upload-progress");
      return !!bar && bar.value > 0 && bar.value < bar.max;
    });
    await page.getByRole("button", { name: "Cancel upload of never.png" }).click();
    await eventually(() => page.locator(".upload-tray .upload").count(), 0, "upload gone");
    await throttleUploads(cdp, null);
    await send(alice, "Never mind the static");
    await expectVisible(messageWith(bob, "Never mind the static"));
    expect(await messageWith(bob, "Never mind the static").locator(".attachments").count()).toBe(0);
  });

  it("sends a picture and a file with one caption, written while offline, once the connection is back", async () => {
    const { page } = alice;
    const picture = testFile("harbour.png", "image/png", await drawPng(page, "scene", 480, 480, 180));
    const notes = testFile("notes.txt", "text/plain", Buffer.from("Bring a jumper.\n"));
    await alice.context.setOffline(true);
    await expectVisible(page.getByText("Reconnecting…"));
    await pasteFiles(page, "#composer", [picture, notes]);
    await eventually(() => page.locator('.upload-tray .upload[data-state="failed"]').count(), 2, "uploads failed offline");
    await send(alice, "Harbour and the packing list");
    const pending = page.locator("article.message.pending", { hasText: "Harbour and the packing list" });
    await expectVisible(pending.locator(".upload-error"));
    expect(await messageWith(bob, "Harbour and the packing list").count()).toBe(0);

    await alice.context.setOffline(false);
    const sent = messageWith(bob, "Harbour and the packing list");
    await expectVisible(sent);
    expect(await sent.locator("button.picture").count()).toBe(1);
    expect(await sent.locator(".file-card .file-name").textContent()).toBe("notes.txt");
    await eventually(() => page.locator("article.message.pending").count(), 0, "outbox empty");
    await eventually(() => messageWith(alice, "Harbour and the packing list").count(), 1, "sent once");
    expect(await messageWith(bob, "Harbour and the packing list").count()).toBe(1);
  });

  it("drops a picture onto the chat and sends it without a caption", async () => {
    const { page } = alice;
    const png = await drawPng(page, "scene", 640, 360, 20);
    await dropFiles(page, "main.chat", [testFile("sunset.png", "image/png", png)]);
    await expectVisible(page.locator(".upload-tray .upload", { hasText: "sunset.png" }));
    await eventually(() => page.locator(".upload-tray .upload").getAttribute("data-state"), "done", "upload done");
    await page.getByLabel("Message", { exact: true }).press("Enter");

    const picture = bob.page.locator('button.picture[aria-label="Open picture sunset.png"]');
    await expectVisible(picture);
    // 640×360 becomes a 320×180 thumbnail and a 320×180 box.
    const box = await picture.boundingBox();
    expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([320, 180]);
    await eventually(() => picture.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), 320, "thumbnail loaded");
    await eventually(() => conversationItem(bob, alice.username).locator(".conversation-preview").textContent(), "Picture", "list preview");
  });

  it("opens the viewer, moves between the pictures with the arrow keys, keeps focus inside, and closes with Esc or a click outside", async () => {
    const { page } = bob;
    const sunset = page.locator('button.picture[aria-label="Open picture sunset.png"]');
    await sunset.click();
    const viewer = page.getByRole("dialog", { name: "Picture viewer" });
    await expectVisible(viewer);
    await eventually(() => viewer.locator(".viewer-counter").textContent(), "3 of 3", "counter");
    await eventually(
      () => viewer.locator("img.picture-full").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
      640,
      "full picture loaded",
    );
    await page.keyboard.press("ArrowLeft");
    await eventually(() => viewer.locator(".viewer-name").textContent(), "harbour.png", "moved left");
    await page.keyboard.press("ArrowLeft");
    await eventually(() => viewer.locator(".viewer-name").textContent(), "noise.png", "moved left again");
    await eventually(() => viewer.locator(".viewer-counter").textContent(), "1 of 3", "counter after left");
    await page.keyboard.press("ArrowLeft");
    await eventually(() => viewer.locator(".viewer-counter").textContent(), "1 of 3", "no picture before the first");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await eventually(() => viewer.locator(".viewer-name").textContent(), "sunset.png", "moved right");
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => !!document.activeElement?.closest("dialog.viewer"))).toBe(true);
    }
    await page.keyboard.press("Escape");
    await eventually(() => viewer.count(), 0, "viewer closed by Esc");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Open picture sunset.png");

    await sunset.click();
    await expectVisible(viewer);
    await page.mouse.click(8, 780);
    await eventually(() => viewer.count(), 0, "viewer closed by a click outside");
  });

  it("sends a file that the other person downloads with the same bytes, its name shown as text", async () => {
    const bytes = Buffer.alloc(70_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    const name = "report <img src=x onerror=alert(1)> Q3.bin";
    const chooser = alice.page.waitForEvent("filechooser");
    await alice.page.getByRole("button", { name: "Attach files" }).click();
    await (await chooser).setFiles({ name, mimeType: "application/octet-stream", buffer: bytes });
    await expectVisible(alice.page.locator(".upload-tray .upload", { hasText: name }));
    await send(alice, "The numbers");

    const card = messageWith(bob, "The numbers").locator(".file-card");
    await expectVisible(card);
    expect(await card.locator(".file-name").textContent()).toBe(name);
    expect(await card.locator(".file-size").textContent()).toBe("68 KB");
    expect(await bob.page.locator(".messages [onerror]").count()).toBe(0);
    expect(bob.dialogs).toEqual([]);
    expect(await card.locator("img").count()).toBe(0);
    const download = bob.page.waitForEvent("download");
    await card.getByRole("button", { name: `Download ${name}` }).click();
    const file = await download;
    expect(file.suggestedFilename()).toContain("Q3.bin");
    expect(readFileSync((await file.path())!).equals(bytes)).toBe(true);
  });

  it("keeps the files and text of a draft chat when it becomes a conversation", async () => {
    const carol = await newPerson(browser, "carol");
    await register(carol);
    const { page } = alice;
    await page.getByRole("button", { name: "New chat" }).click();
    await page.getByLabel("Find someone by username").fill(carol.username);
    await page.getByRole("button", { name: carol.username }).click();
    await expectVisible(page.getByText("Say hello: your first message sends a chat request."));
    await pasteFiles(page, "#composer", [testFile("plan.txt", "text/plain", Buffer.from("the plan"))]);
    await page.getByLabel("Message", { exact: true }).fill("Here is the plan");
    await eventually(() => page.locator('.upload-tray .upload[data-state="done"]').count(), 1, "uploaded");

    // Carol writes first: alice's draft becomes their conversation.
    await startChat(carol, alice.username);
    await send(carol, "Hello Alice");
    await expectVisible(messageWith(alice, "Hello Alice"));
    expect(await page.locator(".upload-tray .upload", { hasText: "plan.txt" }).count()).toBe(1);
    expect(await page.getByLabel("Message", { exact: true }).inputValue()).toBe("Here is the plan");
    await page.getByRole("button", { name: "Accept" }).click();
    await page.getByLabel("Message", { exact: true }).press("Enter");
    await expectVisible(messageWith(carol, "Here is the plan").locator(".file-card", { hasText: "plan.txt" }));
    await carol.context.close();
    await openConversation(alice, bob.username);
  });

  it("keeps pictures and file cards inside their bubbles on a 375 px phone", async () => {
    const { page } = bob;
    await page.setViewportSize({ width: 375, height: 740 });
    try {
      await expectVisible(messageWith(bob, "The numbers").locator(".file-card"));
      const outside = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of document.querySelectorAll<HTMLElement>(".messages .picture, .messages .file-card")) {
          const r = el.getBoundingClientRect();
          const bubble = el.closest(".bubble")!.getBoundingClientRect();
          if (r.right > bubble.right + 0.5 || bubble.right > window.innerWidth) out.push(el.className);
        }
        return out;
      });
      expect(outside).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it("shows the server's error with a retry button when an upload is refused, and removes it on cancel", async () => {
    const { page } = alice;
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("not really a picture")]);
    await pasteFiles(page, "#composer", [testFile("broken.png", "image/png", broken)]);
    const row = page.locator(".upload-tray .upload", { hasText: "broken.png" });
    await eventually(() => row.getAttribute("data-state"), "failed", "upload refused");
    const error = row.getByRole("alert");
    expect(await error.getAttribute("data-code")).toBe("VALIDATION_FAILED");
    expect((await error.textContent())?.length).toBeGreaterThan(0);
    await row.getByRole("button", { name: "Retry" }).click();
    await eventually(() => row.getAttribute("data-state"), "failed", "refused again");
    await row.getByRole("button", { name: "Remove broken.png" }).click();
    await eventually(() => page.locator(".upload-tray .upload").count(), 0, "removed");
  });

  it("sets an avatar that the other person sees next to the name, and removes it", async () => {
    const { page } = alice;
    await page.locator(".me-button").click();
    const dialog = page.getByRole("dialog");
    const chooser = page.waitForEvent("filechooser");
    await dialog.getByRole("button", { name: "Change picture" }).click();
    await (await chooser).setFiles({ name: "me.png", mimeType: "image/png", buffer: await drawPng(page, "face", 300, 200, 150) });
    await expectVisible(dialog.getByText("Picture changed."));
    const id = await dialog.locator(".profile-picture img").getAttribute("data-avatar");
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Cropped to a square by natterd.
    await eventually(() => dialog.locator(".profile-picture img").evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]), [256, 256]);
    await page.keyboard.press("Escape");
    await expectVisible(page.locator(`.me-button img[data-avatar="${id}"]`));

    // natterd announces no profile changes: bob sees it once he loads again.
    await bob.page.reload();
    await online(bob);
    const row = conversationItem(bob, alice.username).locator(`.avatar img[data-avatar="${id}"]`);
    await expectVisible(row);
    await eventually(() => row.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), 64, "avatar drawn in the list");
    await openConversation(bob, alice.username);
    await expectVisible(bob.page.locator(`.chat-header .avatar img[data-avatar="${id}"]`));

    await page.locator(".me-button").click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove picture" }).click();
    await expectVisible(page.getByRole("dialog").getByText("Picture removed."));
    await page.keyboard.press("Escape");
    await eventually(() => page.locator(".me-button img").count(), 0, "own avatar gone");
  });

  it("refuses a file that is not a picture as an avatar, with the server's reason", async () => {
    const { page } = bob;
    await page.locator(".me-button").click();
    const dialog = page.getByRole("dialog");
    const chooser = page.waitForEvent("filechooser");
    await dialog.getByRole("button", { name: "Change picture" }).click();
    await (await chooser).setFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("just text") });
    const error = dialog.locator(".upload-error");
    await expectVisible(error);
    expect(await error.getAttribute("data-code")).toBe("UNSUPPORTED_MEDIA_TYPE");
    await expectVisible(dialog.getByRole("button", { name: "Retry" }));
    expect(await page.locator(".me-button img").count()).toBe(0);
    await page.keyboard.press("Escape");
  });

  it("broke no Content-Security-Policy rule and opened no native dialog on either side", () => {
    expect(alice.cspViolations).toEqual([]);
    expect(bob.cspViolations).toEqual([]);
    expect(alice.dialogs).toEqual([]);
    expect(bob.dialogs).toEqual([]);
  });
});

describe("a group with pictures and avatars", () => {
  let browser: Browser;
  let people: Person[];
  const group = "Lakeside weekend";

  beforeAll(async () => {
    browser = await launchBrowser();
    people = [await newPerson(browser, "maya"), await newPerson(browser, "noah"), await newPerson(browser, "iris")];
    const names = ["Maya Lind", "Noah Berg", "Iris Vale"];
    for (const [i, p] of people.entries()) await register(p, names[i]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function setAvatar(p: Person, hue: number): Promise<string> {
    await p.page.locator(".me-button").click();
    const dialog = p.page.getByRole("dialog");
    const chooser = p.page.waitForEvent("filechooser");
    await dialog.getByRole("button", { name: "Change picture" }).click();
    await (await chooser).setFiles({ name: "me.png", mimeType: "image/png", buffer: await drawPng(p.page, "face", 256, 256, hue) });
    await expectVisible(dialog.getByText("Picture changed."));
    const id = (await dialog.locator(".profile-picture img").getAttribute("data-avatar"))!;
    await p.page.keyboard.press("Escape");
    return id;
  }

  it("shows each sender's avatar next to their messages, and the pictures", async () => {
    const [maya, noah, iris] = people;
    const avatars = [await setAvatar(maya, 150), await setAvatar(noah, 20), await setAvatar(iris, 270)];
    const { page } = maya;
    await page.getByRole("button", { name: "New group" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Group name").fill(group);
    for (const p of [noah, iris]) {
      await dialog.getByLabel("Add members").fill(p.username);
      await dialog.getByRole("button", { name: p.username }).click();
      await expectVisible(dialog.locator(".chip", { hasText: p.username }));
    }
    await dialog.getByRole("button", { name: "Create group" }).click();
    await expectVisible(page.locator(".chat-title h2", { hasText: group }));
    for (const p of [noah, iris]) {
      await openConversation(p, group);
      await p.page.getByRole("button", { name: "Accept" }).click();
      await eventually(() => p.page.locator(".request-bar").isHidden(), true, "invitation accepted");
    }

    // Maya gives the group a picture: the others see it in their lists.
    await page.getByRole("button", { name: "Members" }).click();
    const members = page.getByRole("dialog");
    const chooser = page.waitForEvent("filechooser");
    await members.getByRole("button", { name: "Change picture" }).click();
    await (await chooser).setFiles({ name: "group.png", mimeType: "image/png", buffer: await drawPng(page, "scene", 256, 256, 90) });
    await expectVisible(members.getByText("Picture changed."));
    const groupAvatar = await members.locator(".profile-picture img").getAttribute("data-avatar");
    expect(groupAvatar).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await page.keyboard.press("Escape");
    for (const p of [maya, noah, iris]) await expectVisible(conversationItem(p, group).locator(`.avatar img[data-avatar="${groupAvatar}"]`));

    await send(maya, "Who took pictures on Saturday?");
    const lake = testFile("lake.png", "image/png", await drawPng(noah.page, "scene", 960, 540, 200));
    const hills = testFile("hills.png", "image/png", await drawPng(noah.page, "scene", 720, 720, 320));
    await dropFiles(noah.page, "main.chat", [lake, hills]);
    await eventually(() => noah.page.locator('.upload-tray .upload[data-state="done"]').count(), 2, "both uploaded");
    await send(noah, "The lake at dawn, and the hills after lunch");
    const evening = testFile("evening.png", "image/png", await drawPng(iris.page, "scene", 900, 600, 10));
    const route = testFile("walk-route.gpx", "application/gpx+xml", Buffer.from("<gpx>" + "<trkpt/>".repeat(3000) + "</gpx>"));
    await pasteFiles(iris.page, "#composer", [evening, route]);
    await send(iris, "Mine from the evening, and the route we walked");
    await send(maya, "Beautiful, thank you both!");

    const noahs = messageWith(maya, "The lake at dawn");
    await expectVisible(noahs.locator(`.avatar img[data-avatar="${avatars[1]}"]`));
    await expectVisible(messageWith(maya, "Mine from the evening").locator(`.avatar img[data-avatar="${avatars[2]}"]`));
    expect(await messageWith(maya, "Mine from the evening").locator(".file-card .file-name").textContent()).toBe("walk-route.gpx");
    expect(await noahs.locator("button.picture").count()).toBe(2);
    for (const text of ["The lake at dawn", "Mine from the evening"]) {
      const pictures = messageWith(maya, text).locator("button.picture img");
      await eventually(
        () => pictures.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)),
        true,
        "thumbnails drawn",
      );
    }
    await eventually(
      () => page.locator(".avatar img").evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)),
      true,
      "avatars drawn",
    );
    // No hover toolbar in the picture.
    await page.mouse.move(1270, 790);
    await screenshot(page, "web-media");
  });
});

describe("uploads over a server's limits", () => {
  let browser: Browser;
  let server: RunningNatterd;
  let alice: Person;

  beforeAll(async () => {
    server = await startNatterd(["--max-upload-bytes", "100000", "--upload-quota-bytes", "250000"]);
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    const bob = await newPerson(browser, "bob");
    await register(alice, "", server.url);
    await register(bob, "", server.url);
    await startChat(alice, bob.username);
    await send(alice, "Files coming");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function upload(name: string, bytes: number): Promise<string | null> {
    await pasteFiles(alice.page, "#composer", [testFile(name, "application/octet-stream", Buffer.alloc(bytes, 7))]);
    const row = alice.page.locator(".upload-tray .upload", { hasText: name });
    await eventually(async () => ["done", "failed"].includes((await row.getAttribute("data-state")) ?? ""), true, `${name} finished`);
    // Read at once: the row is rebuilt when its state changes.
    return row.evaluate((el) => el.querySelector(".upload-error")?.getAttribute("data-code") ?? null);
  }

  it("shows PAYLOAD_TOO_LARGE and QUOTA_EXCEEDED with the server's words, and a retry that meets the same answer", async () => {
    expect(await upload("huge.bin", 200_000)).toBe("PAYLOAD_TOO_LARGE");
    expect(await upload("one.bin", 90_000)).toBeNull();
    expect(await upload("two.bin", 90_000)).toBeNull();
    expect(await upload("three.bin", 90_000)).toBe("QUOTA_EXCEEDED");
    const row = alice.page.locator(".upload-tray .upload", { hasText: "three.bin" });
    const words = await row.locator(".upload-error").textContent();
    expect(words).not.toBe("");
    expect(words).not.toContain("QUOTA_EXCEEDED");
    await row.getByRole("button", { name: "Retry" }).click();
    await eventually(() => row.locator(".upload-error").getAttribute("data-code"), "QUOTA_EXCEEDED", "refused again");
  });
});
