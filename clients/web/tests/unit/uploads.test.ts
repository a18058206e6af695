import { describe, expect, it } from "vitest";
import type { Media } from "../../src/protocol";
import { UploadQueue, type UploadRequest, type UploadTransport } from "../../src/state/uploads";
import { counter } from "./fixtures";

interface FakeAttempt {
  req: UploadRequest;
  progress(loaded: number, total: number): void;
  succeed(media?: Partial<Media>): Promise<void>;
  fail(code: string, message: string): Promise<void>;
  aborted: boolean;
}

// A transport whose attempts the test finishes by hand.
function fakeTransport(): { transport: UploadTransport; attempts: FakeAttempt[] } {
  const attempts: FakeAttempt[] = [];
  const transport: UploadTransport = (req, onProgress) => {
    let resolve!: (m: Media) => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<Media>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const attempt: FakeAttempt = {
      req,
      aborted: false,
      progress: onProgress,
      succeed: async (media = {}) => {
        resolve({ id: `media-${req.uploadId}`, kind: "file", name: req.name, mime: "application/octet-stream", size: req.file.size, ...media });
        await done.catch(() => {});
        await Promise.resolve();
      },
      fail: async (code, message) => {
        reject({ code, message });
        await done.catch(() => {});
        await Promise.resolve();
      },
    };
    attempts.push(attempt);
    return {
      done,
      abort: () => {
        attempt.aborted = true;
        reject({ code: "ABORTED", message: "Cancelled." });
      },
    };
  };
  return { transport, attempts };
}

function file(bytes: number): Blob {
  return new Blob([new Uint8Array(bytes)]);
}

function queue(parallel = 2) {
  const fake = fakeTransport();
  const changes: string[] = [];
  const q = new UploadQueue(fake.transport, counter("u"), (u) => changes.push(`${u.name}:${u.state}:${u.loaded}`), parallel);
  return { q, attempts: fake.attempts, changes };
}

describe("upload queue", () => {
  it("starts an upload at once and reports its progress as bytes go out", () => {
    const { q, attempts, changes } = queue();
    const u = q.add(file(1000), "photo.png");
    expect(u.state).toBe("uploading");
    expect(attempts).toHaveLength(1);
    expect(attempts[0].req).toMatchObject({ name: "photo.png", purpose: "attachment", uploadId: u.uploadId });
    attempts[0].progress(250, 1000);
    attempts[0].progress(750, 1000);
    expect(u.loaded).toBe(750);
    expect(u.total).toBe(1000);
    expect(changes).toContain("photo.png:uploading:250");
    expect(changes).toContain("photo.png:uploading:750");
  });

  it("keeps the stored media once done, with the bar full", async () => {
    const { q, attempts } = queue();
    const u = q.add(file(10), "a.txt");
    await attempts[0].succeed({ id: "m1" });
    expect(u.state).toBe("done");
    expect(u.media?.id).toBe("m1");
    expect(u.loaded).toBe(u.total);
  });

  it("sends several files at once, each under its own upload_id, and at most `parallel` at a time", async () => {
    const { q, attempts } = queue(2);
    const a = q.add(file(1), "a");
    const b = q.add(file(1), "b");
    const c = q.add(file(1), "c");
    expect(attempts.map((x) => x.req.name)).toEqual(["a", "b"]);
    expect(c.state).toBe("waiting");
    expect(new Set([a.uploadId, b.uploadId, c.uploadId]).size).toBe(3);
    await attempts[1].succeed();
    expect(attempts.map((x) => x.req.name)).toEqual(["a", "b", "c"]);
    expect(c.state).toBe("uploading");
  });

  it("cancels a running upload: aborts it, forgets it, and starts the next one waiting", async () => {
    const { q, attempts } = queue(1);
    const a = q.add(file(1), "a");
    const b = q.add(file(1), "b");
    const settled = q.settledOf(a);
    q.cancel(a.key);
    expect(attempts[0].aborted).toBe(true);
    expect(a.state).toBe("cancelled");
    expect(q.get(a.key)).toBeUndefined();
    expect((await settled).state).toBe("cancelled");
    expect(b.state).toBe("uploading");
    expect(attempts[1].req.name).toBe("b");
  });

  it("cancels an upload that is still waiting without ever sending it", () => {
    const { q, attempts } = queue(1);
    q.add(file(1), "a");
    const b = q.add(file(1), "b");
    q.cancel(b.key);
    expect(attempts.map((x) => x.req.name)).toEqual(["a"]);
    expect(q.all().map((u) => u.name)).toEqual(["a"]);
  });

  it("ignores what a cancelled attempt reports afterwards", async () => {
    const { q, attempts } = queue();
    const a = q.add(file(100), "a");
    q.cancel(a.key);
    attempts[0].progress(50, 100);
    await attempts[0].succeed();
    expect(a.state).toBe("cancelled");
    expect(a.loaded).toBe(0);
    expect(a.media).toBeNull();
  });

  it("keeps the server's error on failure and retries with the same upload_id", async () => {
    const { q, attempts } = queue();
    const u = q.add(file(100), "big.bin");
    attempts[0].progress(60, 100);
    await attempts[0].fail("QUOTA_EXCEEDED", "Your uploads would pass your quota.");
    expect(u.state).toBe("failed");
    expect(u.error).toEqual({ code: "QUOTA_EXCEEDED", message: "Your uploads would pass your quota." });
    q.retry(u.key);
    expect(u.state).toBe("uploading");
    expect(u.error).toBeNull();
    expect(u.loaded).toBe(0);
    expect(attempts).toHaveLength(2);
    expect(attempts[1].req.uploadId).toBe(attempts[0].req.uploadId);
    await attempts[1].succeed({ id: "m9" });
    expect(u.media?.id).toBe("m9");
  });

  it("names a network failure when the transport gives no code", async () => {
    const { q, attempts } = queue();
    const u = q.add(file(1), "a");
    await attempts[0].fail(undefined as unknown as string, "");
    expect(u.error?.code).toBe("NETWORK");
    expect(u.error?.message).toBe("The upload failed.");
  });

  it("starts a waiting upload when a running one fails", async () => {
    const { q, attempts } = queue(1);
    q.add(file(1), "a");
    const b = q.add(file(1), "b");
    await attempts[0].fail("PAYLOAD_TOO_LARGE", "Too large.");
    expect(b.state).toBe("uploading");
  });

  it("retries only failed uploads", async () => {
    const { q, attempts } = queue();
    const u = q.add(file(1), "a");
    q.retry(u.key);
    expect(attempts).toHaveLength(1);
    await attempts[0].succeed();
    q.retry(u.key);
    expect(attempts).toHaveLength(1);
    expect(u.state).toBe("done");
  });

  it("sends avatars with their purpose", () => {
    const { q, attempts } = queue();
    q.add(file(1), "me.png", "avatar");
    expect(attempts[0].req.purpose).toBe("avatar");
  });

  it("forgets finished uploads and cancels everything on clear", async () => {
    const { q, attempts } = queue();
    const a = q.add(file(1), "a");
    const b = q.add(file(1), "b");
    await attempts[0].succeed();
    q.forget(a.key);
    expect(q.get(a.key)).toBeUndefined();
    q.clear();
    expect(attempts[1].aborted).toBe(true);
    expect(b.state).toBe("cancelled");
    expect(q.all()).toEqual([]);
  });

  it("retries by itself only the uploads that failed for a passing reason", async () => {
    const { q, attempts } = queue(4);
    const lost = q.add(file(1), "lost");
    const busy = q.add(file(1), "busy");
    const big = q.add(file(1), "big");
    await attempts[0].fail("NETWORK", "The connection was lost during the upload.");
    await attempts[1].fail("BUSY", "Try again shortly.");
    await attempts[2].fail("PAYLOAD_TOO_LARGE", "Too large.");
    q.retryTransient();
    expect(attempts.slice(3).map((a) => a.req.uploadId)).toEqual([lost.uploadId, busy.uploadId]);
    expect(big.state).toBe("failed");
  });
});
