// Threads as this client holds them (docs/protocol.md, "Threads"): a root's
// thread is what the server last said (history, sync, thread.history), raised
// by each reply that comes after it. A reply counts only when its seq is
// above the thread's last_reply_seq, so a reply the server had counted
// already is never counted twice, whatever the order pages and events came in.

import type { Message, ThreadInfo } from "../protocol";

export function emptyThread(): ThreadInfo {
  return { replies: 0, last_reply_seq: 0, last_reply_ts: 0, unread: 0 };
}

// Counts reply into root's thread (when root is held); unread: whether it is
// unread for the user (someone else's, not deleted).
export function countReply(root: Message | undefined, reply: Message, unread: boolean): void {
  if (!root) return;
  const t = root.thread ?? emptyThread();
  if (reply.seq <= t.last_reply_seq) return;
  root.thread = {
    replies: t.replies + 1,
    last_reply_seq: reply.seq,
    last_reply_ts: reply.ts,
    unread: t.unread + (unread && !reply.deleted ? 1 : 0),
  };
}

// What the line under a root says: "3 replies · 1 new".
export function threadLabel(t: ThreadInfo): string {
  const replies = t.replies === 1 ? "1 reply" : `${t.replies} replies`;
  return t.unread > 0 ? `${replies} · ${t.unread >= 100 ? "99+" : t.unread} new` : replies;
}
