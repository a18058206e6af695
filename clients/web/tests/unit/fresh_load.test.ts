import { describe, expect, it } from "vitest";
import { freshLoad } from "../../src/net/fresh_load";

// A load whose runs the test finishes by hand, in order.
function manualLoad() {
  const finish: Array<() => void> = [];
  let calls = 0;
  const load = () =>
    new Promise<void>((resolve) => {
      calls++;
      finish.push(resolve);
    });
  return { load, finish, calls: () => calls };
}

describe("a load that is never older than the call", () => {
  it("shares the run of callers who ask before it starts", async () => {
    const m = manualLoad();
    const refresh = freshLoad(m.load);
    const first = refresh();
    expect(m.calls()).toBe(1);
    m.finish[0]();
    await first;
    expect(m.calls()).toBe(1);
  });

  it("runs once more, after the one in flight, for every caller who asked meanwhile", async () => {
    const m = manualLoad();
    const refresh = freshLoad(m.load);
    const first = refresh();
    let laterDone = 0;
    const later = [refresh(), refresh()].map((p) => p.then(() => laterDone++));
    expect(m.calls()).toBe(1);
    m.finish[0]();
    await first;
    await Promise.resolve();
    // The list in flight was asked for before they asked: they wait for the next.
    expect(laterDone).toBe(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(m.calls()).toBe(2);
    m.finish[1]();
    await Promise.all(later);
    expect(laterDone).toBe(2);
    expect(m.calls()).toBe(2);
  });

  it("still runs the next load when the one in flight fails", async () => {
    let calls = 0;
    const refresh = freshLoad(async () => {
      calls++;
      if (calls === 1) throw new Error("offline");
    });
    const first = refresh();
    const second = refresh();
    await expect(first).rejects.toThrow("offline");
    await second;
    expect(calls).toBe(2);
  });
});
