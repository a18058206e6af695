import { describe, expect, it } from "vitest";
import { attachmentIds, Outbox } from "../../src/state/outbox";
import type { Upload } from "../../src/state/uploads";
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

  it("holds a message with files until every upload is stored, and lets others go meanwhile", () => {
    const box = outbox();
    const a = upload("a");
    const b = upload("b");
    const withFiles = box.add({ conversationId: 1, to: null, text: "look", replyTo: null, uploads: [a, b] });
    box.add({ conversationId: 1, to: null, text: "plain", replyTo: null });
    expect(box.takeQueued().map((i) => i.text)).toEqual(["plain"]);
    done(a, "m-a");
    expect(box.takeQueued()).toEqual([]);
    done(b, "m-b");
    expect(box.takeQueued().map((i) => i.clientMsgId)).toEqual([withFiles.clientMsgId]);
    expect(attachmentIds(withFiles)).toEqual(["m-a", "m-b"]);
  });

  it("keeps a message waiting while one of its uploads failed", () => {
    const box = outbox();
    const a = upload("a");
    box.add({ conversationId: 1, to: null, text: "", replyTo: null, uploads: [a] });
    a.state = "failed";
    expect(box.takeQueued()).toEqual([]);
    done(a, "m-a");
    expect(box.takeQueued()).toHaveLength(1);
  });

  it("drops one file of a waiting message, and the message once nothing is left to send", () => {
    const box = outbox();
    const a = upload("a");
    const b = upload("b");
    const item = box.add({ conversationId: 1, to: null, text: "", replyTo: null, uploads: [a, b] });
    expect(box.dropUpload(item.clientMsgId, a.key)).toBe(true);
    expect(box.get(item.clientMsgId)?.uploads.map((u) => u.key)).toEqual(["b"]);
    expect(box.dropUpload(item.clientMsgId, b.key)).toBe(true);
    expect(box.all()).toEqual([]);
  });

  it("keeps a captioned message when its last file is dropped", () => {
    const box = outbox();
    const a = upload("a");
    const item = box.add({ conversationId: 1, to: null, text: "caption", replyTo: null, uploads: [a] });
    box.dropUpload(item.clientMsgId, a.key);
    expect(box.takeQueued().map((i) => [i.text, i.uploads.length])).toEqual([["caption", 0]]);
  });

  it("does not change the files of a message already on its way", () => {
    const box = outbox();
    const a = upload("a");
    done(a, "m-a");
    const item = box.add({ conversationId: 1, to: null, text: "", replyTo: null, uploads: [a] });
    box.takeQueued();
    expect(box.dropUpload(item.clientMsgId, a.key)).toBe(false);
    expect(box.get(item.clientMsgId)?.uploads).toHaveLength(1);
  });
});

function upload(key: string): Upload {
  return { key, uploadId: `up-${key}`, file: new Blob(["x"]), name: key, purpose: "attachment", state: "uploading", loaded: 0, total: 1, media: null, error: null };
}

function done(u: Upload, id: string): void {
  u.state = "done";
  u.media = { id, kind: "file", name: u.name, mime: "application/octet-stream", size: 1 };
}
