import { describe, expect, it } from "vitest";
import { syncPages } from "../../src/net/sync_pages";
import type { SyncReply } from "../../src/protocol";

function page(ids: number[], hasMore: boolean): SyncReply {
  return {
    conversations: ids.map((id) => ({ conversation_id: id, last_seq: 10, has_more: false, events: [] })),
    receipts: [],
    presence: [],
    has_more: hasMore,
  };
}

describe("syncPages", () => {
  it("asks again after the last conversation of each page until a page has no more", async () => {
    const pages = [page([3, 8], true), page([12], true), page([15, 20], false)];
    const asked: Record<string, unknown>[] = [];
    const applied: number[][] = [];
    let held = 0;
    await syncPages(
      async (fields) => {
        asked.push(fields);
        return pages[asked.length - 1];
      },
      () => ({ "3": held }),
      (p) => {
        applied.push(p.conversations.map((c) => c.conversation_id));
        held += 1;
      },
    );
    expect(asked.map((f) => f.after)).toEqual([undefined, 8, 12]);
    expect(asked.map((f) => f.since)).toEqual([{ "3": 0 }, { "3": 1 }, { "3": 2 }]);
    expect(applied).toEqual([[3, 8], [12], [15, 20]]);
  });

  it("takes a reply without has_more (an older server) as the only page", async () => {
    const reply = page([1], false);
    delete (reply as Partial<SyncReply>).has_more;
    let asks = 0;
    await syncPages(
      async () => {
        asks++;
        return reply;
      },
      () => ({}),
      () => {},
    );
    expect(asks).toBe(1);
  });

  it("stops on a page that would not move on", async () => {
    let asks = 0;
    await syncPages(
      async () => {
        asks++;
        return asks === 1 ? page([5], true) : page([5], true);
      },
      () => ({}),
      () => {},
    );
    expect(asks).toBe(2);
  });
});
