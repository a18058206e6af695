// A member far behind catches up: back online, the app pages `sync` (and
// `history`, for a conversation with more than one page of backlog), whatever
// the backlog. Each reply holds at most 256 KiB.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  conversationItem,
  eventually,
  expectVisible,
  launchBrowser,
  messageWith,
  newPerson,
  openConversation,
  register,
  uniqueName,
  type Person,
} from "./support";

// On a WebSocket of p's own, the way another device would: adds `contact`,
// creates groups named `create` with `member` in them, and writes `count`
// messages of 4000 characters (16 KB each) into each conversation of
// `write`. Returns the ids of the groups created, once every request was
// answered.
interface Plan {
  contact?: string;
  create?: string[];
  member?: string;
  write?: number[];
  count?: number;
}

async function asAnotherDevice(p: Person, plan: Plan): Promise<number[]> {
  return p.page.evaluate(
    async ({ username, plan }) => {
      const login = await fetch("/api/v1/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ login: username, password: "correct horse battery" }),
      });
      const { access_token } = await login.json();
      const ws = new WebSocket(`ws://${location.host}/ws`);
      await new Promise((r) => (ws.onopen = r));
      type Reply = { error?: unknown; conversation?: { conversation_id: number } };
      const waiting = new Map<string, (frame: Reply) => void>();
      ws.onmessage = (e) => {
        const frame = JSON.parse(e.data);
        if (typeof frame.re === "string") waiting.get(frame.re)?.(frame);
      };
      let next = 0;
      const request = (body: Record<string, unknown>) =>
        new Promise<Reply>((resolve, reject) => {
          const id = `r${++next}`;
          waiting.set(id, (frame) => (frame.error ? reject(new Error(JSON.stringify(frame))) : resolve(frame)));
          ws.send(JSON.stringify({ ...body, id }));
        });
      await request({ type: "auth", token: access_token });
      if (plan.contact) await request({ type: "contact.add", username: plan.contact });
      const created: number[] = [];
      for (const name of plan.create ?? []) {
        const reply = await request({ type: "group.create", name, members: [plan.member] });
        created.push(reply.conversation!.conversation_id);
      }
      const heavy = "\u{1F600}".repeat(3990);
      const sends = [];
      for (const conversation_id of plan.write ?? []) {
        for (let i = 1; i <= (plan.count ?? 0); i++) {
          const text = `${i} ${heavy}`;
          sends.push(request({ type: "message.send", conversation_id, client_msg_id: `${conversation_id}-${i}`, text }));
        }
      }
      await Promise.all(sends);
      ws.close();
      return created;
    },
    { username: p.username, plan },
  );
}

describe("catching up", () => {
  let browser: Browser;
  let sam: Person;
  let kim: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    sam = await newPerson(browser, "sam");
    kim = await newPerson(browser, "kim");
    await register(sam);
    await register(kim);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("gets megabytes of backlog in three groups after coming back online", async () => {
    const names = [uniqueName("one"), uniqueName("two"), uniqueName("three")];
    await asAnotherDevice(kim, { contact: sam.username }); // so that sam adds her at once
    const groups = await asAnotherDevice(sam, { create: names, member: kim.username });
    for (const name of names) await expectVisible(conversationItem(kim, name));

    await kim.context.setOffline(true);
    await expectVisible(kim.page.getByText("Reconnecting…"));
    // 4.8 MB in all, beyond the server's 4 MiB outbound queue: it comes in pages.
    await asAnotherDevice(sam, { write: groups, count: 100 });
    await kim.context.setOffline(false);

    await eventually(() => kim.page.getByText("Reconnecting…").isHidden(), true);
    // Each group's timeline holds the backlog: opening it shows the last
    // message without loading anything (the group's start was held already).
    for (const name of names) {
      await openConversation(kim, name);
      await expectVisible(messageWith(kim, `100 ${"\u{1F600}".repeat(3)}`));
    }
  });
});
