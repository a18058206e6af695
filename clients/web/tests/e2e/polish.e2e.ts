// Small things that make the app feel finished: message length counted as
// natterd counts it, a chat that does not jump, the "New messages" divider on
// return, presence while disconnected, confirmations, being removed from a
// group, joining a room by name.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conversationItem,
  eventually,
  expectVisible,
  baseUrl,
  launchBrowser,
  messageWith,
  newPerson,
  online,
  openConversation,
  register,
  send,
  startChat,
  type Person,
} from "./support";

describe("polish", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  const group = "Polish crew";

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    carol = await newPerson(browser, "carol");
    await register(alice);
    await register(bob);
    await register(carol);
    // A direct chat alice–bob, accepted.
    await startChat(alice, bob.username);
    await send(alice, "Hi Bob");
    await openConversation(bob, alice.username);
    await bob.page.getByRole("button", { name: "Accept" }).click();
    await send(bob, "Hi Alice");
    await expectVisible(messageWith(alice, "Hi Alice"));
    // A group of three, everyone in.
    await alice.page.getByRole("button", { name: "New group" }).click();
    const dialog = alice.page.getByRole("dialog");
    await dialog.getByLabel("Group name").fill(group);
    for (const p of [bob, carol]) {
      await dialog.getByLabel("Add members").fill(p.username);
      await dialog.getByRole("button", { name: p.username }).click();
      await expectVisible(dialog.locator(".chip", { hasText: p.username }));
    }
    await dialog.getByRole("button", { name: "Create group" }).click();
    await expectVisible(alice.page.locator(".chat-title h2", { hasText: group }));
    // Bob has alice as a contact and is in at once; carol is invited.
    await openConversation(carol, group);
    await carol.page.getByRole("button", { name: "Accept" }).click();
    await eventually(() => carol.page.locator(".request-bar").isHidden(), true, "invitation accepted");
    await send(alice, "Welcome to the crew");
    await expectVisible(messageWith(carol, "Welcome to the crew"));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("never cuts pasted text, counts emoji as natterd does, and shows what is left near the limit", async () => {
    const { page } = alice;
    await openConversation(alice, bob.username);
    const box = page.getByLabel("Message", { exact: true });
    await box.focus();
    await page.keyboard.insertText("a".repeat(4001));
    expect((await box.inputValue()).length).toBe(4001);
    await expectVisible(page.locator(".length-counter", { hasText: "1 over the limit" }));
    expect(await page.getByRole("button", { name: "Send" }).isDisabled()).toBe(true);
    await box.press("Enter");
    expect((await box.inputValue()).length).toBe(4001);

    // 2,500 emoji are 5,000 UTF-16 units but 2,500 characters to natterd.
    await box.fill("");
    await page.keyboard.insertText("😀".repeat(2500));
    expect([...(await box.inputValue())].length).toBe(2500);
    expect(await page.locator(".length-counter").isHidden()).toBe(true);
    await box.press("Enter");
    const got = bob.page.locator("article.message .text", { hasText: "😀😀😀" });
    await expectVisible(got);
    expect([...((await got.first().textContent()) ?? "")].length).toBe(2500);
  });

  it("keeps the chat still when the pointer rests on a message", async () => {
    const { page } = alice;
    await send(bob, "Hover over me");
    const msg = messageWith(alice, "Hover over me");
    await expectVisible(msg);
    const scroller = page.locator(".messages");
    const before = await scroller.evaluate((el) => ({ height: el.scrollHeight, top: el.scrollTop }));
    const box = await msg.boundingBox();
    await msg.locator(".bubble").hover();
    await expectVisible(msg.getByRole("button", { name: "Reply" }));
    expect(await scroller.evaluate((el) => ({ height: el.scrollHeight, top: el.scrollTop }))).toEqual(before);
    expect(await msg.boundingBox()).toEqual(box);
  });

  it("shows a message's actions on a phone only after a long press, and replies on a swipe", async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      await page.goto(baseUrl());
      await page.getByLabel("Username or email").fill(bob.username);
      await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.locator(".conversation", { has: page.locator(".conversation-name", { hasText: alice.username }) }).click();
      const msg = page.locator("article.message").filter({ has: page.locator(".text", { hasText: "Hi Bob" }) });
      await expectVisible(msg);
      const reply = msg.getByRole("button", { name: "Reply" });
      expect(await reply.isHidden()).toBe(true);
      const at = (await msg.locator(".bubble").boundingBox())!;
      const point = { pointerType: "touch", isPrimary: true, clientX: at.x + 10, clientY: at.y + 10 };
      await msg.locator(".text").dispatchEvent("pointerdown", point);
      await expectVisible(reply);
      await msg.locator(".text").dispatchEvent("pointerup", point);
      // Another message's toolbar stays closed; a tap elsewhere closes this one.
      const shown = await page.locator("article.message .message-actions button:visible").count();
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBe(await msg.locator(".message-actions button:visible").count());
      await page.locator(".chat-header").dispatchEvent("pointerdown", { pointerType: "touch" });
      await page.locator(".messages").dispatchEvent("pointerdown", { pointerType: "touch" });
      await eventually(() => reply.isHidden(), true, "toolbar closed");

      await msg.locator(".text").dispatchEvent("pointerdown", point);
      await msg.locator(".text").dispatchEvent("pointerup", { ...point, clientX: point.clientX + 100 });
      await expectVisible(page.locator(".composer-context", { hasText: `Replying to ${alice.username}` }));
    } finally {
      await context.close();
    }
  });

  it("shows the New messages divider on returning to a chat already loaded", async () => {
    await openConversation(alice, group);
    await openConversation(alice, bob.username);
    await expectVisible(messageWith(alice, "Hi Alice"));
    await openConversation(alice, group);
    await send(bob, "Back to the one-to-one");
    await expectVisible(conversationItem(alice, bob.username).locator(".badge"));
    await openConversation(alice, bob.username);
    // Read in one go: the list may be drawn again between two looks.
    const afterDivider = () => alice.page.evaluate(() => document.querySelector(".new-divider")?.nextElementSibling?.querySelector(".text")?.textContent ?? null);
    await eventually(afterDivider, "Back to the one-to-one", "divider before the new message");
  });

  it("shows presence as unknown, and one's own dot offline, while disconnected", async () => {
    const { page } = alice;
    await openConversation(alice, bob.username);
    await eventually(() => conversationItem(alice, bob.username).locator(".presence").getAttribute("class"), "presence presence-online", "bob online");
    await eventually(() => page.locator(".me-button .presence").getAttribute("class"), "presence presence-online", "own dot green");
    await alice.context.setOffline(true);
    await eventually(() => page.locator(".me-button .presence").getAttribute("class"), "presence presence-offline", "own dot offline");
    await eventually(() => conversationItem(alice, bob.username).locator(".presence").getAttribute("class"), "presence presence-offline", "bob unknown");
    await expectVisible(page.locator(".chat-header .subtitle", { hasText: "status unknown" }));
    await alice.context.setOffline(false);
    await eventually(() => conversationItem(alice, bob.username).locator(".presence").getAttribute("class"), "presence presence-online", "bob online again");
    await eventually(() => page.locator(".me-button .presence").getAttribute("class"), "presence presence-online", "own dot green again");
  });

  it("asks before leaving a group", async () => {
    const { page } = bob;
    await openConversation(bob, group);
    await page.getByRole("button", { name: "Members" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Leave group" }).click();
    const confirm = page.getByRole("dialog", { name: "Leave this group?" });
    await expectVisible(confirm);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await eventually(() => page.getByRole("dialog", { name: "Leave this group?" }).count(), 0, "confirmation closed");
    await page.keyboard.press("Escape");
    await eventually(() => page.getByRole("dialog").count(), 0, "members closed");
    expect(await conversationItem(bob, group).count()).toBe(1);
  });

  it("asks before removing a member, and the one removed keeps the history, read-only, with their draft", async () => {
    await openConversation(carol, group);
    const draft = "half a thought";
    await carol.page.getByLabel("Message", { exact: true }).fill(draft);

    const { page } = alice;
    await openConversation(alice, group);
    await page.getByRole("button", { name: "Members" }).click();
    const members = page.getByRole("dialog", { name: "Group members" });
    // The roles are loaded (the list is drawn again once they are).
    await expectVisible(members.locator(".member .role", { hasText: "owner" }));
    await members.locator(".member", { hasText: carol.username }).getByRole("button", { name: "Remove" }).click();
    const confirm = page.getByRole("dialog", { name: `Remove ${carol.username}?` });
    await expectVisible(confirm);
    await confirm.getByRole("button", { name: "Remove" }).click();
    await eventually(() => members.locator(".member", { hasText: carol.username }).count(), 0, "carol removed");
    await page.keyboard.press("Escape");

    await expectVisible(carol.page.locator(".request-bar", { hasText: `You were removed from ${group} by ${alice.username}.` }));
    await expectVisible(messageWith(carol, "Welcome to the crew"));
    const box = carol.page.getByLabel("Message", { exact: true });
    expect(await box.isDisabled()).toBe(true);
    expect(await box.inputValue()).toBe(draft);
    await eventually(() => conversationItem(carol, group).count(), 0, "group gone from carol's list");
  });

  it("keeps the history and the draft of a group one was removed from while offline", async () => {
    await openConversation(bob, group);
    const draft = "typed on the train";
    await bob.page.getByLabel("Message", { exact: true }).fill(draft);
    await bob.context.setOffline(true);
    await expectVisible(bob.page.locator(".banner", { hasText: /connecting/i }));

    const { page } = alice;
    await openConversation(alice, group);
    await page.getByRole("button", { name: "Members" }).click();
    const members = page.getByRole("dialog", { name: "Group members" });
    await expectVisible(members.locator(".member .role", { hasText: "owner" }));
    await members.locator(".member", { hasText: bob.username }).getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog", { name: `Remove ${bob.username}?` }).getByRole("button", { name: "Remove" }).click();
    await eventually(() => members.locator(".member", { hasText: bob.username }).count(), 0, "bob removed");
    await page.keyboard.press("Escape");

    await bob.context.setOffline(false);
    await expectVisible(bob.page.locator(".request-bar", { hasText: `You are no longer a member of ${group}.` }));
    await expectVisible(messageWith(bob, "Welcome to the crew"));
    expect(await bob.page.getByLabel("Message", { exact: true }).inputValue()).toBe(draft);
    await eventually(() => conversationItem(bob, group).count(), 0, "group gone from bob's list");
  });

  it("joins a room by name, and says when there is none", async () => {
    const room = `polish-${Date.now().toString(36)}`;
    await alice.page.getByRole("button", { name: "Rooms" }).click();
    let dialog = alice.page.getByRole("dialog");
    await dialog.getByLabel("Room name").fill(room);
    await dialog.getByRole("button", { name: "Create room" }).click();
    await expectVisible(alice.page.locator(".chat-title h2", { hasText: `#${room}` }));

    const { page } = bob;
    await page.getByRole("button", { name: "Rooms" }).click();
    dialog = page.getByRole("dialog");
    await dialog.getByLabel("Room to join").fill("no-such-room-here");
    await dialog.getByRole("button", { name: "Join", exact: true }).click();
    await expectVisible(dialog.locator(".form-error", { hasText: "No room of that name." }));
    await dialog.getByLabel("Room to join").fill(`#${room}`);
    await dialog.getByRole("button", { name: "Join", exact: true }).click();
    await expectVisible(page.locator(".chat-title h2", { hasText: `#${room}` }));

    await page.getByRole("button", { name: "Leave room" }).click();
    const confirm = page.getByRole("dialog", { name: `Leave #${room}?` });
    await expectVisible(confirm);
    await confirm.getByRole("button", { name: "Leave room" }).click();
    await eventually(() => conversationItem(bob, `#${room}`).count(), 0, "room left");
  });
  it("quotes a message replied to that is not loaded, and shows it on a click", async () => {
    // Bob has no chat open (a reload shows none).
    await bob.page.reload();
    await online(bob);
    await openConversation(alice, bob.username);
    await send(alice, "Where shall we meet?");
    await eventually(() => messageWith(alice, "Where shall we meet?").locator(".tick").getAttribute("data-tick"), "delivered", "bob has it");
    // Bob starts afresh and is elsewhere while the chat moves on: what he
    // holds of it is only what arrives from now, enough to fill the screen.
    await bob.page.reload();
    await online(bob);
    for (let i = 1; i <= 10; i++) await send(alice, `Filler ${i}\n\nsecond paragraph\n\nthird paragraph\n\nfourth paragraph`);
    // Reply from the keyboard: the message, Enter into its toolbar, Enter on Reply.
    const original = messageWith(alice, "Where shall we meet?");
    await original.focus();
    await alice.page.keyboard.press("Enter");
    await alice.page.keyboard.press("Enter");
    await expectVisible(alice.page.locator(".composer-context", { hasText: "Replying to" }));
    await send(alice, "By the fountain");
    await expectVisible(conversationItem(bob, alice.username).locator(".badge"));

    await openConversation(bob, alice.username);
    const quote = messageWith(bob, "By the fountain").locator(".reply-quote");
    await expectVisible(quote.filter({ hasText: "Where shall we meet?" }));
    expect(await messageWith(bob, "Where shall we meet?").count()).toBe(0);
    await quote.click();
    const shown = messageWith(bob, "Where shall we meet?");
    await expectVisible(shown);
    await eventually(
      () =>
        shown.evaluate((el) => {
          const box = el.getBoundingClientRect();
          const view = el.closest(".messages")!.getBoundingClientRect();
          return box.top >= view.top && box.bottom <= view.bottom;
        }),
      true,
      "the original scrolled into view",
    );
  });
  it("ends every name cut short with an ellipsis, at phone width", async () => {
    const long = await newPerson(browser, "l", { width: 375, height: 740 });
    long.username = `${long.username}_with_a_really_long_name`.slice(0, 32);
    await register(long, "Someone with a display name far too long to fit");
    const bigGroup = "A group whose name is long enough to never fit on a phone screen";
    await long.page.getByRole("button", { name: "New group" }).click();
    const dialog = long.page.getByRole("dialog");
    await dialog.getByLabel("Group name").fill(bigGroup);
    await dialog.getByLabel("Add members").fill(alice.username);
    await dialog.getByRole("button", { name: alice.username }).click();
    await dialog.getByRole("button", { name: "Create group" }).click();
    await expectVisible(long.page.locator(".chat-title h2", { hasText: bigGroup }));
    await send(long, "A message under a long name");
    const cut = () =>
      long.page.evaluate(() =>
        // Text cut by its own box: only an ellipsis says there is more (and
        // a flex box draws none for its bare text).
        [...document.querySelectorAll<HTMLElement>("body *")]
          .filter((el) => {
            const cs = getComputedStyle(el);
            const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
            return text && el.offsetParent !== null && el.clientWidth > 2 && el.scrollWidth > el.clientWidth + 1 && cs.overflowX !== "visible" && (cs.textOverflow !== "ellipsis" || /flex|grid/.test(cs.display));
          })
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
      );
    expect(await cut()).toEqual([]);
    await long.page.getByRole("button", { name: "Members" }).click();
    await expectVisible(long.page.getByRole("dialog").locator(".member", { hasText: long.username }));
    expect(await cut()).toEqual([]);
    await long.page.keyboard.press("Escape");
    await long.page.getByRole("button", { name: "Back to conversations" }).click();
    await expectVisible(conversationItem(long, bigGroup));
    expect(await cut()).toEqual([]);
    await long.context.close();
  });
  it("makes the message list one tab stop with arrow keys, and has shortcuts", async () => {
    const { page } = alice;
    await openConversation(alice, bob.username);
    await send(alice, "Keyboard one");
    await send(alice, "Keyboard two");
    await expectVisible(messageWith(alice, "Keyboard two"));
    const box = page.getByLabel("Message", { exact: true });
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return "none";
        if (el.matches("article.message")) return `message:${el.querySelector(".text")?.textContent ?? ""}`;
        return el.closest(".messages") ? `inside:${el.tagName.toLowerCase()}` : `outside:${el.tagName.toLowerCase()}`;
      });

    // One stop: Shift+Tab from the composer (past its emoji and attach
    // buttons) lands on the last message, the next one leaves the list.
    await box.focus();
    for (const button of ["emoji", "attach"]) {
      await page.keyboard.press("Shift+Tab");
      expect(await page.evaluate(() => document.activeElement?.closest(".composer") !== null), button).toBe(true);
    }
    await page.keyboard.press("Shift+Tab");
    expect(await focused()).toBe("message:Keyboard two");
    await page.keyboard.press("Shift+Tab");
    expect(await focused()).toMatch(/^outside:/);
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("message:Keyboard two");

    // Arrows move between messages; Enter goes into the toolbar, Esc back.
    await page.keyboard.press("ArrowUp");
    expect(await focused()).toBe("message:Keyboard one");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Reply");
    // Along the toolbar: React, Thread, Pin (a direct chat), Edit.
    const along: (string | null | undefined)[] = [];
    for (let i = 0; i < 4; ++i) {
      await page.keyboard.press("ArrowRight");
      along.push(await page.evaluate(() => document.activeElement?.textContent));
    }
    expect(along).toEqual(["React", "Thread", "Pin", "Edit"]);
    await page.keyboard.press("Escape");
    expect(await focused()).toBe("message:Keyboard one");
    await page.keyboard.press("Escape");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("composer");

    // Up in the empty composer edits one's last message.
    await page.keyboard.press("ArrowUp");
    await expectVisible(page.locator(".composer-context", { hasText: "Editing message" }));
    expect(await box.inputValue()).toBe("Keyboard two");
    await page.keyboard.press("Escape");
    expect(await box.inputValue()).toBe("");

    // Ctrl+K switches conversation.
    await page.keyboard.press("Control+k");
    const switcher = page.getByRole("dialog", { name: "Switch conversation" });
    await expectVisible(switcher);
    await page.keyboard.type(group.slice(0, 6));
    await page.keyboard.press("Enter");
    await expectVisible(page.locator(".chat-title h2", { hasText: group }));
    expect(await page.getByRole("dialog").count()).toBe(0);
  });
});
