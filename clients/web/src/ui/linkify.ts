// Message text as DOM nodes: text stays text; http(s) URLs become links that
// open in a new tab without giving the page a handle on this one.

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,!?;:)\]}'"]+$/;

export interface Token {
  text: string;
  // Set for a link: the normalised http(s) address.
  href: string | null;
}

export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

// Splits text into plain runs and http(s) links; nothing else is a link.
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let raw = match[0];
    const trailing = raw.match(TRAILING);
    if (trailing) raw = raw.slice(0, raw.length - trailing[0].length);
    const start = match.index ?? 0;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) tokens.push({ text: text.slice(last, start), href: null });
    tokens.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) tokens.push({ text: text.slice(last), href: null });
  return tokens;
}

export function linkify(text: string): Node[] {
  return tokenize(text).map((t) => {
    if (!t.href) return document.createTextNode(t.text);
    const a = document.createElement("a");
    a.href = t.href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = t.text;
    return a;
  });
}
