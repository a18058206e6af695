// End-to-end encryption between the web app in headless Chromium and the C++
// clients' crypto_session (tests/client/support/e2ee_live_peer, whose path
// ctest passes in E2EE_LIVE_PEER), through one real natterd: an encrypted
// direct chat whose first encrypted message comes from C++, a group with
// members on both kinds of client whose key is replaced when a member is
// removed, and a user with a browser device and a C++ device who reads
// everything on both: the C++ device approved on the browser, and its older
// history opened by keys the browser forwards on request. Files sealed on
// one kind of client open on the other.

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatterd, type RunningNatterd } from "./global_setup";
import { drawPng } from "./media_support";
import {
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

const password = "correct horse battery";
const patience = 60_000;

type Line = Record<string, unknown>;

/** One C++ client (a login and its device) in a child process. */
class CppClient {
  private readonly child: ChildProcessWithoutNullStreams;
  readonly lines: Line[] = [];
  private readonly watchers: (() => void)[] = [];
  private stderr = "";
  private exited = false;

  constructor(port: string, username: string, readonly device: string) {
    const program = process.env.E2EE_LIVE_PEER;
    if (!program) throw new Error("E2EE_LIVE_PEER must name the e2ee_live_peer program (ctest sets it)");
    this.stateDir = mkdtempSync(path.join(tmpdir(), "natter-live-peer-"));
    this.child = spawn(program, [port, username, password, this.stateDir, device], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr.on("data", (d) => (this.stderr += String(d)));
    this.child.on("exit", () => {
      this.exited = true;
      for (const w of this.watchers) w();
    });
    createInterface({ input: this.child.stdout }).on("line", (line) => {
      this.lines.push(JSON.parse(line) as Line);
      for (const w of this.watchers) w();
    });
  }

  readonly stateDir: string;

  /** The first line (from `from` on) that `match` accepts; fails after a minute or when the process ends. */
  async waitFor(match: (l: Line) => boolean, what: string, from = 0): Promise<Line> {
    return new Promise<Line>((resolve, reject) => {
      const check = (): boolean => {
        const found = this.lines.slice(from).find(match);
        if (found) {
          resolve(found);
          return true;
        }
        if (this.exited) {
          reject(new Error(`e2ee_live_peer ended before ${what}: ${this.stderr}`));
          return true;
        }
        return false;
      };
      if (check()) return;
      const timer = setTimeout(
        () => reject(new Error(`e2ee_live_peer: no ${what} in time; it printed:\n${this.lines.map((l) => JSON.stringify(l)).join("\n")}\n${this.stderr}`)),
        patience,
      );
      this.watchers.push(() => {
        if (check()) clearTimeout(timer);
      });
    });
  }

  /** Sends a command and waits for its answer. */
  async command(cmd: Line): Promise<Line> {
    const from = this.lines.length;
    this.child.stdin.write(`${JSON.stringify(cmd)}\n`);
    return this.waitFor((l) => l.reply === cmd.cmd, `an answer to ${String(cmd.cmd)}`, from);
  }

  async send(conversation: number, text: string): Promise<void> {
    const answer = await this.command({ cmd: "send", conversation, text });
    expect(answer, `send "${text}"`).toMatchObject({ ok: true });
  }

  /** The message it showed with exactly this text (decrypted). */
  async shows(text: string): Promise<Line> {
    return this.waitFor((l) => l.event === "message" && l.text === text && !l.error, `the message "${text}"`);
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      const done = new Promise((r) => this.child.once("exit", r));
      this.child.stdin.end();
      await done;
    }
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

async function registerByApi(url: string, username: string): Promise<void> {
  const r = await fetch(`${url}/api/v1/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: `${username}@example.com`, username, password }),
  });
  expect(r.status, `register ${username}`).toBe(201);
}

// ctest sets E2EE_LIVE_PEER whenever the C++ clients are built (they are in
// CI); a run without them skips this file.
describe.skipIf(!process.env.E2EE_LIVE_PEER)("end-to-end encryption between the web app and the C++ clients", () => {
  let server: RunningNatterd;
  let port: string;
  let browser: Browser;
  let alice: Person;
  let carol: Person;
  let bob: CppClient;
  const stamp = Date.now().toString(36);
  const bobName = `cppbob${stamp}`;
  let direct = 0;

  beforeAll(async () => {
    server = await startNatterd();
    port = new URL(server.url).port;
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    carol = await newPerson(browser, "carol");
    await register(alice, "Alice", server.url);
    await register(carol, "Carol", server.url);
    await registerByApi(server.url, bobName);
    bob = new CppClient(port, bobName, "BOBCPP");
    await bob.waitFor((l) => l.event === "ready", "start-up");
  });

  afterAll(async () => {
    await bob?.stop();
    await browser?.close();
    await server?.stop();
  });

  it("a C++ first message sets up the session with the browser; both read each other", async () => {
    await startChat(alice, bobName);
    await send(alice, "Hello from the browser, in the clear");
    const accepted = await bob.waitFor((l) => l.event === "conversation", "the chat request");
    direct = Number(accepted.conversation);
    await eventually(() => alice.page.locator(".request-bar").isHidden(), true, "request accepted");
    await turnOnEncryption(alice);

    await bob.send(direct, "First secret, from C++");
    await expectVisible(messageWith(alice, "First secret, from C++"));
    await send(alice, "Answered from **Chromium**");
    await bob.shows("Answered from **Chromium**");
    await bob.send(direct, "Second secret, from C++");
    await expectVisible(messageWith(alice, "Second secret, from C++"));
    // History read again by the C++ client opens every encrypted message.
    const from = bob.lines.length;
    expect(await bob.command({ cmd: "history", conversation: direct })).toMatchObject({ ok: true });
    const page = bob.lines.slice(from).filter((l) => l.event === "message" && l.source === "history" && l.encrypted);
    expect(page.map((l) => l.text)).toEqual(["First secret, from C++", "Answered from **Chromium**", "Second secret, from C++"]);
  });

  it("files sealed in the browser open in the C++ client, and files sealed there open in the browser", async () => {
    const png = await drawPng(alice.page, "scene", 120, 80);
    const bytes = Buffer.alloc(30_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) % 253;
    const chooser = alice.page.waitForEvent("filechooser");
    await alice.page.getByRole("button", { name: "Attach files" }).click();
    await (await chooser).setFiles([
      { name: "beach.png", mimeType: "image/png", buffer: png },
      { name: "notes.bin", mimeType: "application/octet-stream", buffer: bytes },
    ]);
    await expectVisible(alice.page.locator(".upload-tray .upload", { hasText: "notes.bin" }));
    await send(alice, "Two files from the browser");
    const shown = await bob.shows("Two files from the browser");
    expect(shown.files).toEqual([
      { name: "beach.png", mime: "image/png", size: png.length, readable: true },
      { name: "notes.bin", mime: "application/octet-stream", size: bytes.length, readable: true },
    ]);
    for (const [index, want] of [png, bytes].entries()) {
      const target = path.join(bob.stateDir, `download-${index}`);
      expect(await bob.command({ cmd: "download", id: shown.id, index, path: target })).toMatchObject({ ok: true });
      expect(readFileSync(target).equals(want), `file ${index} opened to the same bytes`).toBe(true);
    }

    const picture = path.join(bob.stateDir, "harbour.png");
    writeFileSync(picture, await drawPng(alice.page, "scene", 90, 60, 30));
    expect(await bob.command({ cmd: "send_file", conversation: direct, path: picture, text: "A picture from C++" })).toMatchObject({ ok: true });
    await eventually(() => pictureDrawn(alice, "A picture from C++"), true, "the C++ client's picture drawn in the browser");
    expect(await messageWith(alice, "A picture from C++").locator(".sealed-problem").count()).toBe(0);
  });

  it("a group with members on both kinds of client; removing a member replaces the C++ sender's key", async () => {
    const group = `Mixed ${stamp}`;
    const { page } = alice;
    await page.getByRole("button", { name: "New group" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Group name").fill(group);
    for (const name of [bobName, carol.username]) {
      await dialog.getByLabel("Add members").fill(name);
      await dialog.getByRole("button", { name }).click();
      await expectVisible(dialog.locator(".chip", { hasText: name }));
    }
    await dialog.getByRole("button", { name: "Create group" }).click();
    await expectVisible(page.locator(".chat-title h2", { hasText: group }));
    await openConversation(carol, group);
    await carol.page.getByRole("button", { name: "Accept" }).click();
    await eventually(() => page.locator(".chat-title .subtitle").textContent(), "3 members · you are owner", "both joined");
    await turnOnEncryption(alice);
    // Bob chats with Alice already, so he was added, not invited: the group's
    // id is the one its first message carries.
    await send(alice, "Group hello from the browser");
    const g = Number((await bob.shows("Group hello from the browser")).conversation);
    expect(g).not.toBe(direct);

    await bob.send(g, "Group hello from C++");
    await expectVisible(messageWith(alice, "Group hello from C++"));
    await expectVisible(messageWith(carol, "Group hello from C++"));

    await page.getByRole("button", { name: "Members" }).click();
    await page.getByRole("dialog").locator(".member", { hasText: carol.username }).getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog", { name: `Remove ${carol.username}?` }).getByRole("button", { name: "Remove" }).click();
    await eventually(() => page.getByRole("dialog").locator(".member", { hasText: carol.username }).count(), 0, "carol removed");
    await page.keyboard.press("Escape");

    await bob.send(g, "After Carol left, from C++");
    await expectVisible(messageWith(alice, "After Carol left, from C++"));
    // The two C++ messages went out under different group sessions: the key
    // Carol holds does not open the second.
    const sessions = bob.lines
      .filter((l) => l.event === "sent" && l.conversation === g)
      .map((l) => l.session_id);
    expect(sessions.length).toBe(2);
    expect(sessions[0]).not.toBe(sessions[1]);
    expect(await messageWith(carol, "After Carol left, from C++").count()).toBe(0);
  });

  it("a user with a browser device and a C++ device reads everything on both", async () => {
    // Alice's second device: a C++ client, the browser's first.
    const aliceCpp = new CppClient(port, alice.username, "ALICECPP");
    try {
      await aliceCpp.waitFor((l) => l.event === "ready", "start-up");
      await bob.waitFor((l) => l.event === "device_added" && l.device_id === "ALICECPP", "the new device's announcement");

      // Alice approves it on her browser, which holds her signing key; its
      // history from before it existed then opens with keys the browser
      // forwards on request.
      await openConversation(alice, bobName);
      await alice.page.getByRole("button", { name: "Encryption" }).click();
      const row = alice.page.getByRole("dialog", { name: "Encryption" }).locator('.device[data-device="ALICECPP"]');
      await row.getByRole("button", { name: "Approve ALICECPP" }).click();
      await expectVisible(row.getByText("confirmed by its owner", { exact: true }));
      await alice.page.keyboard.press("Escape");
      const from = aliceCpp.lines.length;
      expect(await aliceCpp.command({ cmd: "history", conversation: direct })).toMatchObject({ ok: true });
      const unreadable = aliceCpp.lines.slice(from).filter((l) => l.event === "message" && l.source === "history" && l.error);
      expect(unreadable.length).toBeGreaterThan(0);
      await aliceCpp.shows("First secret, from C++");
      await aliceCpp.shows("Answered from **Chromium**");

      await bob.send(direct, "To both of Alice's devices");
      await expectVisible(messageWith(alice, "To both of Alice's devices"));
      await aliceCpp.shows("To both of Alice's devices");

      await aliceCpp.send(direct, "From Alice's C++ device");
      await bob.shows("From Alice's C++ device");
      await expectVisible(messageWith(alice, "From Alice's C++ device"));
    } finally {
      await aliceCpp.stop();
    }
  });
});
