// Files picked for the next message: the attach button, drag-and-drop onto
// the chat and paste. Each starts uploading at once and waits in a tray
// above the composer, one tray per conversation, until the message is sent.
// In an encrypted conversation each file is sealed before it is uploaded.

import { maxSealedPlain } from "../e2ee/file_crypto";
import type { Upload } from "../state/uploads";
import type { Ui } from "./context";
import { h, replace } from "./dom";
import { paperclipIcon } from "./icons";
import { humanSize } from "./attachment_layout";
import { UploadRows } from "./upload_view";

// natterd takes at most 10 attachments per message.
export const MAX_FILES_PER_MESSAGE = 10;

function hasFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes("Files");
}

export class ComposerFiles {
  readonly button: HTMLButtonElement;
  readonly tray = h("ul", { class: "upload-tray", attrs: { "aria-label": "Files to send" } });
  readonly notice = h("p", { class: "form-error upload-notice", attrs: { role: "alert" } });
  private readonly picker = h("input", { class: "visually-hidden", attrs: { type: "file", multiple: true, tabindex: "-1", "aria-hidden": "true" } });
  private readonly drafts = new Map<string, Upload[]>();
  private key = "";
  private dragDepth = 0;

  constructor(
    private readonly ui: Ui,
    private readonly rows: UploadRows,
    // Whether the conversation on screen is end-to-end encrypted.
    private readonly encrypted: () => boolean = () => false,
  ) {
    this.button = h(
      "button",
      { class: "icon-button attach", attrs: { type: "button", "aria-label": "Attach files", title: "Attach files", "data-key": "attach" }, on: { click: () => this.picker.click() } },
      paperclipIcon(),
    );
    this.picker.addEventListener("change", () => {
      this.add([...(this.picker.files ?? [])]);
      this.picker.value = "";
    });
  }

  get elements(): HTMLElement[] {
    return [this.picker, this.notice, this.tray];
  }

  // Drops onto `zone` attach files; `zone` gets the class drop-active meanwhile.
  bindDrop(zone: HTMLElement): void {
    zone.addEventListener("dragenter", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      this.dragDepth++;
      zone.classList.add("drop-active");
    });
    zone.addEventListener("dragover", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    });
    zone.addEventListener("dragleave", () => {
      this.dragDepth = Math.max(0, this.dragDepth - 1);
      if (this.dragDepth === 0) zone.classList.remove("drop-active");
    });
    zone.addEventListener("drop", (e) => {
      this.dragDepth = 0;
      zone.classList.remove("drop-active");
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      e.preventDefault();
      this.add(files);
    });
  }

  // A file dropped anywhere else would make the browser leave the app to
  // show it: such drops do nothing.
  guardWindow(): void {
    for (const type of ["dragover", "drop"] as const) {
      window.addEventListener(type, (e) => {
        if (!hasFiles(e) || e.defaultPrevented) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = "none";
      });
    }
  }

  // Pasting files (a screenshot, files copied in a file manager) attaches
  // them; pasting text stays text.
  bindPaste(target: HTMLElement): void {
    target.addEventListener("paste", (e) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      e.preventDefault();
      this.add(files);
    });
  }

  // The conversation on screen changed.
  show(key: string): void {
    this.key = key;
    this.notice.textContent = "";
    this.render();
  }

  current(): Upload[] {
    return this.drafts.get(this.key) ?? [];
  }

  // Hands the tray's files to a message being sent, and empties the tray.
  take(): Upload[] {
    const taken = this.current();
    this.drafts.delete(this.key);
    this.notice.textContent = "";
    this.render();
    return taken;
  }

  add(files: File[]): void {
    if (!this.key || files.length === 0) return;
    const list = this.current();
    const sealed = this.encrypted();
    const tooLarge = sealed ? files.filter((f) => f.size > maxSealedPlain) : [];
    const fitting = files.filter((f) => !tooLarge.includes(f));
    const room = MAX_FILES_PER_MESSAGE - list.length;
    const notices: string[] = [];
    if (tooLarge.length > 0) notices.push(`${tooLarge.map((f) => f.name || "file").join(", ")}: too large to encrypt (at most ${humanSize(maxSealedPlain)} a file).`);
    if (fitting.length > room) notices.push(`At most ${MAX_FILES_PER_MESSAGE} files go with one message; send these first.`);
    this.notice.textContent = notices.join(" ");
    const { media } = this.ui.controller;
    for (const f of fitting.slice(0, Math.max(0, room))) list.push(sealed ? media.addSealed(f, f.name || "file") : media.uploads.add(f, f.name || "file"));
    this.drafts.set(this.key, list);
    this.render();
  }

  render(): void {
    const list = this.current();
    this.tray.hidden = list.length === 0;
    replace(
      this.tray,
      list.map((u) =>
        this.rows.row(u, {
          cancel: () => this.remove(u),
          retry: () => this.ui.controller.media.uploads.retry(u.key),
        }),
      ),
    );
  }

  keys(): string[] {
    const out: string[] = [];
    for (const list of this.drafts.values()) for (const u of list) out.push(u.key);
    return out;
  }

  private remove(u: Upload): void {
    this.ui.controller.media.uploads.cancel(u.key);
    this.ui.controller.media.uploads.forget(u.key);
    const list = this.current().filter((x) => x.key !== u.key);
    if (list.length) this.drafts.set(this.key, list);
    else this.drafts.delete(this.key);
    this.render();
    this.button.focus();
  }
}
