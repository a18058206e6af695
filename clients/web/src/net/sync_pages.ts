// `sync` in pages. A reply holds at most 256 KiB (the server's
// max_reply_bytes); one that stopped before the user's last conversation says
// has_more, and the next page starts after the last conversation it carried.
// Each page is applied before the next is asked for, so that the next `since`
// holds what it brought. (A conversation whose own has_more is set pages on
// with `history`, like any gap.)

import type { SyncReply } from "../protocol";

export async function syncPages(
  ask: (fields: Record<string, unknown>) => Promise<SyncReply>,
  since: () => Record<string, number>,
  apply: (page: SyncReply) => void,
): Promise<void> {
  let after = 0;
  for (;;) {
    const fields: Record<string, unknown> = { since: since() };
    if (after > 0) fields.after = after;
    const page = await ask(fields);
    apply(page);
    const last = page.conversations[page.conversations.length - 1];
    // Conversations come in ascending id: a page that does not move on is the last.
    if (!page.has_more || !last || last.conversation_id <= after) return;
    after = last.conversation_id;
  }
}
