import { describe, expect, it } from "vitest";
import { Outbox } from "../../src/state/outbox";
import { counter } from "./fixtures";

function outbox() {
  return new Outbox(counter(), () => 0);
}

describe("outbox", () => {
  it("queues messages in the order they were written", () => {
    const box = outbox();
    box.add({ conversationId: 1, to: null, text: "one", replyTo: null });
    box.add({ conversationId: 1, to: null, text: "two", replyTo: null });
    expect(box.takeQueued().map((i) => i.text)).toEqual(["one", "two"]);
  });

  it("does not hand out a message that is already being sent", () => {
    const box = outbox();
    box.add({ conversationId: 1, to: null, text: "one", replyTo: null });
    box.takeQueued();
    expect(box.takeQueued()).toEqual([]);
  });

  it("resends in-flight messages after a disconnect with the same client_msg_id", () => {
    const box = outbox();
    const item = box.add({ conversationId: 1, to: null, text: "one", replyTo: null });
    const first = box.takeQueued()[0].clientMsgId;
    box.requeueInFlight();
    const again = box.takeQueued();
    expect(again).toHaveLength(1);
    expect(again[0].clientMsgId).toBe(first);
    expect(again[0].clientMsgId).toBe(item.clientMsgId);
  });

  it("forgets a message once acknowledged", () => {
    const box = outbox();
    const item = box.add({ conversationId: 1, to: null, text: "one", replyTo: null });
    box.takeQueued();
    expect(box.acknowledge(item.clientMsgId)).toBe(true);
    expect(box.all()).toEqual([]);
    expect(box.acknowledge(item.clientMsgId)).toBe(false);
  });

  it("keeps a message that failed for good until the user retries or discards it", () => {
    const box = outbox();
    const item = box.add({ conversationId: 1, to: null, text: "x", replyTo: null });
    box.takeQueued();
    box.fail(item.clientMsgId, "MESSAGE_TOO_LONG", "Too long");
    expect(box.get(item.clientMsgId)?.state).toBe("failed");
    expect(box.takeQueued()).toEqual([]);
    box.retry(item.clientMsgId);
    expect(box.takeQueued().map((i) => i.clientMsgId)).toEqual([item.clientMsgId]);
    box.discard(item.clientMsgId);
    expect(box.all()).toEqual([]);
  });

  it("queues a message again after a transient error", () => {
    const box = outbox();
    const item = box.add({ conversationId: 1, to: null, text: "x", replyTo: null });
    box.takeQueued();
    box.fail(item.clientMsgId, "RATE_LIMITED", "Slow down");
    expect(box.get(item.clientMsgId)?.state).toBe("queued");
  });

  it("addresses a draft by conversation id once the conversation exists", () => {
    const box = outbox();
    box.add({ conversationId: null, to: "@bob", text: "hi", replyTo: null });
    expect(box.for(null, "@bob")).toHaveLength(1);
    box.bind("@bob", 7);
    expect(box.for(7)).toHaveLength(1);
    expect(box.for(null, "@bob")).toHaveLength(0);
  });
});
