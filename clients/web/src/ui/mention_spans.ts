// Mentions in rendered message text: the @names the server listed (and
// @room / @here when it says everyone was mentioned) become highlighted
// spans, built as DOM nodes from the text nodes markdown.ts made. Nothing in
// code, preformatted text or links changes.

import type { Message } from "../protocol";
import { mentionTokens } from "../state/mentions";

const SKIP = new Set(["CODE", "PRE", "A"]);

function textNodes(root: Node, out: Text[]): Text[] {
  for (const child of Array.from(root.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) out.push(child as Text);
    else if (!SKIP.has(child.nodeName)) textNodes(child, out);
  }
  return out;
}

// Wraps m's mentions inside fragment (its rendered text) in
// <span class="mention">; the user's own in "mention mention-me".
export function markMentions<T extends Node>(fragment: T, m: Message, myId: number | undefined): T {
  const named = new Map<string, boolean>();
  for (const x of m.mentions ?? []) named.set(x.username.toLowerCase(), x.user_id === myId);
  if (named.size === 0 && !m.mentions_all) return fragment;
  for (const node of textNodes(fragment, [])) {
    const text = node.data;
    const tokens = mentionTokens(text).filter(([, , name]) => named.has(name) || (m.mentions_all && (name === "room" || name === "here")));
    if (tokens.length === 0) continue;
    const parts: Node[] = [];
    let at = 0;
    for (const [start, end, name] of tokens) {
      if (start > at) parts.push(document.createTextNode(text.slice(at, start)));
      const span = document.createElement("span");
      const mine = named.get(name) ?? true; // room and here mention everyone
      span.className = mine ? "mention mention-me" : "mention";
      span.textContent = text.slice(start, end);
      parts.push(span);
      at = end;
    }
    if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
    node.replaceWith(...parts);
  }
  return fragment;
}
