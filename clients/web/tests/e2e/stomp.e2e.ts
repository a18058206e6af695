// A stock STOMP client (@stomp/stompjs) chatting through natterd's /stomp
// (docs/stomp.md) with a person on the web app: in Node (on the ws
// package's WebSocket) and in headless Chromium (stompjs's own browser
// bundle in a page of natterd's origin).

import { Client, type IFrame, type IMessage } from "@stomp/stompjs";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  baseUrl,
  eventually,
  expectVisible,
  launchBrowser,
  messageWith,
  newPerson,
  openConversation,
  register,
  send,
  startChat,
  uniqueName,
  WAIT,
  type Person,
} from "./support";

const stompUrl = () => `${baseUrl().replace(/^http/, "ws")}/stomp`;

// Someone with an account made over the HTTP API, as a STOMP client's user would have.
async function apiPerson(prefix: string): Promise<{ username: string; token: string }> {
  const username = uniqueName(prefix);
  const post = (route: string, body: unknown) =>
    fetch(`${baseUrl()}/api/v1/auth/${route}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  const password = "correct horse battery";
  expect((await post("register", { email: `${username}@example.com`, username, password })).ok).toBe(true);
  const login = (await (await post("login", { login: username, password })).json()) as { access_token: string };
  return { username, token: login.access_token };
}

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const got = read();
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Event {
  type: string;
  message?: { conversation_id: number; seq: number; text: string; sender: string };
  [key: string]: unknown;
}

// One stompjs client in Node, and everything it received.
class NodeStomp {
  readonly client: Client;
  readonly events: Event[] = [];
  readonly replies: { headers: IMessage["headers"]; body: { ok?: boolean; error?: { code: string } } }[] = [];
  readonly receipts = new Set<string>();
  readonly errors: IFrame[] = [];
  connected?: IFrame;

  constructor(token: string) {
    this.client = new Client({
      webSocketFactory: () => new WebSocket(stompUrl(), ["v12.stomp", "v11.stomp"]),
      connectHeaders: { passcode: token, host: "natter" },
      reconnectDelay: 0,
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000,
      onConnect: (frame) => {
        this.connected = frame;
      },
      onStompError: (frame) => {
        this.errors.push(frame);
      },
    });
    this.client.onUnhandledReceipt = (frame) => {
      this.receipts.add(frame.headers["receipt-id"]);
    };
  }

  async start(): Promise<IFrame> {
    this.client.activate();
    return until(() => this.connected, "CONNECTED");
  }

  subscribe(destination: string, into: (m: IMessage) => void, headers: Record<string, string> = {}) {
    return this.client.subscribe(destination, into, headers);
  }

  subscribeEvents(): void {
    this.subscribe("/user/queue/events", (m) => this.events.push(JSON.parse(m.body) as Event));
    this.subscribe("/user/queue/replies", (m) => this.replies.push({ headers: m.headers, body: JSON.parse(m.body) }));
  }

  async request(destination: string, body: unknown, receipt: string): Promise<void> {
    this.client.publish({
      destination,
      body: JSON.stringify(body),
      headers: { receipt, "content-type": "application/json" },
    });
    await until(() => (this.receipts.has(receipt) ? true : undefined), `the receipt ${receipt}`);
  }

  message(text: string): Event | undefined {
    return this.events.find((e) => e.type === "message" && e.message?.text === text);
  }
}

describe("STOMP clients chat with the web app", () => {
  let browser: Browser;
  let alice: Person;
  let bob: { username: string; token: string };
  let conversation = 0;
  const clients: NodeStomp[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    await register(alice, "Alice Liddell");
    bob = await apiPerson("bob");
  });

  afterAll(async () => {
    for (const c of clients) await c.client.deactivate();
    await browser?.close();
  });

  it("stompjs in Node: a chat request from the web app, accepted and answered over STOMP", async () => {
    const stomp = new NodeStomp(bob.token);
    clients.push(stomp);
    const connected = await stomp.start();
    expect(connected.headers.version).toBe("1.2");
    stomp.subscribeEvents();

    await startChat(alice, bob.username);
    await send(alice, "Hello from the web app");
    const first = await until(() => stomp.message("Hello from the web app"), "the web app's message over STOMP");
    conversation = first.message!.conversation_id;
    expect(first.message!.sender).toBe(alice.username);

    await stomp.request("/app/request.accept", { conversation_id: conversation }, "accept");
    await stomp.request(
      "/app/messages",
      { conversation_id: conversation, client_msg_id: "stompjs-1", text: "Hello from stompjs" },
      "send-1",
    );
    const reply = await until(
      () => stomp.replies.find((r) => r.headers["request-id"] === "send-1"),
      "the reply to the send",
    );
    expect(reply.body.ok).toBe(true);
    await openConversation(alice, bob.username);
    await expectVisible(messageWith(alice, "Hello from stompjs"));
    expect(stomp.errors).toEqual([]);
  });

  it("stompjs in headless Chromium: a conversation topic both ways", async () => {
    expect(conversation).toBeGreaterThan(0);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(baseUrl());
    await loadStompjs(page);
    await page.evaluate(
      ([url, token, conv]) => {
        const w = window as unknown as {
          StompJs: typeof import("@stomp/stompjs");
          seen: { texts: string[]; receipts: string[]; version?: string };
          stomp: Client;
        };
        w.seen = { texts: [], receipts: [] };
        const client = new w.StompJs.Client({
          brokerURL: url as string,
          connectHeaders: { passcode: token as string },
          reconnectDelay: 0,
          onConnect: (frame) => {
            w.seen.version = frame.headers.version;
            client.subscribe(`/topic/conversations.${conv}`, (m) => {
              const e = JSON.parse(m.body) as { type: string; message?: { text: string } };
              if (e.type === "message" && e.message) w.seen.texts.push(e.message.text);
            });
          },
        });
        client.onUnhandledReceipt = (f) => w.seen.receipts.push(f.headers["receipt-id"]);
        w.stomp = client;
        client.activate();
      },
      [stompUrl(), bob.token, conversation] as const,
    );
    await eventually(() => page.evaluate(() => (window as unknown as { seen: { version?: string } }).seen.version), "1.2", "CONNECTED in the browser");

    await send(alice, "Hi, browser");
    await eventually(
      () => page.evaluate(() => (window as unknown as { seen: { texts: string[] } }).seen.texts.includes("Hi, browser")),
      true,
      "the web app's message in the browser's STOMP client",
    );
    await page.evaluate((conv) => {
      const w = window as unknown as { stomp: Client };
      w.stomp.publish({
        destination: "/app/messages",
        body: JSON.stringify({ conversation_id: conv, client_msg_id: "browser-1", text: "Hi back from the browser" }),
        headers: { receipt: "browser-send" },
      });
    }, conversation);
    await eventually(
      () => page.evaluate(() => (window as unknown as { seen: { receipts: string[] } }).seen.receipts),
      ["browser-send"],
      "the receipt in the browser",
    );
    await expectVisible(messageWith(alice, "Hi back from the browser"));
    await context.close();
  });
});

// stompjs's UMD bundle, run in the page (as a tool would, not as the page's
// own script: natterd's Content-Security-Policy allows none but its own).
async function loadStompjs(page: Page): Promise<void> {
  const require = createRequire(import.meta.url);
  const bundle = require.resolve("@stomp/stompjs"); // the "require" export: bundles/stomp.umd.js
  await page.evaluate(readFileSync(bundle, "utf8"));
  expect(await page.evaluate(() => typeof (window as unknown as { StompJs?: unknown }).StompJs)).toBe("object");
}
