// Pictures fetched with the bearer token, shown through blob: URLs. Every
// view that shows one acquires it and releases it when its element goes; a
// URL nobody holds stays for a while (switching back to a chat shows it at
// once) and is revoked once more than a few unused ones pile up.

export type MediaVariant = "thumbnail" | "full";

export interface ObjectUrls {
  create(blob: Blob): string;
  revoke(url: string): void;
}

interface Entry {
  refs: number;
  url: string | null;
  loading: Promise<string>;
}

// Unused URLs kept per variant before the oldest is revoked.
const KEEP_UNUSED: Record<MediaVariant, number> = { thumbnail: 200, full: 2 };

export class MediaCache {
  private readonly entries = new Map<string, Entry>();
  // Keys of entries nobody holds, least recently released first.
  private readonly unused: Record<MediaVariant, string[]> = { thumbnail: [], full: [] };

  constructor(
    private readonly load: (id: string, variant: MediaVariant) => Promise<Blob>,
    private readonly urls: ObjectUrls = { create: (b) => URL.createObjectURL(b), revoke: (u) => URL.revokeObjectURL(u) },
    private readonly keep: Record<MediaVariant, number> = KEEP_UNUSED,
  ) {}

  // The blob: URL of a picture; hold it until release(). Rejects when the
  // fetch fails (a later acquire tries again).
  acquire(id: string, variant: MediaVariant): Promise<string> {
    const key = `${variant}:${id}`;
    let entry = this.entries.get(key);
    if (!entry) {
      const fresh: Entry = { refs: 0, url: null, loading: Promise.resolve("") };
      fresh.loading = this.load(id, variant).then(
        (blob) => {
          if (this.entries.get(key) !== fresh) throw new Error("released");
          fresh.url = this.urls.create(blob);
          return fresh.url;
        },
        (e) => {
          if (this.entries.get(key) === fresh) this.drop(variant, key);
          throw e;
        },
      );
      this.entries.set(key, fresh);
      entry = fresh;
    }
    entry.refs++;
    this.unused[variant] = this.unused[variant].filter((k) => k !== key);
    return entry.loading;
  }

  release(id: string, variant: MediaVariant): void {
    const key = `${variant}:${id}`;
    const entry = this.entries.get(key);
    if (!entry || entry.refs === 0) return;
    entry.refs--;
    if (entry.refs > 0) return;
    this.unused[variant].push(key);
    while (this.unused[variant].length > this.keep[variant]) this.drop(variant, this.unused[variant][0]);
  }

  // URLs created and not revoked (for tests and leak checks).
  get live(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.url) n++;
    return n;
  }

  // Revokes everything (log-out).
  clear(): void {
    for (const e of this.entries.values()) if (e.url) this.urls.revoke(e.url);
    this.entries.clear();
    this.unused.thumbnail = [];
    this.unused.full = [];
  }

  private drop(variant: MediaVariant, key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    this.unused[variant] = this.unused[variant].filter((k) => k !== key);
    if (entry?.url) this.urls.revoke(entry.url);
  }
}
