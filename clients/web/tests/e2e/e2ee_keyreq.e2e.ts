// Key backup, device approval and key requests between browsers
// (docs/security.md, "The web app: key backup and key requests"): one user
// on several browsers (each a device) and a contact. A backup set up on the
// first browser lets a fresh one read the old history; a wrong passphrase
// says so. A new browser stays "not confirmed" until the first approves it;
// then a missing key is fetched from the first by a key request, while an
// unconfirmed browser's request is refused.

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatterd, type RunningNatterd } from "./global_setup";
import { eventually, expectVisible, launchBrowser, logIn, messageWith, newPerson, online, openConversation, register, screenshot, send, startChat, turnOnEncryption, type Person } from "./support";

const passphrase = "purple otter telescope";

// The same user on a fresh browser profile: a new device.
async function anotherDevice(browser: Browser, of: Person, url: string): Promise<Person> {
  const p = await newPerson(browser, "device");
  p.username = of.username;
  await logIn(p, url);
  return p;
}

async function openBackup(page: Page) {
  await page.getByTitle("Profile and settings").click();
  const section = page.getByRole("dialog").getByRole("region", { name: "Key backup" });
  await expectVisible(section);
  return section;
}

// Opens the devices dialog of the chat with whom (or the one open); the id of this browser's device.
async function openDevices(p: Person, whom?: string): Promise<string> {
  if (whom) await openConversation(p, whom);
  await p.page.getByRole("button", { name: "Encryption" }).click();
  const self = p.page.getByRole("dialog", { name: "Encryption" }).locator(".device", { hasText: "(this browser)" });
  await expectVisible(self);
  return ((await self.locator(".device-id").textContent()) ?? "").trim();
}

async function logOut(p: Person): Promise<void> {
  await p.page.getByTitle("Profile and settings").click();
  await p.page.getByRole("dialog").getByRole("button", { name: "Log out", exact: true }).click();
  await expectVisible(p.page.getByRole("button", { name: "Log in" }));
  await p.context.close();
}

describe("key backup, device approval and key requests", () => {
  let server: RunningNatterd;
  let browser: Browser;
  let dana: Person;
  let erin: Person;

  beforeAll(async () => {
    server = await startNatterd();
    browser = await launchBrowser();
    dana = await newPerson(browser, "dana");
    erin = await newPerson(browser, "erin");
    await register(dana, "Dana", server.url);
    await register(erin, "Erin", server.url);
    await startChat(erin, dana.username);
    await send(erin, "Hello Dana");
    await openConversation(dana, erin.username);
    await dana.page.getByRole("button", { name: "Accept" }).click();
    await eventually(() => erin.page.locator(".request-bar").isHidden(), true, "request accepted");
    await turnOnEncryption(erin);
    await expectVisible(dana.page.locator(".chat-header .lock-mark"));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("sets up a backup with a passphrase; a fresh browser restores it and reads the old history, a wrong passphrase is refused", async () => {
    await send(erin, "Secret from before the backup");
    await expectVisible(messageWith(dana, "Secret from before the backup"));

    const section = await openBackup(dana.page);
    await expectVisible(section.getByText("No key backup yet."));
    await section.getByRole("button", { name: "Set up backup" }).click();
    await expectVisible(section.getByText("If it is lost, the backup cannot be read"));
    await section.getByLabel("Recovery passphrase").fill("short");
    await section.getByLabel("Repeat the passphrase").fill("short");
    await section.getByRole("button", { name: "Create backup" }).click();
    await expectVisible(section.getByText("The passphrase needs at least 10 characters."));
    await section.getByLabel("Recovery passphrase").fill(passphrase);
    await section.getByLabel("Repeat the passphrase").fill(`${passphrase}!`);
    await section.getByRole("button", { name: "Create backup" }).click();
    await expectVisible(section.getByText("The two passphrases differ."));
    await section.getByLabel("Repeat the passphrase").fill(passphrase);
    await section.getByRole("button", { name: "Create backup" }).click();
    await expectVisible(section.getByText(/Backup set up: \d+ keys? saved/));
    await expectVisible(section.getByText(/Backup version \d+ · 1 key · this browser uploads new keys/));
    await dana.page.keyboard.press("Escape");

    // A key made after the set-up (Dana's first encrypted message) goes into the backup by itself.
    await send(dana, "Secret after the backup");
    await expectVisible(messageWith(erin, "Secret after the backup"));
    const again = await openBackup(dana.page);
    await expectVisible(again.getByText(/Backup version \d+ · 2 keys · this browser uploads new keys/));
    await dana.page.keyboard.press("Escape");

    const tablet = await anotherDevice(browser, dana, server.url);
    await openConversation(tablet, erin.username);
    await expectVisible(tablet.page.getByText(/Unable to decrypt: the key has not arrived/).first());
    const restore = await openBackup(tablet.page);
    await restore.getByRole("button", { name: "Restore from backup" }).click();
    await restore.getByLabel("Backup passphrase").fill("not the passphrase");
    await restore.getByRole("button", { name: "Restore", exact: true }).click();
    await expectVisible(restore.getByText("Wrong passphrase (or a backup this app cannot read): nothing was imported."));
    await restore.getByLabel("Backup passphrase").fill(passphrase);
    await restore.getByRole("button", { name: "Restore", exact: true }).click();
    await expectVisible(restore.getByText(/Restored: \d+ keys? imported/));
    await expectVisible(restore.getByText(/Backup version \d+ · \d+ keys? · this browser uploads new keys/));
    await restore.scrollIntoViewIfNeeded();
    await screenshot(tablet.page, "e2ee-backup");
    await tablet.page.keyboard.press("Escape");
    await expectVisible(messageWith(tablet, "Secret from before the backup"));
    await expectVisible(messageWith(tablet, "Secret after the backup"));
    await logOut(tablet);
  });

  it("shows a new browser as not confirmed until the browser holding the signing key approves it", async () => {
    const phone = await anotherDevice(browser, dana, server.url);
    await openConversation(phone, erin.username);
    const phoneId = await openDevices(phone);
    const phoneDialog = phone.page.getByRole("dialog", { name: "Encryption" });
    const own = phoneDialog.locator(`.device[data-device="${phoneId}"]`);
    await expectVisible(own.getByText("not confirmed by its owner"));
    await phone.page.keyboard.press("Escape");

    await openConversation(dana, erin.username);
    await openDevices(dana);
    const dialog = dana.page.getByRole("dialog", { name: "Encryption" });
    const row = dialog.locator(`.device[data-device="${phoneId}"]`);
    await expectVisible(row.getByText("not confirmed by its owner"));
    await screenshot(dana.page, "e2ee-devices-approve");
    await row.getByRole("button", { name: `Approve ${phoneId}` }).click();
    await expectVisible(row.getByText("confirmed by its owner", { exact: true }));
    await dana.page.keyboard.press("Escape");

    // The phone sees itself confirmed, holds no signing key, and is told where to approve.
    const third = await anotherDevice(browser, dana, server.url);
    const thirdId = await openDevices(third, erin.username);
    await third.page.keyboard.press("Escape");
    await openDevices(phone);
    await expectVisible(phoneDialog.locator(`.device[data-device="${phoneId}"]`).getByText("confirmed by its owner", { exact: true }));
    await expectVisible(phoneDialog.locator(`.device[data-device="${thirdId}"]`).getByText("approve it on the device that holds your signing key"));
    await phone.page.keyboard.press("Escape");
    await logOut(third);
    await logOut(phone);
  });

  it("fetches a missing key from the user's other browser once it is approved; an unapproved browser's request is refused", async () => {
    await send(erin, "Secret for the laptop only");
    await expectVisible(messageWith(dana, "Secret for the laptop only"));

    const phone = await anotherDevice(browser, dana, server.url);
    await openConversation(phone, erin.username);
    const waiting = phone.page.locator("article.message .undecryptable", { hasText: "asked your other devices" });
    await expectVisible(waiting);
    const phoneId = await openDevices(phone);
    await phone.page.keyboard.press("Escape");

    // The laptop refuses: the phone is not confirmed; it says so, and the phone stays unable to decrypt.
    await openDevices(dana, erin.username);
    const dialog = dana.page.getByRole("dialog", { name: "Encryption" });
    await expectVisible(dialog.locator(".key-request-refused", { hasText: phoneId }));
    await expectVisible(waiting);
    expect(await messageWith(phone, "Secret for the laptop only").count()).toBe(0);

    // Approved, the phone asks again when it starts next, and the bubble turns into the text.
    await dialog.locator(`.device[data-device="${phoneId}"]`).getByRole("button", { name: `Approve ${phoneId}` }).click();
    await expectVisible(dialog.locator(`.device[data-device="${phoneId}"]`).getByText("confirmed by its owner", { exact: true }));
    await dana.page.keyboard.press("Escape");
    await phone.page.reload();
    await online(phone);
    await openConversation(phone, erin.username);
    await expectVisible(messageWith(phone, "Secret for the laptop only"));
    expect(phone.cspViolations).toEqual([]);
    expect(dana.cspViolations).toEqual([]);
    await logOut(phone);
  });
});
