#!/usr/bin/env python3
"""Turns a terminal capture with SGR escape sequences (tmux capture-pane -e)
into an HTML page that draws it: used for the terminal client's screenshot.
    scripts/ansi_to_html.py CAPTURE HTML [COLUMNS]
"""
import html
import re
import sys

PALETTE = ["#1e1e1e", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#dcdfe4"]
BRIGHT = ["#5c6370", "#ff7b86", "#b5e890", "#ffd68a", "#82c4ff", "#e198f5", "#7fd8e3", "#ffffff"]
FG, BG = "#dcdfe4", "#1e1e1e"
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_256(n):
    if n < 8:
        return PALETTE[n]
    if n < 16:
        return BRIGHT[n - 8]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[n // 6 % 6], steps[n % 6])
    level = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (level, level, level)


class State:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = self.bg = None
        self.bold = self.dim = self.italic = self.underline = self.reverse = False

    def apply(self, params):
        codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                self.reset()
            elif c == 1:
                self.bold = True
            elif c == 2:
                self.dim = True
            elif c == 3:
                self.italic = True
            elif c == 4:
                self.underline = True
            elif c == 7:
                self.reverse = True
            elif c == 22:
                self.bold = self.dim = False
            elif c == 23:
                self.italic = False
            elif c == 24:
                self.underline = False
            elif c == 27:
                self.reverse = False
            elif 30 <= c <= 37:
                self.fg = PALETTE[c - 30]
            elif c == 39:
                self.fg = None
            elif 40 <= c <= 47:
                self.bg = PALETTE[c - 40]
            elif c == 49:
                self.bg = None
            elif 90 <= c <= 97:
                self.fg = BRIGHT[c - 90]
            elif 100 <= c <= 107:
                self.bg = BRIGHT[c - 100]
            elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                if c == 38:
                    self.fg = colour_256(codes[i + 2])
                else:
                    self.bg = colour_256(codes[i + 2])
                i += 2
            i += 1

    def style(self):
        fg, bg = self.fg or FG, self.bg or BG
        if self.reverse:
            fg, bg = bg, fg
        css = [f"color:{fg}"]
        if bg != BG or self.reverse:
            css.append(f"background:{bg}")
        if self.bold:
            css.append("font-weight:bold")
        if self.dim:
            css.append("opacity:0.6")
        if self.italic:
            css.append("font-style:italic")
        if self.underline:
            css.append("text-decoration:underline")
        return ";".join(css)


def convert(text, columns):
    state = State()
    rows = []
    for line in text.rstrip("\n").split("\n"):
        out, at = [], 0
        for m in SGR.finditer(line):
            if m.start() > at:
                out.append(f'<span style="{state.style()}">{html.escape(line[at:m.start()])}</span>')
            state.apply(m.group(1))
            at = m.end()
        if at < len(line):
            out.append(f'<span style="{state.style()}">{html.escape(line[at:])}</span>')
        rows.append("".join(out))
    body = "\n".join(rows)
    return f"""<!doctype html><meta charset="utf-8"><style>
html,body{{margin:0;background:{BG}}}
pre{{margin:0;padding:12px 14px;font:15px/1.3 "DejaVu Sans Mono",monospace;color:{FG};width:{columns}ch}}
</style><pre>{body}</pre>
"""


def main():
    capture, target = sys.argv[1], sys.argv[2]
    columns = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    with open(capture, encoding="utf-8", errors="replace") as f:
        text = f.read()
    with open(target, "w", encoding="utf-8") as f:
        f.write(convert(text, columns))


if __name__ == "__main__":
    main()
