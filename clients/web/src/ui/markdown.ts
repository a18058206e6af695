// Message text as formatted DOM: a small Markdown subset (bold, italic,
// strikethrough, inline code, fenced code blocks, quotes, lists, links).
// The server stores the source text; only this module turns it into markup.
//
// Two walls stand between user text and the page: markdown-it runs with raw
// HTML disabled and only the rules below enabled, and DOMPurify then keeps
// only the allowlisted tags and attributes (links: http, https and mailto).

import DOMPurify from "dompurify";
import MarkdownIt from "markdown-it";

const md = new MarkdownIt("zero", { html: false, linkify: true, breaks: false, maxNesting: 20 });
md.enable(["emphasis", "strikethrough", "backticks", "escape", "entity", "link", "linkify", "autolink", "newline"]);
md.enable(["blockquote", "fence", "list", "paragraph"]);
// Only addresses with a scheme become links ("example.com" stays text).
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
md.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url.trim());

export const ALLOWED_TAGS = ["p", "br", "strong", "em", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a"];
const ALLOWED_ATTR = ["href", "start"];
// Elements whose whitespace-only children are layout noise from the
// renderer, not user text.
const BLOCK_CONTAINERS = new Set(["UL", "OL", "BLOCKQUOTE"]);

// The renderer's HTML, before sanitising (pure: what the unit tests check).
export function markdownHtml(text: string): string {
  return md.render(text);
}

// The text a reader sees, on one line, without the markup: for previews,
// quotes and notifications ("**Plan** for _today_" -> "Plan for today").
export function markdownPlain(text: string): string {
  const parts: string[] = [];
  for (const token of md.parse(text, {})) {
    if (token.type === "fence") parts.push(token.content);
    else if (token.type === "inline") {
      for (const child of token.children ?? []) {
        if (child.type === "text" || child.type === "code_inline") parts.push(child.content);
        else if (child.type === "softbreak" || child.type === "hardbreak") parts.push(" ");
      }
    } else if (token.type === "paragraph_close" || token.type === "list_item_close") parts.push(" ");
  }
  return parts.join("").replace(/\s+/g, " ").trim();
}

let hooked = false;
function purifier(): typeof DOMPurify {
  if (!hooked) {
    DOMPurify.addHook("afterSanitizeAttributes", (node) => {
      if (node.nodeName === "A") {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

function dropLayoutWhitespace(parent: Node): void {
  for (const child of Array.from(parent.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE && !/\S/.test(child.textContent ?? "")) child.remove();
    else if (BLOCK_CONTAINERS.has(child.nodeName)) dropLayoutWhitespace(child);
  }
}

export function renderMarkdown(text: string): DocumentFragment {
  const fragment = purifier().sanitize(markdownHtml(text), {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
    RETURN_DOM_FRAGMENT: true,
  });
  dropLayoutWhitespace(fragment);
  return fragment;
}
