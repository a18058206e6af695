import { describe, expect, it } from "vitest";
import { ALLOWED_TAGS, markdownHtml, markdownPlain } from "../../src/ui/markdown";

// The renderer's output before DOMPurify (which the Chromium tests cover):
// already it must never carry raw HTML or a link to another scheme.
const TAG = /<\/?([a-z0-9]+)/g;
function tags(html: string): string[] {
  return [...html.matchAll(TAG)].map((m) => m[1]);
}

describe("message formatting", () => {
  it("renders the subset: bold, italic, strikethrough, code, blocks, quotes, lists, links", () => {
    expect(markdownHtml("**bold** *it* _it_ ~~gone~~ `x < y`")).toBe(
      "<p><strong>bold</strong> <em>it</em> <em>it</em> <s>gone</s> <code>x &lt; y</code></p>\n",
    );
    expect(markdownHtml("```\nint main() {}\n```")).toBe("<pre><code>int main() {}\n</code></pre>\n");
    expect(markdownHtml("> quoted")).toBe("<blockquote>\n<p>quoted</p>\n</blockquote>\n");
    expect(markdownHtml("- one\n- two")).toBe("<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
    expect(markdownHtml("[site](https://example.com)")).toBe('<p><a href="https://example.com">site</a></p>\n');
  });

  it("keeps the user's line breaks as text and leaves snake_case words alone", () => {
    expect(markdownHtml("first line\nsecond line")).toBe("<p>first line\nsecond line</p>\n");
    expect(markdownHtml("call my_var_name now")).toBe("<p>call my_var_name now</p>\n");
  });

  it("never passes raw HTML through", () => {
    const html = markdownHtml(`<img src=x onerror=alert(1)> <script>alert("x")</script> <b>bold</b>`);
    expect(tags(html)).toEqual(["p", "p"]);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("never links other schemes, in links, autolinks or bare text", () => {
    for (const text of ["[x](javascript:alert(1))", "<javascript:alert(1)>", "[x](data:text/html,hi)", "[x](vbscript:x)", "[x](file:///etc/passwd)", "javascript:alert(1)", "[x]( JAVASCRIPT:alert(1))"]) {
      const html = markdownHtml(text);
      expect(html, text).not.toContain("<a");
    }
    expect(markdownHtml("see example.com")).toBe("<p>see example.com</p>\n");
    expect(markdownHtml("see https://example.com/a?b=1.")).toBe('<p>see <a href="https://example.com/a?b=1">https://example.com/a?b=1</a>.</p>\n');
  });

  it("turns off what chat does not use: headings, images, tables, indented code", () => {
    expect(tags(markdownHtml("# title"))).toEqual(["p", "p"]);
    // An image is never loaded from a message: at most it is a link.
    expect(markdownHtml("![alt](https://tracker.example/pixel.png)")).toBe('<p>!<a href="https://tracker.example/pixel.png">alt</a></p>\n');
    expect(tags(markdownHtml("| a | b |\n|---|---|\n| 1 | 2 |"))).toEqual(["p", "p"]);
    expect(tags(markdownHtml("    indented"))).toEqual(["p", "p"]);
  });

  it("bounds nesting: ten thousand quote markers render without blowing up and stay within the allowlist", () => {
    const html = markdownHtml(`${">".repeat(10000)} deep`);
    expect(tags(html).filter((t) => t === "blockquote").length).toBeLessThanOrEqual(2 * 20);
    for (const t of tags(html)) expect(ALLOWED_TAGS).toContain(t);
  });
});

describe("one-line previews of formatted messages", () => {
  it("shows the words without the markup", () => {
    expect(markdownPlain("**Plan** for _today_ ~~tomorrow~~ with `make test`")).toBe("Plan for today tomorrow with make test");
    expect(markdownPlain("> quoted\n\n- one\n- two\n\n```\ncode\n```")).toBe("quoted one two code");
    expect(markdownPlain("see [the docs](https://example.com)")).toBe("see the docs");
    expect(markdownPlain("<b>not markup</b>")).toBe("<b>not markup</b>");
  });
});
