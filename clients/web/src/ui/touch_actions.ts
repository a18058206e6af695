// Message actions on touch screens: no buttons under every message; a long
// press on a message (or the context menu it opens) shows its toolbar, a tap
// elsewhere hides it, and a swipe to the right replies. With a pointer the
// toolbar shows on hover and focus (styles/polish.css).

const LONG_PRESS_MS = 450;
// Further than this and the finger is scrolling, not pressing.
const MOVE_SLOP_PX = 10;
const SWIPE_REPLY_PX = 64;

export function bindTouchActions(list: HTMLElement, reply: (messageId: number) => void): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let start: { x: number; y: number; article: HTMLElement } | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const open = (article: HTMLElement | null) => {
    for (const el of list.querySelectorAll(".message.actions-open")) if (el !== article) el.classList.remove("actions-open");
    article?.classList.add("actions-open");
  };
  const articleOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>("article.message[data-id]") : null);

  list.addEventListener("pointerdown", (e) => {
    if (e.pointerType !== "touch") return;
    const article = articleOf(e.target);
    if (!(e.target instanceof Element && e.target.closest(".message-actions"))) open(null);
    if (!article) return;
    start = { x: e.clientX, y: e.clientY, article };
    cancel();
    timer = setTimeout(() => open(article), LONG_PRESS_MS);
  });
  list.addEventListener("pointermove", (e) => {
    if (start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > MOVE_SLOP_PX) cancel();
  });
  list.addEventListener("pointerup", (e) => {
    cancel();
    const s = start;
    start = null;
    if (!s || e.pointerType !== "touch") return;
    const dx = e.clientX - s.x;
    if (dx > SWIPE_REPLY_PX && Math.abs(e.clientY - s.y) < dx / 2 && s.article.querySelector('[data-key^="reply-"]')) reply(Number(s.article.dataset.id));
  });
  list.addEventListener("pointercancel", () => {
    cancel();
    start = null;
  });
  // A long press on a phone opens the context menu: the toolbar instead.
  list.addEventListener("contextmenu", (e) => {
    const article = articleOf(e.target);
    if (!article || !window.matchMedia("(hover: none)").matches) return;
    e.preventDefault();
    open(article);
  });
}
