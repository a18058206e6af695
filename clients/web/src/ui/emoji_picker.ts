// The emoji picker (emoji-mart, with the emoji of @emoji-mart/data shown as
// the system draws them), in a dialog: for reactions and for the composer.
//
// The strict CSP (style-src 'self', nothing inline): emoji-mart's element puts
// its stylesheet into its shadow root as a <style> element, which the CSP
// refuses. The subclass below hands the same CSS to the shadow root as a
// constructed stylesheet (adoptedStyleSheets), which is CSSOM and not
// governed by style-src; its other styling is CSSOM too (element.style).
// Nothing is fetched from elsewhere: the data is passed in, and the native
// set needs no pictures. Picker and data (about 400 KB) load on first use, as
// their own chunk.

import { h } from "./dom";
import { openModal, type Modal } from "./modal";

interface EmojiSelection {
  native: string;
}

type PickerElement = new (props: Record<string, unknown>) => HTMLElement;

interface Loaded {
  Picker: PickerElement;
  data: unknown;
}

let loading: Promise<Loaded> | null = null;

async function loadPicker(): Promise<Loaded> {
  const [{ Picker }, data] = await Promise.all([import("emoji-mart"), import("@emoji-mart/data")]);
  const sheet = new CSSStyleSheet();
  class CspPicker extends Picker {
    injectStyles(styles: unknown): void {
      // emoji-mart's typings declare an HTMLElement of their own.
      const root = (this as unknown as HTMLElement).shadowRoot;
      if (typeof styles !== "string" || !root) return;
      if (sheet.cssRules.length === 0) sheet.replaceSync(styles);
      root.adoptedStyleSheets = [sheet];
    }
  }
  if (!customElements.get("natter-emoji-picker")) customElements.define("natter-emoji-picker", CspPicker as unknown as CustomElementConstructor);
  return { Picker: CspPicker as unknown as PickerElement, data: data.default };
}

// The picker, once loaded; a failed load (offline) is tried again next time.
function picker(): Promise<Loaded> {
  loading ??= loadPicker().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

// Opens the picker in a dialog titled title; a pick closes it and goes to
// onPick as the emoji's text (skin tone included).
export function openEmojiPicker(title: string, onPick: (emoji: string) => void): Modal {
  const status = h("p", { class: "emoji-picker-status", attrs: { role: "status" } }, "Loading emoji…");
  const modal = openModal(title, () => status);
  modal.dialog.classList.add("emoji-dialog");
  void picker().then(
    ({ Picker, data }) => {
      if (!modal.dialog.open) return;
      const el = new Picker({
        data,
        set: "native",
        theme: "auto",
        autoFocus: true,
        previewPosition: "none",
        skinTonePosition: "search",
        maxFrequentRows: 2,
        onEmojiSelect: (e: EmojiSelection) => {
          modal.close();
          onPick(e.native);
        },
      });
      el.classList.add("emoji-picker");
      status.replaceWith(el);
    },
    () => {
      status.textContent = "Emoji could not be loaded. Check the connection and try again.";
    },
  );
  return modal;
}
