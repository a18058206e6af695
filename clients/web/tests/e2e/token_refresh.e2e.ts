// Access tokens that live 10 s: the app refreshes them in time and
// re-authenticates on the open WebSocket instead of reconnecting.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatterd, type RunningNatterd } from "./global_setup";
import {
  eventually,
  expectVisible,
  launchBrowser,
  messageWith,
  newPerson,
  openConversation,
  register,
  send,
  startChat,
} from "./support";

describe("access token refresh", () => {
  let server: RunningNatterd;
  let browser: Browser;

  beforeAll(async () => {
    server = await startNatterd(["--access-token-ttl", "10"]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("refreshes before expiry and keeps the same socket working", async () => {
    const ann = await newPerson(browser, "ann");
    const ben = await newPerson(browser, "ben");
    const sockets: string[] = [];
    let auths = 0;
    ann.page.on("websocket", (ws) => {
      sockets.push(ws.url());
      ws.on("framesent", (f) => {
        if (String(f.payload).includes('"type":"auth"')) auths++;
      });
    });
    await register(ann, "", server.url);
    await register(ben, "", server.url);

    // The first auth, then two in-band re-auths after refreshes: by then the
    // first token has expired, and the socket must still be the first one.
    await eventually(async () => auths >= 3, true, "two re-authentications");
    await startChat(ann, ben.username);
    await send(ann, "still connected");
    await openConversation(ben, ann.username);
    await expectVisible(messageWith(ben, "still connected"));
    expect(sockets).toHaveLength(1);
  });
});
