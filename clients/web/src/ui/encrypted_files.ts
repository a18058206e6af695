// The files of an encrypted message (docs/security.md, "Encrypted files"):
// pictures inline, other files as a card whose button opens the file and
// saves it under its name. Bytes are fetched and opened only when shown or
// asked for, through blob: URLs revoked when the element goes. Names and
// types are the sender's: they are shown as text, never as markup.

import { type EncryptedFile, type FileEntry, isInlinePicture, saveName } from "../e2ee/file_entries";
import type { Ui } from "./context";
import type { Shown } from "./attachments";
import { h } from "./dom";
import { fileIcon } from "./icons";
import { humanSize } from "./attachment_layout";

export const UNREADABLE = "A file that could not be read";
export const DAMAGED = "The file was changed or damaged";

// The widest an inline picture is shown.
const PICTURE_WIDTH = 320;

function problem(text: string): HTMLElement {
  return h("div", { class: "file-card sealed-problem", attrs: { role: "note" } }, h("span", { class: "file-icon", attrs: { "aria-hidden": "true" } }, fileIcon()), h("span", { class: "file-info" }, text));
}

// Holds the blob: URLs a view made, to revoke them all when it goes.
class Urls {
  private readonly made: string[] = [];
  gone = false;
  make(blob: Blob): string {
    const url = URL.createObjectURL(blob);
    this.made.push(url);
    return url;
  }
  revoke(url: string): void {
    const at = this.made.indexOf(url);
    if (at < 0) return;
    this.made.splice(at, 1);
    URL.revokeObjectURL(url);
  }
  release(): void {
    this.gone = true;
    for (const url of this.made.splice(0)) URL.revokeObjectURL(url);
  }
}

function fileCard(ui: Ui, f: EncryptedFile, urls: Urls): HTMLElement {
  const status = h("span", { class: "file-status", attrs: { role: "status" } });
  const label = `Download ${f.name}`;
  const button = h("button", { class: "file-download", attrs: { type: "button", "aria-label": label, "data-key": `download-${f.media_id}` } }, "Download");
  const card = h(
    "div",
    { class: "file-card", attrs: { "data-media": f.media_id } },
    h("span", { class: "file-icon", attrs: { "aria-hidden": "true" } }, fileIcon()),
    h("span", { class: "file-info" }, h("span", { class: "file-name", attrs: { dir: "auto", title: f.name } }, f.name), h("span", { class: "file-size" }, humanSize(f.size)), status),
    button,
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "";
    try {
      const blob = await ui.controller.media.opened.get(f, "application/octet-stream");
      if (urls.gone) return;
      if (!blob) {
        card.replaceWith(problem(DAMAGED));
        return;
      }
      // From now on a plain link saves it, as often as asked.
      const link = h("a", { class: "file-download", attrs: { href: urls.make(blob), download: saveName(f.name), "aria-label": label, "data-key": `download-${f.media_id}` } }, "Download");
      button.replaceWith(link);
      link.click();
    } catch (e) {
      status.textContent = e instanceof Error && e.message ? e.message : "The download failed.";
      button.disabled = false;
    }
  });
  return card;
}

// A picture shown once its bytes open and decode; a file card when they do
// not decode as a picture.
function picture(ui: Ui, f: EncryptedFile, urls: Urls): HTMLElement {
  const box = h("div", { class: "sealed-picture", attrs: { "data-media": f.media_id } });
  if (f.width && f.height) {
    box.style.width = `${Math.min(PICTURE_WIDTH, f.width)}px`;
    box.style.aspectRatio = `${f.width} / ${f.height}`;
  }
  ui.controller.media.opened.get(f, f.mime).then(
    (blob) => {
      if (urls.gone) return;
      if (!blob) return box.replaceWith(problem(DAMAGED));
      const url = urls.make(blob);
      const img = h("img", { attrs: { src: url, alt: f.name, decoding: "async" } });
      img.addEventListener("load", () => box.classList.add("loaded"), { once: true });
      img.addEventListener(
        "error",
        () => {
          urls.revoke(url);
          if (!urls.gone) box.replaceWith(fileCard(ui, f, urls));
        },
        { once: true },
      );
      box.append(img);
    },
    () => {
      if (!urls.gone) box.append(h("span", { class: "picture-missing" }, "Picture unavailable"));
    },
  );
  return box;
}

export function encryptedFilesView(ui: Ui, entries: readonly FileEntry[]): Shown {
  const urls = new Urls();
  const el = h(
    "div",
    { class: "attachments sealed-files" },
    entries.map((e) => (!e.readable || !e.file ? problem(UNREADABLE) : isInlinePicture(e.file) ? picture(ui, e.file, urls) : fileCard(ui, e.file, urls))),
  );
  return { el, release: () => urls.release() };
}
