// "Forgot password?" from the log-in screen to a new password: the link
// natterd writes to its outbox opens the reset page, which sets the password
// once, logs every device out, and leaves the token out of the address bar.
// Changing the email address from the profile dialog: the new address counts
// once the link mailed to it is opened. Downloading one's data, and deleting
// an account.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatterd, type RunningNatterd } from "./global_setup";
import { eventually, expectVisible, launchBrowser, newPerson, online, register, type Person } from "./support";

// The mails in natterd's outbox that contain `containing`, oldest first.
function outbox(server: RunningNatterd, containing: string): string[] {
  const dir = path.join(server.dataDir, "outbox");
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".eml"))
      .sort()
      .map((f) => readFileSync(path.join(dir, f), "utf8"))
      .filter((mail) => mail.includes(containing));
  } catch {
    return [];
  }
}

describe("password recovery", () => {
  let browser: Browser;
  let server: RunningNatterd;
  let alice: Person;

  beforeAll(async () => {
    server = await startNatterd();
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    await register(alice, "", server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("mails a link that sets a new password once and logs every device out", async () => {
    const stranger = await newPerson(browser, "stranger");
    const { page } = stranger;
    await page.goto(server.url);
    await page.getByRole("button", { name: "Forgot password?" }).click();
    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expectVisible(page.getByText("If an account has this address"));
    await page.getByLabel("Email").fill(`${alice.username.toUpperCase()}@example.com`);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await eventually(async () => outbox(server, "#reset=").length, 1, "one mail, for the known address only");
    const link = /(http:\/\/\S+#reset=[A-Za-z0-9_-]+)/.exec(outbox(server, "#reset=")[0])![1];
    expect(link.startsWith(server.url)).toBe(true);

    await page.goto(link);
    await expectVisible(page.getByRole("heading", { name: "Choose a new password" }));
    expect(page.url()).not.toContain("reset=");
    await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
    await page.getByLabel("New password, again").fill("a different one");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expectVisible(page.getByText("The two passwords differ."));
    await page.getByLabel("New password, again").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expectVisible(page.getByText("Your password is changed"));
    // Alice's open session ends.
    await expectVisible(alice.page.getByRole("button", { name: "Log in" }));

    // The link works once.
    await page.goto(link);
    await page.getByLabel("New password", { exact: true }).fill("another passphrase!");
    await page.getByLabel("New password, again").fill("another passphrase!");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expectVisible(page.getByText("This reset link is unknown, used or expired"));

    await page.getByRole("button", { name: "Go to log in" }).click();
    await page.getByLabel("Username or email").fill(alice.username);
    await page.getByLabel("Password").fill("a brand new passphrase");
    await page.getByRole("button", { name: "Log in" }).click();
    await online(stranger);
    expect(stranger.dialogs).toEqual([]);
    expect(stranger.cspViolations).toEqual([]);
  });

  it("changes the email address once the link mailed to the new one is opened", async () => {
    const lee = await newPerson(browser, "lee");
    await register(lee, "", server.url);
    const { page } = lee;
    await page.locator(".me-button").click();
    const dialog = page.getByRole("dialog");
    await expectVisible(dialog.getByText("Not confirmed yet"));
    const address = `${lee.username}@example.net`;
    await dialog.getByLabel("Email").fill(address);
    await dialog.getByRole("button", { name: "Save profile" }).click();
    await expectVisible(dialog.getByText(`We mailed a link to ${address}`));
    await expectVisible(dialog.getByText(`Waiting for you to open the link mailed to ${address}`));
    const mailed = `To: ${address}`;
    await eventually(async () => outbox(server, mailed).length, 1, "a link mailed to the new address");
    const link = /(http:\/\/\S+#confirm-email=[A-Za-z0-9_-]+)/.exec(outbox(server, mailed)[0])![1];

    await page.goto(link);
    await expectVisible(page.getByText("Your email address is confirmed."));
    expect(page.url()).not.toContain("confirm-email=");
    await page.getByRole("button", { name: "Continue to Natter" }).click();
    await online(lee);
    await page.locator(".me-button").click();
    await eventually(() => page.getByRole("dialog").getByLabel("Email").inputValue(), address, "the new address");
    await eventually(async () => outbox(server, "Subject: Your Natter address was changed").length, 1, "the old address told");
    // The link works once.
    await page.goto(link);
    await expectVisible(page.getByText("This confirmation link is unknown, used or expired"));
    expect(lee.dialogs).toEqual([]);
    expect(lee.cspViolations).toEqual([]);
  });

  it("downloads the account's data as one JSON file", async () => {
    const max = await newPerson(browser, "max");
    await register(max, "Max", server.url);
    const { page } = max;
    await page.locator(".me-button").click();
    const dialog = page.getByRole("dialog");
    const saving = page.waitForEvent("download");
    await dialog.getByRole("button", { name: "Download my data" }).click();
    const download = await saving;
    expect(download.suggestedFilename()).toBe(`natter-export-${max.username}.json`);
    const doc = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(doc.format).toBe("natter-export");
    expect(doc.user.username).toBe(max.username);
    expect(doc.user.display_name).toBe("Max");
    await expectVisible(dialog.getByText("Your data is saved"));
    expect(max.dialogs).toEqual([]);
    expect(max.cspViolations).toEqual([]);
  });

  it("deletes an account after asking for its password, and the login stops working", async () => {
    const kim = await newPerson(browser, "kim");
    await register(kim, "", server.url);
    const { page } = kim;
    await page.locator(".me-button").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("button", { name: "Delete account…" }).click();
    const section = dialog.getByRole("region", { name: "Delete account" });
    await section.getByLabel("Password").fill("not my password");
    await section.getByRole("button", { name: "Delete my account for good" }).click();
    await expectVisible(section.getByText("The password is wrong."));
    await section.getByLabel("Password").fill("correct horse battery");
    await section.getByRole("button", { name: "Delete my account for good" }).click();
    await expectVisible(page.getByRole("button", { name: "Log in" }));
    await page.getByLabel("Username or email").fill(kim.username);
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Log in" }).click();
    await expectVisible(page.getByText("Wrong login or password."));
    expect(kim.dialogs).toEqual([]);
  });
});
