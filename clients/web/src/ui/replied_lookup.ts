// The messages that replies quote but the timeline does not hold (they are
// further up than what was loaded): looked for in the conversation's history
// without adding to the timeline, so the quote can show their text at once.
// Bounded: each conversation is read backwards at most MAX_SCAN events, one
// page at a time, one scan per conversation at a time, and at most
// MAX_KEPT messages are kept.

import type { HistoryReply, Message } from "../protocol";

const PAGE = 100;
const MAX_SCAN = 1000;
const MAX_KEPT = 2000;

interface Scan {
  // The lowest seq read so far (the next page is before it); 1 once the
  // beginning is reached.
  before: number | null;
  scanned: number;
  running: boolean;
  wanted: Set<number>;
}

export class RepliedLookup {
  private readonly found = new Map<number, Message>();
  private readonly scans = new Map<number, Scan>();

  constructor(
    private readonly history: (fields: Record<string, unknown>) => Promise<HistoryReply>,
    private readonly changed: () => void,
  ) {}

  // The message if it was found; otherwise starts looking for it (older than
  // `before`, the lowest seq the timeline holds) and answers undefined.
  lookup(conversationId: number, messageId: number, before: number | null): Message | undefined {
    const held = this.found.get(messageId);
    if (held) return held;
    let scan = this.scans.get(conversationId);
    if (!scan) {
      scan = { before, scanned: 0, running: false, wanted: new Set() };
      this.scans.set(conversationId, scan);
    }
    if (scan.scanned >= MAX_SCAN || scan.before === 1) return undefined;
    scan.wanted.add(messageId);
    if (!scan.running) void this.run(conversationId, scan);
    return undefined;
  }

  private async run(conversationId: number, scan: Scan): Promise<void> {
    scan.running = true;
    try {
      while (scan.wanted.size > 0 && scan.scanned < MAX_SCAN && scan.before !== 1) {
        const fields: Record<string, unknown> = { conversation_id: conversationId, limit: PAGE };
        if (scan.before !== null) fields.before_seq = scan.before;
        const page = await this.history(fields);
        scan.scanned += PAGE;
        let lowest = scan.before ?? Number.MAX_SAFE_INTEGER;
        for (const ev of page.events) {
          const seq = ev.type === "message" ? ev.message.seq : ev.seq;
          lowest = Math.min(lowest, seq);
          if (ev.type !== "message") continue;
          this.keep(ev.message);
          scan.wanted.delete(ev.message.id);
        }
        scan.before = page.has_more && page.events.length > 0 ? lowest : 1;
        this.changed();
      }
    } catch {
      // Looked for again on the next render.
    } finally {
      scan.running = false;
    }
  }

  private keep(m: Message): void {
    if (this.found.size >= MAX_KEPT) this.found.delete(this.found.keys().next().value!);
    this.found.set(m.id, m);
  }

  clear(): void {
    this.found.clear();
    this.scans.clear();
  }
}
