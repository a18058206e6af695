// One row per upload: name, size, a progress bar while it goes, the server's
// error and a retry button when it failed, and a button to cancel or remove
// it. Rows are kept per upload so progress moves the bar in place, without a
// render of the whole chat.

import type { Upload } from "../state/uploads";
import { humanSize } from "./attachment_layout";
import { h } from "./dom";

export interface UploadActions {
  // Null when the file can no longer be taken out (its message is on its way).
  cancel: (() => void) | null;
  retry(): void;
}

interface Row {
  el: HTMLElement;
  bar: HTMLProgressElement | null;
  percent: HTMLElement | null;
  signature: string;
}

function percentOf(u: Upload): number {
  return u.total > 0 ? Math.min(100, Math.floor((u.loaded / u.total) * 100)) : 0;
}

export class UploadRows {
  private readonly rows = new Map<string, Row>();

  // The row of an upload, built again only when its state changed.
  row(u: Upload, actions: UploadActions): HTMLElement {
    const signature = JSON.stringify([u.state, u.error, actions.cancel !== null]);
    const held = this.rows.get(u.key);
    if (held && held.signature === signature) {
      this.progress(u);
      return held.el;
    }
    const row = this.build(u, actions, signature);
    this.rows.set(u.key, row);
    return row.el;
  }

  // Moves the bar of an upload that is on screen.
  progress(u: Upload): void {
    const row = this.rows.get(u.key);
    if (!row?.bar || !row.percent) return;
    row.bar.max = Math.max(1, u.total);
    row.bar.value = Math.min(u.loaded, row.bar.max);
    row.percent.textContent = `${percentOf(u)}%`;
  }

  // Forgets the rows of uploads no longer shown.
  keepOnly(keys: Set<string>): void {
    for (const key of [...this.rows.keys()]) if (!keys.has(key)) this.rows.delete(key);
  }

  private build(u: Upload, actions: UploadActions, signature: string): Row {
    const going = u.state === "waiting" || u.state === "uploading";
    const bar = going
      ? h("progress", { class: "upload-progress", attrs: { max: Math.max(1, u.total), value: Math.min(u.loaded, u.total), "aria-label": `Uploading ${u.name}` } })
      : null;
    const percent = going ? h("span", { class: "upload-percent" }, `${percentOf(u)}%`) : null;
    const status: (HTMLElement | null)[] = [];
    if (u.state === "done") status.push(h("span", { class: "upload-done" }, "Uploaded"));
    if (u.state === "failed") {
      status.push(
        h(
          "span",
          { class: "upload-failure" },
          h("span", { class: "upload-error", attrs: { role: "alert", "data-code": u.error?.code ?? "" } }, u.error?.message ?? "The upload failed."),
          " ",
          h("button", { class: "link-button", attrs: { type: "button", "data-key": `retry-${u.key}` }, on: { click: actions.retry } }, "Retry"),
        ),
      );
    }
    const cancel = actions.cancel;
    const el = h(
      "li",
      { class: `upload upload-${u.state}`, attrs: { "data-upload": u.key, "data-state": u.state } },
      h("span", { class: "upload-name", attrs: { dir: "auto" } }, u.name),
      h("span", { class: "upload-size" }, humanSize(u.file.size)),
      bar,
      percent,
      status,
      cancel
        ? h(
            "button",
            {
              class: "icon-button upload-cancel",
              attrs: { type: "button", "aria-label": going ? `Cancel upload of ${u.name}` : `Remove ${u.name}`, "data-key": `cancel-${u.key}` },
              on: { click: cancel },
            },
            "×",
          )
        : null,
    );
    return { el, bar, percent, signature };
  }
}
