import type { Conversation, LogEvent, Message } from "../../src/protocol";

export function message(conversationId: number, seq: number, sender: string, text = `m${seq}`, extra: Partial<Message> = {}): Message {
  return {
    id: conversationId * 1000 + seq,
    conversation_id: conversationId,
    seq,
    sender,
    text,
    ts: 1_763_719_200_000 + seq * 1000,
    client_msg_id: null,
    reply_to: null,
    edited_ts: null,
    deleted: false,
    ...extra,
  };
}

export function messageEvent(conversationId: number, seq: number, sender: string, extra: Partial<Message> = {}): LogEvent {
  return { type: "message", message: message(conversationId, seq, sender, `m${seq}`, extra) };
}

export function conversation(id: number, extra: Partial<Conversation> = {}): Conversation {
  return {
    conversation_id: id,
    kind: "direct",
    name: "bob",
    topic: "",
    members: ["alice", "bob"],
    member_count: 2,
    role: "member",
    last_seq: 0,
    read_seq: 0,
    delivered_seq: 0,
    unread: 0,
    last_message: null,
    request: null,
    ...extra,
  };
}

export function counter(prefix = "c"): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
