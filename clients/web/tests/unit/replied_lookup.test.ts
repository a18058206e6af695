import { describe, expect, it } from "vitest";
import type { HistoryReply } from "../../src/protocol";
import { RepliedLookup } from "../../src/ui/replied_lookup";
import { messageEvent } from "./fixtures";

// A conversation of `last` messages (seq 1..last) served like natterd's
// history: pages before before_seq, ascending, has_more when older remain.
function history(last: number, asked: Record<string, unknown>[]) {
  return async (fields: Record<string, unknown>): Promise<HistoryReply> => {
    asked.push(fields);
    const before = (fields.before_seq as number | undefined) ?? last + 1;
    const limit = fields.limit as number;
    const from = Math.max(1, before - limit);
    const events = [];
    for (let seq = from; seq < before; seq++) events.push(messageEvent(7, seq, "bob"));
    return { events, has_more: from > 1 };
  };
}

function settled(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

describe("replied lookup", () => {
  it("finds a message older than the timeline holds and tells the view", async () => {
    const asked: Record<string, unknown>[] = [];
    let changes = 0;
    const lookup = new RepliedLookup(history(500, asked), () => changes++);
    const wanted = 7 * 1000 + 250;
    expect(lookup.lookup(7, wanted, 451)).toBeUndefined();
    for (let i = 0; i < 10; i++) await settled();
    expect(lookup.lookup(7, wanted, 451)?.seq).toBe(250);
    expect(asked.map((f) => f.before_seq)).toEqual([451, 351, 251]);
    expect(changes).toBe(3);
  });

  it("reads at most a thousand events back and then gives up", async () => {
    const asked: Record<string, unknown>[] = [];
    const lookup = new RepliedLookup(history(5000, asked), () => {});
    expect(lookup.lookup(7, 7 * 1000 + 3, 4900)).toBeUndefined();
    for (let i = 0; i < 20; i++) await settled();
    expect(asked.length).toBe(10);
    expect(lookup.lookup(7, 7 * 1000 + 3, 4900)).toBeUndefined();
    for (let i = 0; i < 5; i++) await settled();
    expect(asked.length).toBe(10);
  });

  it("stops at the beginning of the conversation", async () => {
    const asked: Record<string, unknown>[] = [];
    const lookup = new RepliedLookup(history(150, asked), () => {});
    lookup.lookup(7, 999_999, 101);
    for (let i = 0; i < 10; i++) await settled();
    expect(asked.length).toBe(1);
    lookup.lookup(7, 999_999, 101);
    await settled();
    expect(asked.length).toBe(1);
  });
});
