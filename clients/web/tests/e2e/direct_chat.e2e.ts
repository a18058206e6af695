// Two people in two browser contexts: a chat request, real-time messages,
// ticks, reconnection, and hostile text.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  baseUrl,
  conversationItem,
  eventually,
  expectVisible,
  launchBrowser,
  messageWith,
  newPerson,
  openConversation,
  register,
  screenshot,
  send,
  startChat,
  tickOf,
  type Person,
} from "./support";

describe("direct chat", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    await screenshotLogin();
    await register(alice, "Alice Liddell");
    await register(bob, "Bob Builder");
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function screenshotLogin() {
    const visitor = await newPerson(browser, "visitor");
    await visitor.page.goto(baseUrl());
    await expectVisible(visitor.page.getByRole("button", { name: "Log in" }));
    await screenshot(visitor.page, "login");
    await visitor.context.close();
  }

  it("starts with a request that the recipient accepts, then messages flow both ways in real time", async () => {
    await startChat(alice, bob.username);
    await send(alice, "Hello Bob, it's Alice");
    await expectVisible(messageWith(alice, "Hello Bob, it's Alice"));
    await expectVisible(alice.page.getByText(`Waiting for ${bob.username} to accept your chat request.`));

    await expectVisible(conversationItem(bob, alice.username).locator(".request-mark"));
    await eventually(() => conversationItem(bob, alice.username).locator(".badge").textContent(), "1");
    await openConversation(bob, alice.username);
    await expectVisible(bob.page.getByText(`${alice.username} wants to chat with you.`));
    await expectVisible(messageWith(bob, "Hello Bob, it's Alice"));
    await bob.page.getByRole("button", { name: "Accept" }).click();
    await eventually(() => bob.page.locator(".request-bar").isHidden(), true);
    // The acceptance alone (request.accepted) tells Alice, before Bob writes.
    await eventually(() => alice.page.locator(".request-bar").isHidden(), true, "Alice sees the acceptance");

    await send(bob, "Hi Alice! Good to hear from you.");
    await expectVisible(messageWith(alice, "Hi Alice! Good to hear from you."));
    await send(alice, "Shall we meet at https://example.com/cafe?");
    await expectVisible(messageWith(bob, "Shall we meet at"));
    const link = messageWith(bob, "Shall we meet at").locator("a");
    expect(await link.getAttribute("href")).toBe("https://example.com/cafe");
    expect(await link.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await link.getAttribute("target")).toBe("_blank");
  });

  it("shows ticks that go to Read once the other person has the chat open", async () => {
    await send(alice, "Did you read this?");
    await eventually(() => tickOf(alice, "Did you read this?"), "read");
    await screenshot(alice.page, "chat-desktop");
  });

  it("shows the typing indicator to the other person", async () => {
    await bob.page.getByLabel("Message", { exact: true }).pressSequentially("typing away");
    // By display name, as everywhere a person appears.
    await expectVisible(alice.page.getByText("Bob Builder is typing…"));
    await bob.page.getByLabel("Message", { exact: true }).fill("");
  });

  it("replies to, edits and deletes messages for both sides", async () => {
    const original = messageWith(bob, "Did you read this?");
    await original.hover();
    await original.getByRole("button", { name: "Reply" }).click();
    await send(bob, "Yes, every word");
    await expectVisible(messageWith(alice, "Yes, every word").locator(".reply-quote", { hasText: "Did you read this?" }));

    const mine = messageWith(alice, "Shall we meet at");
    await mine.hover();
    await mine.getByRole("button", { name: "Edit" }).click();
    await alice.page.getByLabel("Message", { exact: true }).fill("Shall we meet at noon?");
    await alice.page.getByLabel("Message", { exact: true }).press("Enter");
    await expectVisible(messageWith(bob, "Shall we meet at noon?").locator(".edited"));

    const doomed = messageWith(alice, "Shall we meet at noon?");
    await doomed.hover();
    await doomed.getByRole("button", { name: "Delete" }).click();
    await alice.page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await eventually(() => messageWith(bob, "Shall we meet at noon?").count(), 0);
    await expectVisible(bob.page.getByText("This message was deleted."));
  });

  it("renders hostile markup as text and runs nothing", async () => {
    const hostile = `<img src=x onerror=alert(1)> and <script>alert("x")</script> <b>bold</b>`;
    await send(alice, hostile);
    await expectVisible(messageWith(bob, "<img src=x onerror=alert(1)>"));
    const shown = await messageWith(bob, "<img src=x onerror=alert(1)>").locator(".text").textContent();
    expect(shown).toBe(hostile);
    expect(await bob.page.locator(".messages img, .messages script, .messages b").count()).toBe(0);
    expect(await alice.page.locator(".messages img, .messages script, .messages b").count()).toBe(0);
    await expectVisible(conversationItem(bob, alice.username).getByText("<img src=x onerror=alert(1)>", { exact: false }));
    expect(alice.dialogs).toEqual([]);
    expect(bob.dialogs).toEqual([]);
    expect(alice.cspViolations).toEqual([]);
    expect(bob.cspViolations).toEqual([]);
  });

  it("shows a message that begins with /me as an action, as the terminal client does", async () => {
    await send(alice, "/me waves at Bob");
    const action = messageWith(bob, "waves at Bob").locator(".text.action");
    await expectVisible(action);
    expect(await action.textContent()).toBe(`* ${alice.username} waves at Bob`);
  });

  it("isolates right-to-left overrides in message text so they cannot reorder what surrounds it", async () => {
    const spoof = "invoice \u202Egnp.exe";
    await send(alice, spoof);
    const text = messageWith(bob, "invoice").locator(".text");
    await expectVisible(text);
    expect(await text.textContent()).toBe(spoof);
    expect(await text.getAttribute("dir")).toBe("auto");
    expect(await text.evaluate((el) => getComputedStyle(el).unicodeBidi)).toBe("isolate");
  });

  it("delivers a message sent while the other socket was down once it reconnects, and sends what was typed offline", async () => {
    await bob.context.setOffline(true);
    await expectVisible(bob.page.getByText("Reconnecting…"));
    await send(alice, "Sent while you were away");
    await expectVisible(messageWith(alice, "Sent while you were away").locator('.tick[data-tick="sent"]'));
    await send(bob, "Written on the train");
    await expectVisible(messageWith(bob, "Written on the train").locator('.tick[data-tick="pending"]'));
    expect(await messageWith(bob, "Sent while you were away").count()).toBe(0);

    await bob.context.setOffline(false);
    await expectVisible(messageWith(bob, "Sent while you were away"));
    await expectVisible(messageWith(alice, "Written on the train"));
    await eventually(() => bob.page.getByText("Reconnecting…").isHidden(), true);
    await eventually(() => messageWith(alice, "Written on the train").count(), 1);
    await eventually(() => messageWith(bob, "Written on the train").count(), 1);
    await eventually(() => tickOf(alice, "Sent while you were away"), "read");
  });

  it("shows unread counts in the list and the title for chats not on screen", async () => {
    const carol = await newPerson(browser, "carol");
    await register(carol);
    await startChat(carol, alice.username);
    await send(carol, "Hi Alice, Carol here");
    await eventually(() => conversationItem(alice, carol.username).locator(".badge").textContent(), "1");
    await eventually(() => alice.page.title(), "(1) Natter");
    await expectVisible(alice.page.locator(".toast", { hasText: "Hi Alice, Carol here" }));
    await screenshot(alice.page, "conversation-list-toast");
    await openConversation(alice, carol.username);
    await eventually(() => alice.page.title(), "Natter");
    await carol.context.close();
  });
});
