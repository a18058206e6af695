import { describe, expect, it } from "vitest";
import { Receipts } from "../../src/state/receipts";

describe("receipt ticks", () => {
  it("shows sent until the recipient's device has the message", () => {
    const r = new Receipts();
    expect(r.tick(1, ["bob"], 5)).toBe("sent");
    r.apply({ conversation_id: 1, user: "bob", delivered_seq: 4, read_seq: 0 });
    expect(r.tick(1, ["bob"], 5)).toBe("sent");
  });

  it("shows delivered, then read, as the recipient's receipts pass the seq", () => {
    const r = new Receipts();
    r.apply({ conversation_id: 1, user: "bob", delivered_seq: 5, read_seq: 0 });
    expect(r.tick(1, ["bob"], 5)).toBe("delivered");
    r.apply({ conversation_id: 1, user: "bob", delivered_seq: 5, read_seq: 5 });
    expect(r.tick(1, ["bob"], 5)).toBe("read");
  });

  it("never goes back when an older receipt arrives late", () => {
    const r = new Receipts();
    r.apply({ conversation_id: 1, user: "bob", delivered_seq: 9, read_seq: 9 });
    r.apply({ conversation_id: 1, user: "bob", delivered_seq: 3, read_seq: 2 });
    expect(r.tick(1, ["bob"], 9)).toBe("read");
  });

  it("counts a read as delivered", () => {
    const r = new Receipts();
    r.apply({ conversation_id: 1, user: "bob", delivered_seq: 0, read_seq: 4 });
    expect(r.of(1, "bob").delivered_seq).toBe(4);
  });

  it("in a group, shows read only once every member read, with per-member detail", () => {
    const r = new Receipts();
    r.apply({ conversation_id: 2, user: "bob", delivered_seq: 7, read_seq: 7 });
    r.apply({ conversation_id: 2, user: "carol", delivered_seq: 7, read_seq: 0 });
    expect(r.tick(2, ["bob", "carol"], 7)).toBe("delivered");
    expect(r.detail(2, ["bob", "carol", "dave"], 7)).toEqual([
      { user: "bob", tick: "read" },
      { user: "carol", tick: "delivered" },
      { user: "dave", tick: "sent" },
    ]);
  });

  it("keeps conversations apart", () => {
    const r = new Receipts();
    r.apply({ conversation_id: 1, user: "bob", delivered_seq: 9, read_seq: 9 });
    expect(r.tick(2, ["bob"], 1)).toBe("sent");
  });
});
