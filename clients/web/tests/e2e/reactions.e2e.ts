// Reactions and a pin in two browsers: the picker adds a reaction, both see
// the count and who reacted, a click on it takes it back; a pin shows as a
// notice on both sides.

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, it } from "vitest";
import { eventually, expectVisible, launchBrowser, messageWith, newPerson, openConversation, register, send, startChat, type Person } from "./support";

describe("reactions", () => {
  let browser: Browser;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    browser = await launchBrowser();
    alice = await newPerson(browser, "alice");
    bob = await newPerson(browser, "bob");
    await register(alice);
    await register(bob);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("a reaction picked by one shows with its count to both, and a click takes it back", async () => {
    await startChat(alice, bob.username);
    await send(alice, "Lunch at noon?");
    await openConversation(bob, alice.username);
    const onBob = messageWith(bob, "Lunch at noon?");
    await expectVisible(onBob);
    await onBob.hover();
    await onBob.locator(".reaction-picker > summary").click();
    await onBob.getByRole("button", { name: "React 👍" }).click();

    const onAlice = messageWith(alice, "Lunch at noon?");
    const chipForAlice = onAlice.locator(".reaction", { hasText: "👍 1" });
    await expectVisible(chipForAlice);
    await eventually(() => chipForAlice.getAttribute("title"), bob.username, "who reacted");
    await eventually(() => chipForAlice.getAttribute("aria-pressed"), "false", "not alice's own");

    await chipForAlice.click(); // alice adds hers
    await expectVisible(onBob.locator(".reaction", { hasText: "👍 2" }));
    const chipForBob = onBob.locator(".reaction", { hasText: "👍 2" });
    await eventually(() => chipForBob.getAttribute("aria-pressed"), "true", "bob's own");
    await chipForBob.click(); // bob takes his back
    await expectVisible(onAlice.locator(".reaction", { hasText: "👍 1" }));
  });

  it("either person pins a message in a direct chat and both see it", async () => {
    const onAlice = messageWith(alice, "Lunch at noon?");
    await onAlice.hover();
    await onAlice.getByRole("button", { name: "Pin" }).click();
    await expectVisible(bob.page.getByText(`${alice.username} pinned a message: “Lunch at noon?”`));
    await expectVisible(alice.page.getByText(`${alice.username} pinned a message: “Lunch at noon?”`));
  });
});
