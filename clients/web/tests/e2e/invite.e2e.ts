// An invite-only server: the sign-up form shows the invite field because the
// server says invites are needed, and a link from natterd admin invite opens
// it with the code filled in; the code works once.

import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { startNatterd, type RunningNatterd } from "./global_setup";
import { expectVisible, launchBrowser, newPerson, online } from "./support";

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

// natterd admin invite on the server's data directory: the printed link.
function inviteLink(server: RunningNatterd): string {
  const binary = process.env.NATTERD ?? path.join(repoDir, "build/dev/src/app/natterd");
  const out = execFileSync(binary, ["admin", "invite", "--data-dir", server.dataDir, "--public-url", server.url], {
    encoding: "utf8",
  });
  return /^link +(\S+)$/m.exec(out)![1];
}

describe("invite-only registration", () => {
  let browser: Browser;
  let server: RunningNatterd;

  beforeAll(async () => {
    server = await startNatterd(["--registration", "invite"]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("asks for an invite code on the sign-up form", async () => {
    const { page } = await newPerson(browser, "nocode");
    await page.goto(server.url);
    await page.getByRole("button", { name: "Create an account" }).click();
    await expectVisible(page.getByLabel("Invite code"));
  });

  it("registers with the code of a link, once", async () => {
    const link = inviteLink(server);
    const alice = await newPerson(browser, "alice");
    await alice.page.goto(link);
    await expectVisible(alice.page.getByRole("heading", { name: "Create your account" }));
    await alice.page.getByLabel("Email").fill(`${alice.username}@example.com`);
    await alice.page.getByLabel("Username").fill(alice.username);
    await alice.page.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await alice.page.getByRole("button", { name: "Create account" }).click();
    await online(alice);

    const bob = await newPerson(browser, "bob");
    await bob.page.goto(link);
    await bob.page.getByLabel("Email").fill(`${bob.username}@example.com`);
    await bob.page.getByLabel("Username").fill(bob.username);
    await bob.page.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await bob.page.getByRole("button", { name: "Create account" }).click();
    await expectVisible(bob.page.getByText("This invite is unknown, used or expired"));
  });
});
