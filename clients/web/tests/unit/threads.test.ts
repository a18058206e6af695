import { describe, expect, it } from "vitest";
import { threadLabel } from "../../src/state/threads";
import { Timeline } from "../../src/state/timeline";
import { messageEvent } from "./fixtures";

const ROOT = 1001; // message(1, 1, ...)'s id

describe("threads", () => {
  it("a live reply raises its root's count, and others' replies its unread", () => {
    const t = new Timeline();
    t.isOwn = (m) => m.sender === "alice";
    t.apply(messageEvent(1, 1, "alice"));
    t.apply(messageEvent(1, 2, "bob", { thread_id: ROOT }));
    t.apply(messageEvent(1, 3, "alice", { thread_id: ROOT }));
    expect(t.findMessage(ROOT)?.thread).toEqual({ replies: 2, last_reply_seq: 3, last_reply_ts: t.findMessage(1003)!.ts, unread: 1 });
  });

  it("a reply the server counted already (at or below last_reply_seq) is not counted again", () => {
    const t = new Timeline();
    t.apply(messageEvent(1, 1, "alice", { thread: { replies: 2, last_reply_seq: 5, last_reply_ts: 1, unread: 0 } }));
    t.apply(messageEvent(1, 4, "bob", { thread_id: ROOT }));
    t.apply(messageEvent(1, 5, "bob", { thread_id: ROOT }));
    expect(t.findMessage(ROOT)?.thread?.replies).toBe(2);
    t.apply(messageEvent(1, 6, "bob", { thread_id: ROOT }));
    expect(t.findMessage(ROOT)?.thread?.replies).toBe(3);
  });

  it("the line under a root says how many replies and how many are new", () => {
    expect(threadLabel({ replies: 1, last_reply_seq: 2, last_reply_ts: 0, unread: 0 })).toBe("1 reply");
    expect(threadLabel({ replies: 3, last_reply_seq: 2, last_reply_ts: 0, unread: 2 })).toBe("3 replies · 2 new");
    expect(threadLabel({ replies: 300, last_reply_seq: 2, last_reply_ts: 0, unread: 100 })).toBe("300 replies · 99+ new");
  });
});
