// The composer's emoji button: the picker's choice goes in where the caret
// is (replacing a selection), and the caret lands after it.

import { h } from "./dom";
import { openEmojiPicker } from "./emoji_picker";

// The text with insert put in place of [start, end), and where the caret
// goes after it.
export function insertText(value: string, start: number, end: number, insert: string): { value: string; caret: number } {
  const from = Math.max(0, Math.min(start, end, value.length));
  const to = Math.min(value.length, Math.max(start, end, from));
  return { value: value.slice(0, from) + insert + value.slice(to), caret: from + insert.length };
}

// The button. An insertion fires "input" on the textarea, as typing would.
export function composerEmojiButton(textarea: HTMLTextAreaElement): HTMLButtonElement {
  return h(
    "button",
    {
      class: "icon-button emoji-button",
      attrs: { type: "button", "aria-label": "Insert emoji", title: "Insert emoji", "data-key": "emoji" },
      on: {
        click: () => {
          const start = textarea.selectionStart;
          const end = textarea.selectionEnd;
          openEmojiPicker("Insert emoji", (emoji) => {
            const next = insertText(textarea.value, start, end, emoji);
            textarea.value = next.value;
            textarea.focus();
            textarea.setSelectionRange(next.caret, next.caret);
            textarea.dispatchEvent(new Event("input", { bubbles: true }));
          });
        },
      },
    },
    "☺",
  );
}
