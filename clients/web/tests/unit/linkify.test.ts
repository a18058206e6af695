import { describe, expect, it } from "vitest";
import { safeHref, tokenize } from "../../src/ui/linkify";

describe("links in messages", () => {
  it("turns http and https addresses into links and leaves the rest as text", () => {
    expect(tokenize("see https://example.com/a?b=1 and http://x.org")).toEqual([
      { text: "see ", href: null },
      { text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { text: " and ", href: null },
      { text: "http://x.org", href: "http://x.org/" },
    ]);
  });

  it("never links other schemes", () => {
    for (const text of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "file:///etc/passwd", "vbscript:x"]) {
      expect(tokenize(text)).toEqual([{ text, href: null }]);
    }
    expect(safeHref("javascript:alert(1)")).toBeNull();
  });

  it("keeps markup as literal text", () => {
    const text = `<img src=x onerror=alert(1)><script>alert(1)</script>`;
    expect(tokenize(text)).toEqual([{ text, href: null }]);
  });

  it("leaves trailing punctuation out of the link", () => {
    expect(tokenize("go to https://example.com/cafe?")).toEqual([
      { text: "go to ", href: null },
      { text: "https://example.com/cafe", href: "https://example.com/cafe" },
      { text: "?", href: null },
    ]);
  });

  it("stops a link at quotes and angle brackets", () => {
    const [, link] = tokenize(`x https://e.com/"onmouseover="alert(1)`);
    expect(link).toEqual({ text: "https://e.com/", href: "https://e.com/" });
  });
});
