import { describe, expect, it } from "vitest";
import { Timeline } from "../../src/state/timeline";
import { message, messageEvent } from "./fixtures";

describe("timeline", () => {
  it("ignores an event whose seq it already holds", () => {
    const t = new Timeline();
    expect(t.apply(messageEvent(1, 1, "bob"))).toBe("applied");
    expect(t.apply(messageEvent(1, 1, "bob"))).toBe("duplicate");
    expect(t.messages()).toHaveLength(1);
  });

  it("keeps events in seq order whatever order they arrive in", () => {
    const t = new Timeline();
    t.apply(messageEvent(1, 2, "bob"));
    t.apply(messageEvent(1, 1, "bob"));
    t.apply(messageEvent(1, 3, "bob"));
    expect(t.items.map((i) => i.seq)).toEqual([1, 2, 3]);
    expect(t.contiguousSeq).toBe(3);
  });

  it("shows room moderation as notices and forgets the role of whoever was removed", () => {
    const t = new Timeline();
    t.apply({ type: "member.joined", conversation_id: 1, seq: 1, user: "bob", role: "member", by: null });
    t.apply({ type: "conversation.updated", conversation_id: 1, seq: 2, user: "bob", action: "mute", by: "alice", reason: "Shh" });
    t.apply({ type: "member.left", conversation_id: 1, seq: 3, user: "bob", by: "alice", action: "ban" });
    expect(t.items.map((i) => (i.type === "notice" ? i.notice.kind : i.type))).toEqual(["joined", "moderated", "left"]);
    expect(t.items[1]).toMatchObject({ notice: { user: "bob", by: "alice", action: "mute", reason: "Shh" } });
    expect(t.items[2]).toMatchObject({ notice: { action: "ban" } });
    expect(t.roles.has("bob")).toBe(false);
  });

  it("reports a gap and does not advance past it", () => {
    const t = new Timeline();
    t.apply(messageEvent(1, 1, "bob"));
    expect(t.apply(messageEvent(1, 3, "bob"))).toBe("gap");
    expect(t.contiguousSeq).toBe(1);
    t.apply(messageEvent(1, 2, "bob"));
    expect(t.contiguousSeq).toBe(3);
  });

  it("applies edits and deletions to the message they name", () => {
    const t = new Timeline();
    t.apply(messageEvent(1, 1, "bob"));
    const edited = message(1, 1, "bob", "fixed", { edited_ts: 5 });
    t.apply({ type: "message.edited", conversation_id: 1, seq: 2, message: edited });
    expect(t.messages()[0].text).toBe("fixed");
    expect(t.messages()[0].seq).toBe(1);
    t.apply({ type: "message.deleted", conversation_id: 1, seq: 3, message_id: edited.id });
    expect(t.messages()[0]).toMatchObject({ deleted: true, text: "" });
    expect(t.contiguousSeq).toBe(3);
  });

  it("starts from the last seq known from the conversation list", () => {
    const t = new Timeline(10);
    expect(t.apply(messageEvent(1, 11, "bob"))).toBe("applied");
    expect(t.contiguousSeq).toBe(11);
  });

  it("prepends older history and stops at the first seq", () => {
    const t = new Timeline(3);
    t.prepend([messageEvent(1, 2, "bob"), messageEvent(1, 3, "bob")], true);
    expect(t.lowestSeq).toBe(2);
    expect(t.hasMoreBefore).toBe(true);
    t.prepend([messageEvent(1, 1, "bob")], true);
    expect(t.hasMoreBefore).toBe(false);
    expect(t.items.map((i) => i.seq)).toEqual([1, 2, 3]);
  });

  it("learns member roles from membership events", () => {
    const t = new Timeline();
    t.apply({ type: "member.joined", conversation_id: 1, seq: 1, user: "alice", role: "owner", by: null });
    t.apply({ type: "member.joined", conversation_id: 1, seq: 2, user: "bob", role: "member", by: "alice" });
    t.apply({ type: "conversation.updated", conversation_id: 1, seq: 3, user: "bob", role: "admin" });
    expect(t.roles.get("bob")).toBe("admin");
    t.apply({ type: "member.left", conversation_id: 1, seq: 4, user: "bob", by: null });
    expect(t.roles.has("bob")).toBe(false);
  });
});
