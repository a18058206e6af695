// The message list as one tab stop (the WAI-ARIA feed pattern): Tab enters
// at one message and leaves the list with the next Tab; Up and Down (and
// Home, End) move between messages; Enter goes into a message's toolbar,
// where Left and Right move and Esc comes back out; Esc on a message goes to
// the composer. Nothing inside the messages is a tab stop of its own.

const FOCUSABLE_INSIDE = "button, a[href], summary, input, select, textarea, audio, video, [tabindex]";

export class MessageKeys {
  // The message (data-id) that takes the list's tab stop while focus is in
  // the list; the newest one otherwise.
  private current: string | null = null;

  constructor(
    private readonly list: HTMLElement,
    private readonly toComposer: () => void,
  ) {
    list.addEventListener("keydown", (e) => this.onKey(e));
    list.addEventListener("focusin", (e) => {
      const article = this.articleOf(e.target);
      if (!article?.dataset.id) return;
      this.current = article.dataset.id;
      this.mark();
    });
    // Left: coming back with Tab lands on the newest message again.
    list.addEventListener("focusout", (e) => {
      if (e.relatedTarget instanceof Node && list.contains(e.relatedTarget)) return;
      this.current = null;
      this.apply();
    });
  }

  // After each render: one tab stop, on the current message (the last one
  // when the current is gone); everything inside messages out of the tab order.
  apply(): void {
    const articles = this.articles();
    const inside = this.list.contains(document.activeElement);
    if (!inside || !articles.some((a) => a.dataset.id === this.current)) this.current = articles.at(-1)?.dataset.id ?? null;
    for (const a of articles) {
      // Keeps focus on the message across renders (see keepFocus).
      a.dataset.key = `message-${a.dataset.id}`;
      for (const el of a.querySelectorAll<HTMLElement>(FOCUSABLE_INSIDE)) el.tabIndex = -1;
    }
    this.mark();
    if (articles.length > 0) this.list.removeAttribute("tabindex");
    else this.list.tabIndex = 0;
  }

  private mark(): void {
    for (const a of this.articles()) a.tabIndex = a.dataset.id === this.current ? 0 : -1;
  }

  private articles(): HTMLElement[] {
    return [...this.list.querySelectorAll<HTMLElement>("article.message[data-id]")];
  }

  private articleOf(target: EventTarget | null): HTMLElement | null {
    return target instanceof Element ? target.closest<HTMLElement>("article.message[data-id]") : null;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const article = this.articleOf(e.target);
    if (!article) return;
    if (e.target !== article) {
      this.inToolbar(e, article);
      return;
    }
    const articles = this.articles();
    const at = articles.indexOf(article);
    const go: Record<string, number> = { ArrowUp: at - 1, ArrowDown: at + 1, Home: 0, End: articles.length - 1 };
    if (e.key in go) {
      e.preventDefault();
      const next = articles[Math.max(0, Math.min(articles.length - 1, go[e.key]))];
      this.focus(next);
    } else if (e.key === "Enter") {
      const first = this.toolbar(article)[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === "Escape") {
      e.preventDefault();
      this.toComposer();
    }
  }

  // Inside a message: Left and Right walk its controls, Esc goes back out.
  private inToolbar(e: KeyboardEvent, article: HTMLElement): void {
    const controls = this.toolbar(article);
    const at = controls.indexOf(e.target as HTMLElement);
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      this.focus(article);
    } else if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && at >= 0) {
      e.preventDefault();
      const step = e.key === "ArrowRight" ? 1 : -1;
      controls[(at + step + controls.length) % controls.length].focus();
    }
  }

  // A message's controls: its toolbar first, then what its bubble holds.
  private toolbar(article: HTMLElement): HTMLElement[] {
    // The toolbar's own buttons and the reaction picker's summary; the
    // picker's emoji only while it is open.
    const actions = [
      ...article.querySelectorAll<HTMLElement>(".message-actions > button, .message-actions > details > summary, .message-actions > details[open] button"),
    ];
    const rest = [...article.querySelectorAll<HTMLElement>(FOCUSABLE_INSIDE)].filter((el) => !actions.includes(el) && el !== article);
    return [...actions, ...rest];
  }

  private focus(article: HTMLElement): void {
    this.current = article.dataset.id ?? null;
    this.mark();
    article.focus();
    article.scrollIntoView({ block: "nearest" });
  }
}
