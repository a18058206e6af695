// Where a message's pictures go, decided from the sizes the Media objects
// carry before a byte of them loaded, so nothing moves when they arrive.

import type { Media } from "../protocol";

export interface Box {
  width: number;
  height: number;
}

export interface ImageLayout {
  columns: number;
  boxes: Box[];
}

// A lone picture fits in this square (the thumbnail's own bound)...
export const SINGLE_MAX = 320;
// ...and is never drawn thinner than this (the rest is cropped).
export const MIN_SIDE = 48;
// Several pictures are square tiles, two to a row.
export const TILE = 156;
export const GRID_COLUMNS = 2;

// The size the picture is known to have: its thumbnail's, else its own,
// else a square.
export function knownSize(m: Media): Box {
  const t = m.thumbnail;
  if (t && t.width > 0 && t.height > 0) return { width: t.width, height: t.height };
  if (m.width && m.height && m.width > 0 && m.height > 0) return { width: m.width, height: m.height };
  return { width: SINGLE_MAX, height: SINGLE_MAX };
}

// Scales a size down (never up) to fit max × max, keeping its shape, then
// clamps each side to at least MIN_SIDE.
export function fitBox(size: Box, max = SINGLE_MAX): Box {
  const scale = Math.min(1, max / size.width, max / size.height);
  return {
    width: Math.max(MIN_SIDE, Math.round(size.width * scale)),
    height: Math.max(MIN_SIDE, Math.round(size.height * scale)),
  };
}

export function imageLayout(images: Media[]): ImageLayout {
  if (images.length === 0) return { columns: 0, boxes: [] };
  if (images.length === 1) return { columns: 1, boxes: [fitBox(knownSize(images[0]))] };
  return { columns: GRID_COLUMNS, boxes: images.map(() => ({ width: TILE, height: TILE })) };
}

// A colour safe to put in a style: only #rrggbb.
export function placeholderColour(m: Media): string | null {
  return m.colour && /^#[0-9a-fA-F]{6}$/.test(m.colour) ? m.colour : null;
}

// Sizes as people read them: 245123 -> "239 KB".
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  const rounded = (v: number) => (v < 10 ? Math.round(v * 10) / 10 : Math.round(v));
  while (rounded(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${rounded(value)} ${units[unit]}`;
}
