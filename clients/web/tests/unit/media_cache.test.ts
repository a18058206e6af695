import { describe, expect, it } from "vitest";
import { MediaCache, type MediaVariant } from "../../src/state/media_cache";

function cache(keep = { thumbnail: 1, full: 0 }) {
  const loads: string[] = [];
  const revoked: string[] = [];
  let made = 0;
  let failNext = false;
  const c = new MediaCache(
    async (id: string, variant: MediaVariant) => {
      loads.push(`${variant}:${id}`);
      if (failNext) {
        failNext = false;
        throw new Error("NOT_FOUND");
      }
      return new Blob([id]);
    },
    { create: () => `blob:${++made}`, revoke: (u) => revoked.push(u) },
    keep,
  );
  return { c, loads, revoked, failOnce: () => (failNext = true) };
}

describe("media cache", () => {
  it("fetches a picture once however many views show it", async () => {
    const { c, loads } = cache();
    const [a, b] = await Promise.all([c.acquire("x", "thumbnail"), c.acquire("x", "thumbnail")]);
    expect(a).toBe(b);
    expect(loads).toEqual(["thumbnail:x"]);
  });

  it("keeps the thumbnail and the full picture apart", async () => {
    const { c, loads } = cache();
    const thumb = await c.acquire("x", "thumbnail");
    const full = await c.acquire("x", "full");
    expect(thumb).not.toBe(full);
    expect(loads).toEqual(["thumbnail:x", "full:x"]);
  });

  it("revokes a URL nobody holds once more than the kept number are unused", async () => {
    const { c, revoked } = cache({ thumbnail: 1, full: 0 });
    const a = await c.acquire("a", "thumbnail");
    const b = await c.acquire("b", "thumbnail");
    c.release("a", "thumbnail");
    expect(revoked).toEqual([]);
    c.release("b", "thumbnail");
    expect(revoked).toEqual([a]);
    expect(c.live).toBe(1);
    c.release("b", "thumbnail");
    expect(revoked).toEqual([a]);
    expect(b).toBe("blob:2");
  });

  it("does not revoke a URL that someone still holds", async () => {
    const { c, revoked } = cache({ thumbnail: 0, full: 0 });
    await c.acquire("a", "thumbnail");
    await c.acquire("a", "thumbnail");
    c.release("a", "thumbnail");
    expect(revoked).toEqual([]);
    c.release("a", "thumbnail");
    expect(revoked).toEqual(["blob:1"]);
  });

  it("serves a kept unused URL again without fetching", async () => {
    const { c, loads } = cache({ thumbnail: 5, full: 0 });
    const first = await c.acquire("a", "thumbnail");
    c.release("a", "thumbnail");
    expect(await c.acquire("a", "thumbnail")).toBe(first);
    expect(loads).toEqual(["thumbnail:a"]);
  });

  it("fetches again after a failure", async () => {
    const { c, loads, failOnce } = cache();
    failOnce();
    await expect(c.acquire("a", "thumbnail")).rejects.toThrow("NOT_FOUND");
    expect(await c.acquire("a", "thumbnail")).toBe("blob:1");
    expect(loads).toEqual(["thumbnail:a", "thumbnail:a"]);
  });

  it("revokes every URL on clear", async () => {
    const { c, revoked } = cache({ thumbnail: 5, full: 5 });
    await c.acquire("a", "thumbnail");
    await c.acquire("b", "full");
    c.clear();
    expect(revoked.sort()).toEqual(["blob:1", "blob:2"]);
    expect(c.live).toBe(0);
  });
});
