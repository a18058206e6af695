import { describe, expect, it } from "vitest";
import { Store } from "../../src/state/store";
import { insertText } from "../../src/ui/composer_emoji";
import { displayNameOf } from "../../src/ui/person_name";
import { presenceLine } from "../../src/ui/profile_card";

describe("insertText (the composer's emoji)", () => {
  it("puts the emoji at the caret and the caret after it", () => {
    expect(insertText("hello world", 5, 5, " 👋")).toEqual({ value: "hello 👋 world", caret: 8 });
  });

  it("replaces a selection, whichever way it was made", () => {
    expect(insertText("I am sad", 5, 8, "😢")).toEqual({ value: "I am 😢", caret: 7 });
    expect(insertText("I am sad", 8, 5, "😢")).toEqual({ value: "I am 😢", caret: 7 });
  });

  it("keeps a caret past the end inside the text", () => {
    expect(insertText("hi", 10, 12, "🎉")).toEqual({ value: "hi🎉", caret: 4 });
  });
});

describe("displayNameOf", () => {
  it("shows the display name when there is one, else the username", () => {
    const store = new Store(() => "id");
    store.me = { id: 1, username: "alice", display_name: "Alice" };
    store.users.put({ id: 2, username: "bob", display_name: "Bob Builder" });
    store.users.put({ id: 3, username: "carol", display_name: "" });
    expect(displayNameOf(store, "alice")).toBe("Alice");
    expect(displayNameOf(store, "bob")).toBe("Bob Builder");
    expect(displayNameOf(store, "carol")).toBe("carol");
    expect(displayNameOf(store, "dave")).toBe("dave");
  });

  it("follows user.updated for others and oneself", () => {
    const store = new Store(() => "id");
    store.me = { id: 1, username: "alice", display_name: "" };
    store.users.put({ id: 2, username: "bob", display_name: "Bob" });
    store.renameUser(2, "bob", "Robert");
    store.renameUser(1, "alice", "Alice L.");
    expect(displayNameOf(store, "bob")).toBe("Robert");
    expect(displayNameOf(store, "alice")).toBe("Alice L.");
  });
});

describe("presenceLine (the profile card's status)", () => {
  it("shows nothing when natterd told nothing", () => {
    expect(presenceLine(undefined)).toBeNull();
  });

  it("shows a status, or when an offline person was last seen", () => {
    expect(presenceLine({ status: "busy", last_seen: 0 })).toBe("busy");
    expect(presenceLine({ status: "offline", last_seen: 0 })).toBe("offline");
    expect(presenceLine({ status: "offline", last_seen: Date.UTC(2026, 0, 5, 9, 30) })).toMatch(/^last seen /);
  });
});
