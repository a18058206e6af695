import { describe, expect, it } from "vitest";
import type { Media } from "../../src/protocol";
import { summary } from "../../src/ui/format";

function media(kind: Media["kind"], name = "x"): Media {
  return { id: name, kind, name, mime: "", size: 1 };
}

describe("message summary", () => {
  it("is the text when there is some", () => {
    expect(summary({ text: "look at this", attachments: [media("image")] })).toBe("look at this");
  });

  it("says what a message without text carries", () => {
    expect(summary({ text: "", attachments: [media("image")] })).toBe("Picture");
    expect(summary({ text: "", attachments: [media("image"), media("image")] })).toBe("2 pictures");
    expect(summary({ text: "", attachments: [media("file", "report.pdf")] })).toBe("report.pdf");
    expect(summary({ text: "", attachments: [media("file"), media("file")] })).toBe("2 files");
    expect(summary({ text: "", attachments: [media("image"), media("file")] })).toBe("2 attachments");
  });

  it("is empty for an empty message from a server without attachments", () => {
    expect(summary({ text: "" })).toBe("");
  });
});
