import { describe, expect, it } from "vitest";
import { Backoff } from "../../src/net/backoff";

describe("reconnect backoff", () => {
  it("doubles the delay after each failed attempt, up to the ceiling", () => {
    const b = new Backoff(500, 4000, () => 1);
    expect([b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it("spreads clients with jitter between half and all of the delay", () => {
    const low = new Backoff(1000, 10_000, () => 0);
    const high = new Backoff(1000, 10_000, () => 1);
    expect(low.next()).toBe(500);
    expect(high.next()).toBe(1000);
  });

  it("starts over after a successful connection", () => {
    const b = new Backoff(500, 4000, () => 1);
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(500);
  });
});
