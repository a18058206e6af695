import { describe, expect, it } from "vitest";
import { Store } from "../../src/state/store";
import { conversation, counter, message, messageEvent } from "./fixtures";

function store() {
  const s = new Store(counter());
  s.me = { id: 1, username: "alice", display_name: "Alice" };
  return s;
}

describe("unread counting", () => {
  it("counts other people's new messages, not one's own", () => {
    const s = store();
    s.setConversations([conversation(1)]);
    s.applyEvents([messageEvent(1, 1, "bob"), messageEvent(1, 2, "alice"), messageEvent(1, 3, "bob")], true);
    expect(s.conversations.get(1)!.info.unread).toBe(2);
  });

  it("does not count a message twice when sync repeats a live event", () => {
    const s = store();
    s.setConversations([conversation(1)]);
    s.applyEvents([messageEvent(1, 1, "bob")], true);
    s.applySync({
      conversations: [{ conversation_id: 1, last_seq: 2, has_more: false, events: [messageEvent(1, 1, "bob"), messageEvent(1, 2, "bob")] }],
      receipts: [],
      presence: [],
    });
    expect(s.conversations.get(1)!.info.unread).toBe(2);
    expect(s.conversations.get(1)!.timeline.messages()).toHaveLength(2);
  });

  it("does not count history older than the known last seq", () => {
    const s = store();
    s.setConversations([conversation(1, { last_seq: 5, unread: 0, read_seq: 5 })]);
    s.conversations.get(1)!.timeline.prepend([messageEvent(1, 4, "bob"), messageEvent(1, 5, "bob")], true);
    s.applyEvents([messageEvent(1, 4, "bob")], false);
    expect(s.conversations.get(1)!.info.unread).toBe(0);
  });

  it("drops to zero when the user's own read receipt reaches the last message", () => {
    const s = store();
    s.setConversations([conversation(1)]);
    s.applyEvents([messageEvent(1, 1, "bob"), messageEvent(1, 2, "bob")], true);
    s.applyReceipt({ conversation_id: 1, user: "alice", delivered_seq: 2, read_seq: 1 });
    expect(s.conversations.get(1)!.info.unread).toBe(1);
    s.applyReceipt({ conversation_id: 1, user: "alice", delivered_seq: 2, read_seq: 2 });
    expect(s.conversations.get(1)!.info.unread).toBe(0);
  });

  it("keeps the server's count for messages it does not hold", () => {
    const s = store();
    s.setConversations([conversation(1, { last_seq: 10, unread: 4, read_seq: 6 })]);
    s.applyEvents([messageEvent(1, 11, "bob")], true);
    expect(s.conversations.get(1)!.info.unread).toBe(5);
  });

  it("leaves muted conversations out of the total", () => {
    const s = store();
    s.setConversations([conversation(1, { unread: 2 }), conversation(2, { unread: 3, name: "carol" })]);
    expect(s.totalUnread(() => false)).toBe(5);
    expect(s.totalUnread((id) => id === 2)).toBe(2);
  });
});

describe("reconnect and sync", () => {
  it("tells sync the last contiguous seq of every conversation", () => {
    const s = store();
    s.setConversations([conversation(1, { last_seq: 3 }), conversation(2, { name: "carol" })]);
    s.applyEvents([messageEvent(1, 4, "bob"), messageEvent(1, 6, "bob")], true);
    expect(s.syncSince()).toEqual({ "1": 4, "2": 0 });
  });

  it("reports a gap so the missing range can be fetched", () => {
    const s = store();
    s.setConversations([conversation(1, { last_seq: 3 })]);
    const outcome = s.applyEvents([messageEvent(1, 6, "bob")], true);
    expect(outcome.gaps.get(1)).toBe(3);
  });

  it("asks to page on when sync has more than it sent", () => {
    const s = store();
    s.setConversations([conversation(1)]);
    const outcome = s.applySync({
      conversations: [{ conversation_id: 1, last_seq: 2000, has_more: true, events: [messageEvent(1, 1, "bob")] }],
      receipts: [],
      presence: [],
    });
    expect(outcome.gaps.get(1)).toBe(1);
  });

  it("reports conversations it has not heard of", () => {
    const s = store();
    const outcome = s.applyEvents([messageEvent(9, 1, "bob")], true);
    expect([...outcome.unknown]).toEqual([9]);
  });

  it("removes an outbox message when its own echo arrives", () => {
    const s = store();
    s.setConversations([conversation(1)]);
    const item = s.outbox.add({ conversationId: 1, to: null, text: "hi", replyTo: null });
    s.outbox.takeQueued();
    s.applyEvents([messageEvent(1, 1, "alice", { client_msg_id: item.clientMsgId })], true);
    expect(s.outbox.all()).toEqual([]);
  });

  it("merges receipts and presence from the sync reply", () => {
    const s = store();
    s.setConversations([conversation(1)]);
    s.applyEvents([messageEvent(1, 1, "alice")], true);
    s.applySync({
      conversations: [],
      receipts: [{ conversation_id: 1, user: "bob", delivered_seq: 1, read_seq: 1 }],
      presence: [{ user: "bob", status: "online", last_seen: 0 }],
    });
    const conv = s.conversations.get(1)!;
    expect(s.tickOf(conv.info, conv.timeline.messages()[0])).toBe("read");
    expect(s.presence.get("bob")?.status).toBe("online");
  });

  it("keeps the newest preview when an older conversation list arrives", () => {
    const s = store();
    s.setConversations([conversation(1)]);
    s.applyEvents([messageEvent(1, 1, "bob"), messageEvent(1, 2, "bob")], true);
    s.setConversations([conversation(1, { last_seq: 1, last_message: message(1, 1, "bob") })]);
    expect(s.conversations.get(1)!.info.last_message?.seq).toBe(2);
  });

  it("lists only live messages from others as incoming", () => {
    const s = store();
    s.setConversations([conversation(1)]);
    const live = s.applyEvents([messageEvent(1, 1, "bob"), messageEvent(1, 2, "alice")], true);
    expect(live.incoming.map((m) => m.seq)).toEqual([1]);
    const replay = s.applyEvents([messageEvent(1, 3, "bob")], false);
    expect(replay.incoming).toEqual([]);
  });
});

describe("unread counts from the server", () => {
  it("adds only the held messages after the seq the server counted at", () => {
    const s = store();
    s.setConversations([conversation(1, { last_seq: 10, unread: 4, read_seq: 6 })]);
    s.applyEvents([messageEvent(1, 11, "bob")], true);
    // A list the server computed before seq 11 arrives after it.
    s.setConversations([conversation(1, { last_seq: 10, unread: 4, read_seq: 6 })]);
    expect(s.conversations.get(1)!.info.unread).toBe(5);
  });

  it("does not count a live message the server's list already counted", () => {
    const s = store();
    s.setConversations([conversation(1, { last_seq: 11, unread: 5, read_seq: 6 })]);
    s.applyEvents([messageEvent(1, 11, "bob")], true);
    expect(s.conversations.get(1)!.info.unread).toBe(5);
  });
});

describe("renames", () => {
  function chat() {
    const s = store();
    s.setConversations([conversation(1, { member_ids: [1, 2] })]);
    s.applyEvents(
      [messageEvent(1, 1, "alice", { sender_id: 1 }), messageEvent(1, 2, "bob", { sender_id: 2 })],
      true,
    );
    s.applyReceipt({ conversation_id: 1, user: "bob", user_id: 2, delivered_seq: 1, read_seq: 1 });
    return s;
  }

  it("keeps one's own messages one's own after renaming oneself", () => {
    const s = chat();
    s.renameUser(1, "alicia", "Alicia");
    expect(s.username).toBe("alicia");
    const [mine, theirs] = s.conversations.get(1)!.timeline.messages();
    expect(s.isMine(mine)).toBe(true);
    expect(mine.sender).toBe("alicia");
    expect(s.isMine(theirs)).toBe(false);
    expect(s.conversations.get(1)!.info.members).toEqual(["alicia", "bob"]);
  });

  it("shows the other person under their new name, with their receipts", () => {
    const s = chat();
    s.renameUser(2, "robert", "Robert");
    const info = s.conversations.get(1)!.info;
    expect(info.name).toBe("robert");
    expect(info.members).toEqual(["alice", "robert"]);
    expect(s.conversations.get(1)!.timeline.messages()[1].sender).toBe("robert");
    expect(s.tickOf(info, s.conversations.get(1)!.timeline.messages()[0])).toBe("read");
    s.applyReceipt({ conversation_id: 1, user: "robert", user_id: 2, delivered_seq: 2, read_seq: 2 });
    expect(s.receipts.of(1, "robert").read_seq).toBe(2);
  });
});

describe("unread mentions", () => {
  const me = [{ user_id: 1, username: "alice" }];

  it("counts others' new messages that mention me or everyone, and clears as they are read", () => {
    const s = store();
    s.setConversations([conversation(1, { unread_mentions: 0 })]);
    s.applyEvents(
      [
        messageEvent(1, 1, "bob", { mentions: me }),
        messageEvent(1, 2, "bob"),
        messageEvent(1, 3, "bob", { mentions_all: true }),
        messageEvent(1, 4, "alice", { mentions_all: true }),
      ],
      true,
    );
    expect(s.conversations.get(1)!.info.unread_mentions).toBe(2);
    s.applyReceipt({ conversation_id: 1, user: "alice", user_id: 1, delivered_seq: 4, read_seq: 1 });
    expect(s.conversations.get(1)!.info.unread_mentions).toBe(1);
    s.markRead(1, 4);
    expect(s.conversations.get(1)!.info.unread_mentions).toBe(0);
  });

  it("adds held mentions after the server's count to it", () => {
    const s = store();
    s.setConversations([conversation(1, { last_seq: 10, unread: 4, unread_mentions: 1, read_seq: 6 })]);
    s.applyEvents([messageEvent(1, 11, "bob", { mentions: me })], true);
    expect(s.conversations.get(1)!.info.unread_mentions).toBe(2);
    s.setConversations([conversation(1, { last_seq: 10, unread: 4, unread_mentions: 1, read_seq: 6 })]);
    expect(s.conversations.get(1)!.info.unread_mentions).toBe(2);
  });
});
