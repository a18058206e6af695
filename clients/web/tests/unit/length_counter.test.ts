import { describe, expect, it } from "vitest";
import { lengthState, messageLength } from "../../src/ui/length_counter";

describe("message length", () => {
  it("counts code points as natterd does, not UTF-16 units", () => {
    expect(messageLength("hello")).toBe(5);
    expect(messageLength("😀")).toBe(1);
    expect(messageLength("\u{1F44D}\u{1F3FD}")).toBe(2); // thumbs up + skin tone: two code points
    expect(messageLength("e\u0301")).toBe(2); // e + combining acute
    expect(messageLength("日本語")).toBe(3);
    expect(messageLength("\ud800")).toBe(1);
  });

  it("lets 4,000 emoji through and stops one past the limit", () => {
    expect(lengthState("😀".repeat(4000), 4000).over).toBe(false);
    expect(lengthState("😀".repeat(4001), 4000)).toMatchObject({ over: true, left: -1, visible: true });
  });

  it("shows the counter only near the limit", () => {
    expect(lengthState("a".repeat(3599), 4000).visible).toBe(false);
    expect(lengthState("a".repeat(3600), 4000)).toMatchObject({ visible: true, left: 400, over: false });
  });
});
