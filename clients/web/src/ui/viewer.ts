// The picture viewer: one of a conversation's pictures at full size, on a
// modal <dialog> (the page behind is inert). Esc or a click outside the
// picture closes it, Left and Right move between the pictures, Tab stays
// inside, and focus goes back where it was on close.

import type { Media } from "../protocol";
import { knownSize } from "./attachment_layout";
import { pictureBox } from "./attachments";
import type { Ui } from "./context";
import { h, replace } from "./dom";

// The box a picture gets before loading: its own size, scaled down to fit
// the window (CSS keeps it inside on resize too).
function viewerBox(m: Media): { width: number; height: number } {
  const size = m.width && m.height ? { width: m.width, height: m.height } : knownSize(m);
  // Room for the previous and next buttons beside it.
  const maxW = Math.max(100, window.innerWidth - (window.innerWidth < 700 ? 100 : 160));
  const maxH = Math.max(100, window.innerHeight - 140);
  const scale = Math.min(1, maxW / size.width, maxH / size.height);
  return { width: Math.round(size.width * scale), height: Math.round(size.height * scale) };
}

function trapTab(dialog: HTMLElement, e: KeyboardEvent): void {
  const focusable = [...dialog.querySelectorAll<HTMLElement>("button:not([disabled])")].filter((el) => !el.hidden);
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

export function openViewer(ui: Ui, pictures: Media[], start: number): void {
  if (pictures.length === 0) return;
  let index = Math.max(0, Math.min(start, pictures.length - 1));
  let release: () => void = () => {};
  const counter = h("span", { class: "viewer-counter", attrs: { "aria-live": "polite" } });
  const name = h("span", { class: "viewer-name", attrs: { dir: "auto" } });
  const stage = h("div", { class: "viewer-stage" });
  const prev = h("button", { class: "icon-button viewer-prev", attrs: { type: "button", "aria-label": "Previous picture" }, on: { click: () => move(-1) } }, "‹");
  const next = h("button", { class: "icon-button viewer-next", attrs: { type: "button", "aria-label": "Next picture" }, on: { click: () => move(1) } }, "›");
  const download = h("button", { class: "viewer-download", attrs: { type: "button" }, on: { click: () => void ui.controller.media.http.download(pictures[index]).catch(() => {}) } }, "Download");
  const close = h("button", { class: "icon-button viewer-close", attrs: { type: "button", "aria-label": "Close viewer" }, on: { click: () => dialog.close() } }, "×");
  const dialog = h(
    "dialog",
    { class: "viewer", attrs: { "aria-label": "Picture viewer" } },
    h("header", { class: "viewer-bar" }, counter, name, download, close),
    h("div", { class: "viewer-main" }, prev, stage, next),
  );

  const show = () => {
    release();
    const m = pictures[index];
    counter.textContent = `${index + 1} of ${pictures.length}`;
    name.textContent = m.name;
    prev.disabled = index === 0;
    next.disabled = index === pictures.length - 1;
    const box = h("div", { class: "viewer-picture", attrs: { "data-media": m.id, role: "img", "aria-label": m.name } });
    // The thumbnail (held by the chat already) shows at once; the full
    // picture covers it when it arrives.
    const thumb = pictureBox(ui.controller.media.pictures, m, viewerBox(m), "thumbnail", box);
    const full = pictureBox(ui.controller.media.pictures, m, viewerBox(m), "full", box);
    release = () => {
      thumb();
      full();
    };
    replace(stage, box);
  };
  const move = (step: number) => {
    const to = index + step;
    if (to < 0 || to >= pictures.length) return;
    index = to;
    show();
  };

  dialog.addEventListener("keydown", (e) => {
    if (e.key === "ArrowLeft") move(-1);
    else if (e.key === "ArrowRight") move(1);
    else if (e.key === "Tab") trapTab(dialog, e);
    else return;
    if (e.key !== "Tab") e.preventDefault();
  });
  // A click on the backdrop (the dialog itself) or around the picture.
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog || e.target === stage || (e.target as HTMLElement).classList.contains("viewer-main")) dialog.close();
  });
  dialog.addEventListener("close", () => {
    release();
    dialog.remove();
  });
  document.body.append(dialog);
  show();
  dialog.showModal();
  close.focus();
}

// Every picture of the messages held for a conversation, oldest first.
export function conversationPictures(ui: Ui, conversationId: number): Media[] {
  const conv = ui.store.conversations.get(conversationId);
  if (!conv) return [];
  const out: Media[] = [];
  for (const m of conv.timeline.messages()) {
    if (m.deleted) continue;
    for (const a of m.attachments ?? []) if (a.kind === "image") out.push(a);
  }
  return out;
}
