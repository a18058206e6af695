// A message's attachments: pictures as thumbnails in boxes sized before they
// load (filled with the picture's average colour), files as cards with a
// download button. Thumbnails come through the media cache; whoever shows
// them calls the returned release() when the element goes.

import type { Media } from "../protocol";
import type { MediaCache } from "../state/media_cache";
import type { Ui } from "./context";
import { h } from "./dom";
import { fileIcon } from "./icons";
import { humanSize, imageLayout, placeholderColour, type Box } from "./attachment_layout";

export interface Shown {
  el: HTMLElement;
  release(): void;
}

// An upload of an encrypted message: its bytes are sealed, its real name and
// type are in the message (ui/encrypted_files.ts shows it).
export function isSealedMedia(m: Media): boolean {
  return m.mime === "application/vnd.natter.encrypted";
}

export function isPicture(m: Media): boolean {
  return m.kind === "image" || m.kind === "avatar";
}

// A box of the given size showing the picture once its blob: URL is there.
export function pictureBox(cache: MediaCache, m: Media, box: Box, variant: "thumbnail" | "full", el: HTMLElement): () => void {
  el.style.width = `${box.width}px`;
  el.style.aspectRatio = `${box.width} / ${box.height}`;
  const colour = placeholderColour(m);
  if (colour) el.style.backgroundColor = colour;
  let held = true;
  cache.acquire(m.id, variant).then(
    (url) => {
      if (!held) return;
      const img = h("img", { class: `picture-${variant}`, attrs: { src: url, alt: "", decoding: "async" } });
      img.addEventListener("load", () => el.classList.add("loaded"), { once: true });
      el.append(img);
    },
    () => {
      if (held) el.append(h("span", { class: "picture-missing" }, "Picture unavailable"));
    },
  );
  return () => {
    if (!held) return;
    held = false;
    cache.release(m.id, variant);
  };
}

function fileCard(ui: Ui, m: Media): HTMLElement {
  const status = h("span", { class: "file-status", attrs: { role: "status" } });
  const button = h("button", { class: "file-download", attrs: { type: "button", "aria-label": `Download ${m.name}`, "data-key": `download-${m.id}` } }, "Download");
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "";
    try {
      await ui.controller.media.http.download(m);
    } catch (e) {
      status.textContent = e instanceof Error && e.message ? e.message : "The download failed.";
    } finally {
      button.disabled = false;
    }
  });
  return h(
    "div",
    { class: "file-card", attrs: { "data-media": m.id } },
    h("span", { class: "file-icon", attrs: { "aria-hidden": "true" } }, fileIcon()),
    h("span", { class: "file-info" }, h("span", { class: "file-name", attrs: { dir: "auto", title: m.name } }, m.name), h("span", { class: "file-size" }, humanSize(m.size)), status),
    button,
  );
}

export function attachmentsView(ui: Ui, media: Media[], open: (m: Media) => void): Shown {
  const pictures = media.filter(isPicture);
  const files = media.filter((m) => !isPicture(m));
  const releases: Array<() => void> = [];
  const layout = imageLayout(pictures);
  const grid = h("div", { class: `picture-grid columns-${layout.columns}` });
  pictures.forEach((m, i) => {
    const tile = h("button", {
      class: "picture",
      attrs: { type: "button", "aria-label": `Open picture ${m.name}`, "data-media": m.id, "data-key": `picture-${m.id}` },
      on: { click: () => open(m) },
    });
    releases.push(pictureBox(ui.controller.media.pictures, m, layout.boxes[i], "thumbnail", tile));
    grid.append(tile);
  });
  const el = h("div", { class: "attachments" }, pictures.length ? grid : null, files.map((m) => fileCard(ui, m)));
  return { el, release: () => releases.forEach((r) => r()) };
}
