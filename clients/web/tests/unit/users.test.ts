import { describe, expect, it } from "vitest";
import type { User } from "../../src/protocol";
import { UserDirectory } from "../../src/state/users";

function directory(ttl = 1000) {
  let now = 0;
  const asked: string[] = [];
  const answers = new Map<string, User | null>();
  let changes = 0;
  let failing = false;
  const dir = new UserDirectory(
    async (username) => {
      asked.push(username);
      if (failing) throw new Error("NETWORK");
      return answers.get(username) ?? null;
    },
    () => changes++,
    () => now,
    ttl,
  );
  return {
    dir,
    asked,
    answers,
    changes: () => changes,
    advance: (ms: number) => (now += ms),
    fail: (on: boolean) => (failing = on),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("user directory", () => {
  it("asks once per username however often views look it up", async () => {
    const d = directory();
    d.answers.set("bob", { id: 2, username: "bob", display_name: "Bob", avatar: "av1" });
    expect(d.dir.lookup("bob")).toBeUndefined();
    expect(d.dir.lookup("bob")).toBeUndefined();
    await settle();
    expect(d.dir.lookup("bob")?.avatar).toBe("av1");
    expect(d.asked).toEqual(["bob"]);
    expect(d.changes()).toBe(1);
  });

  it("asks again once the profile is older than the time to live", async () => {
    const d = directory(1000);
    d.answers.set("bob", { id: 2, username: "bob", display_name: "Bob", avatar: null });
    d.dir.lookup("bob");
    await settle();
    d.answers.set("bob", { id: 2, username: "bob", display_name: "Bob", avatar: "new" });
    d.advance(500);
    expect(d.dir.lookup("bob")?.avatar).toBeNull();
    d.advance(600);
    d.dir.lookup("bob");
    await settle();
    expect(d.dir.lookup("bob")?.avatar).toBe("new");
    expect(d.asked).toEqual(["bob", "bob"]);
  });

  it("takes profiles learned elsewhere without asking", () => {
    const d = directory();
    d.dir.put({ id: 3, username: "carol", display_name: "", avatar: "c" });
    expect(d.dir.lookup("carol")?.avatar).toBe("c");
    expect(d.asked).toEqual([]);
  });

  it("remembers that a user does not exist until the time to live passes", async () => {
    const d = directory();
    d.dir.lookup("ghost");
    await settle();
    expect(d.dir.lookup("ghost")).toBeUndefined();
    expect(d.asked).toEqual(["ghost"]);
    expect(d.changes()).toBe(0);
  });

  it("asks again soon, not after the whole time to live, when a request failed", async () => {
    const d = directory(10 * 60_000);
    d.fail(true);
    d.dir.lookup("bob");
    await settle();
    d.fail(false);
    d.answers.set("bob", { id: 2, username: "bob", display_name: "Bob", avatar: "av" });
    d.advance(10_000);
    d.dir.lookup("bob");
    expect(d.asked).toEqual(["bob"]);
    d.advance(21_000);
    d.dir.lookup("bob");
    await settle();
    expect(d.dir.lookup("bob")?.avatar).toBe("av");
    expect(d.asked).toEqual(["bob", "bob"]);
  });

  it("follows user.updated: a new display name at once, and a new username without asking again", async () => {
    const d = directory();
    d.answers.set("bob", { id: 2, username: "bob", display_name: "Bob", avatar: "av1" });
    d.dir.lookup("bob");
    await settle();
    const before = d.changes();
    d.dir.updated(2, "bob", "Bob Builder");
    expect(d.dir.lookup("bob")?.display_name).toBe("Bob Builder");
    d.dir.updated(2, "robert", "Bob Builder");
    expect(d.dir.lookup("robert")).toMatchObject({ id: 2, username: "robert", display_name: "Bob Builder", avatar: "av1" });
    expect(d.changes()).toBe(before + 2);
    expect(d.asked).toEqual(["bob"]);
  });

  it("ignores user.updated about someone it holds nothing of", () => {
    const d = directory();
    d.dir.updated(9, "zed", "Zed");
    expect(d.changes()).toBe(0);
    expect(d.asked).toEqual([]);
  });
});
