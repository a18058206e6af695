// How long a message is, counted as natterd counts it: Unicode code points
// of its UTF-8 text (src/common/utf8.cpp, count_code_points), so an emoji is
// one character here as there, however many UTF-16 units it takes. The
// composer shows what is left near the limit and refuses to send past it,
// instead of cutting pasted text silently.

import { h } from "./dom";

export const DEFAULT_MAX_MESSAGE_CHARS = 4000;
// The counter appears once this share of the limit is used.
const SHOW_FROM = 0.9;

// Code points, as natterd counts them. A lone surrogate (which the browser
// sends as U+FFFD) is one, as on the server.
export function messageLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export interface LengthState {
  length: number;
  left: number;
  // Shown (near or past the limit).
  visible: boolean;
  over: boolean;
}

export function lengthState(text: string, max: number): LengthState {
  const length = messageLength(text);
  return { length, left: max - length, visible: length >= max * SHOW_FROM, over: length > max };
}

export class LengthCounter {
  readonly el = h("span", { class: "length-counter", attrs: { "aria-live": "polite", "data-key": "length-counter" } });

  constructor(private readonly max: () => number) {
    this.el.hidden = true;
  }

  // Updates the counter for the composer's text; false when it is too long to send.
  update(text: string): boolean {
    const s = lengthState(text, this.max());
    this.el.hidden = !s.visible;
    this.el.classList.toggle("over", s.over);
    this.el.textContent = s.over ? `${-s.left} over the limit` : `${s.left} left`;
    this.el.title = `${s.length} of ${this.max()} characters`;
    return !s.over;
  }
}
