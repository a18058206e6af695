// Mentions (docs/protocol.md, "Mentions"): whether a message mentions the
// user, which @name the composer's caret is in, and the members that
// complete it. Pure, so the unit tests drive it directly.

import type { Message } from "../protocol";

// The username characters (the server's validator), any case.
const NAME = "[A-Za-z0-9_.\\-]";

export function mentionsMe(m: Message, myId: number | undefined): boolean {
  if (m.deleted) return false;
  if (m.mentions_all) return true;
  return myId !== undefined && (m.mentions ?? []).some((x) => x.user_id === myId);
}

export interface MentionQuery {
  start: number; // where the @ is
  query: string; // what follows it up to the caret, lower case
}

// The @name the caret is at the end of, if any: an @ at the start or after a
// character that cannot be in a username (so not in an address).
export function mentionQuery(text: string, caret: number): MentionQuery | null {
  const match = new RegExp(`(^|[^A-Za-z0-9_.\\-])@(${NAME}{0,32})$`).exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[2] ?? "";
  return { start: caret - query.length - 1, query: query.toLowerCase() };
}

// The members to offer for a query: usernames that start with it first, then
// those that contain it, each alphabetical; never the user; at most limit.
export function mentionCandidates(members: readonly string[], query: string, me: string, limit = 8): string[] {
  const others = [...new Set(members)].filter((u) => u !== me).sort();
  const starts = others.filter((u) => u.startsWith(query));
  const contains = others.filter((u) => !u.startsWith(query) && u.includes(query));
  return [...starts, ...contains].slice(0, limit);
}

// text with the query at q replaced by "@username " (the caret after it).
export function completeMention(text: string, q: MentionQuery, caret: number, username: string): { text: string; caret: number } {
  const inserted = `@${username} `;
  const rest = text.slice(caret).replace(/^ /, "");
  return { text: text.slice(0, q.start) + inserted + rest, caret: q.start + inserted.length };
}

// Where the @name tokens of a run of text are: [start, end, lower-case name]
// for each, trailing dots left out (as the server reads them).
export function mentionTokens(text: string): [number, number, string][] {
  const out: [number, number, string][] = [];
  const re = new RegExp(`(^|[^A-Za-z0-9_.\\-])@(${NAME}+)`, "g");
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const name = (m[2] ?? "").replace(/\.+$/, "");
    const start = m.index + (m[1] ?? "").length;
    if (name.length >= 3) out.push([start, start + 1 + name.length, name.toLowerCase()]);
    re.lastIndex = start + 1 + (m[2] ?? "").length;
  }
  return out;
}
