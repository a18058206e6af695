// Completing @names in the composer: typing @ (and more of a name) opens a
// list of the conversation's members; Up/Down move, Enter or Tab insert
// "@username ", Escape closes. A click on a name inserts it too.

import { completeMention, mentionCandidates, mentionQuery, type MentionQuery } from "../state/mentions";
import { h, replace, uniqueId } from "./dom";

export class MentionComplete {
  readonly list = h("ul", { class: "mention-list", attrs: { role: "listbox", id: uniqueId("mentions"), "aria-label": "Mention someone" } });
  private names: string[] = [];
  private active = 0;
  private query: MentionQuery | null = null;

  constructor(
    private readonly textarea: HTMLTextAreaElement,
    // The people who could be mentioned here (not the user).
    private readonly members: () => string[],
    private readonly me: () => string,
  ) {
    this.list.hidden = true;
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", this.list.id);
    textarea.addEventListener("input", () => this.update());
    textarea.addEventListener("blur", () => this.close());
  }

  get open(): boolean {
    return !this.list.hidden;
  }

  // A key pressed in the composer: true when the open list took it.
  key(e: KeyboardEvent): boolean {
    if (!this.open || e.isComposing) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const step = e.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.names.length) % this.names.length;
      this.show();
    } else if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey) {
      this.choose(this.names[this.active] ?? "");
    } else if (e.key === "Escape") {
      this.close();
    } else {
      return false;
    }
    e.preventDefault();
    return true;
  }

  close(): void {
    this.list.hidden = true;
    this.query = null;
    this.textarea.removeAttribute("aria-activedescendant");
    this.textarea.setAttribute("aria-expanded", "false");
  }

  private update(): void {
    const caret = this.textarea.selectionStart ?? this.textarea.value.length;
    this.query = this.textarea.selectionEnd === caret ? mentionQuery(this.textarea.value, caret) : null;
    this.names = this.query ? mentionCandidates(this.members(), this.query.query, this.me()) : [];
    if (this.names.length === 0) {
      this.close();
      return;
    }
    this.active = 0;
    this.show();
  }

  private show(): void {
    replace(
      this.list,
      this.names.map((name, i) =>
        h(
          "li",
          {
            class: `mention-option${i === this.active ? " active" : ""}`,
            attrs: { role: "option", id: `${this.list.id}-${i}`, "aria-selected": String(i === this.active), "data-username": name },
            // mousedown, not click: the composer keeps focus (blur would close the list first).
            on: { mousedown: (e) => { e.preventDefault(); this.choose(name); } },
          },
          `@${name}`,
        ),
      ),
    );
    this.list.hidden = false;
    this.textarea.setAttribute("aria-expanded", "true");
    this.textarea.setAttribute("aria-activedescendant", `${this.list.id}-${this.active}`);
  }

  private choose(name: string): void {
    const q = this.query;
    if (!q || !name) return this.close();
    const caret = this.textarea.selectionStart ?? this.textarea.value.length;
    const done = completeMention(this.textarea.value, q, caret, name);
    this.textarea.value = done.text;
    this.textarea.setSelectionRange(done.caret, done.caret);
    this.close();
    // Others listening (the length counter, typing) hear of the change.
    this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
}
