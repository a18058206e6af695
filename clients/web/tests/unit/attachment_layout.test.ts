import { describe, expect, it } from "vitest";
import type { Media } from "../../src/protocol";
import {
  fitBox,
  humanSize,
  imageLayout,
  knownSize,
  MIN_SIDE,
  placeholderColour,
  SINGLE_MAX,
  TILE,
} from "../../src/ui/attachment_layout";

function image(width: number, height: number, thumb?: [number, number], extra: Partial<Media> = {}): Media {
  return {
    id: `i${width}x${height}`,
    kind: "image",
    name: "p.png",
    mime: "image/png",
    size: 1,
    width,
    height,
    thumbnail: thumb ? { width: thumb[0], height: thumb[1] } : undefined,
    ...extra,
  };
}

describe("attachment layout", () => {
  it("sizes a picture from its thumbnail before it loads", () => {
    expect(knownSize(image(1280, 720, [320, 180]))).toEqual({ width: 320, height: 180 });
  });

  it("falls back to the picture's size, then to a square", () => {
    expect(knownSize(image(200, 100))).toEqual({ width: 200, height: 100 });
    expect(knownSize({ ...image(0, 0), width: undefined, height: undefined })).toEqual({ width: SINGLE_MAX, height: SINGLE_MAX });
  });

  it("scales a large picture down to fit, keeping its shape", () => {
    expect(fitBox({ width: 1280, height: 720 })).toEqual({ width: 320, height: 180 });
    expect(fitBox({ width: 600, height: 1200 })).toEqual({ width: 160, height: 320 });
  });

  it("never scales a small picture up", () => {
    expect(fitBox({ width: 120, height: 90 })).toEqual({ width: 120, height: 90 });
  });

  it("keeps a very thin picture wide enough to see and click", () => {
    expect(fitBox({ width: 4000, height: 10 })).toEqual({ width: 320, height: MIN_SIDE });
    expect(fitBox({ width: 3, height: 3 })).toEqual({ width: MIN_SIDE, height: MIN_SIDE });
  });

  it("gives a lone picture its fitted box, and several pictures square tiles two to a row", () => {
    expect(imageLayout([])).toEqual({ columns: 0, boxes: [] });
    expect(imageLayout([image(1280, 720, [320, 180])])).toEqual({ columns: 1, boxes: [{ width: 320, height: 180 }] });
    const three = imageLayout([image(1280, 720, [320, 180]), image(10, 500, [6, 320]), image(50, 50, [50, 50])]);
    expect(three.columns).toBe(2);
    expect(three.boxes).toEqual([
      { width: TILE, height: TILE },
      { width: TILE, height: TILE },
      { width: TILE, height: TILE },
    ]);
  });

  it("uses only a #rrggbb colour for the placeholder", () => {
    expect(placeholderColour(image(1, 1, undefined, { colour: "#7a8c9e" }))).toBe("#7a8c9e");
    expect(placeholderColour(image(1, 1, undefined, { colour: "red; background: url(https://x)" }))).toBeNull();
    expect(placeholderColour(image(1, 1))).toBeNull();
  });

  it("writes sizes as people read them", () => {
    expect(humanSize(0)).toBe("0 B");
    expect(humanSize(1023)).toBe("1023 B");
    expect(humanSize(1536)).toBe("1.5 KB");
    expect(humanSize(245_123)).toBe("239 KB");
    expect(humanSize(1024 * 1024 - 1)).toBe("1 MB");
    expect(humanSize(25 * 1024 * 1024)).toBe("25 MB");
  });
});
