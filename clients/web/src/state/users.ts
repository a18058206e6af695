// Other people's public profiles (display name, avatar, bio), fetched once
// per username (GET /api/v1/users/{username}) the first time a view needs
// them and again once they are older than the time to live. A new username
// or display name arrives at once as user.updated (to people who share a
// chat, group or contact with the user: see updated()); a new avatar or bio
// has no event, hence the time to live. Bounded: the oldest entries go first.

import type { User } from "../protocol";

const TTL_MS = 10 * 60_000;
// After a failed request (network, an expired token), ask again this soon.
const RETRY_MS = 30_000;
const MAX_USERS = 2000;

interface Entry {
  user: User | null;
  fetchedAt: number;
  loading: boolean;
}

export class UserDirectory {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly load: (username: string) => Promise<User | null>,
    // Called when a profile arrived or changed.
    private readonly onChange: () => void,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = TTL_MS,
  ) {}

  // What is known of a user now; asks the server when nothing (or only
  // something stale) is held and no request is in flight.
  lookup(username: string): User | undefined {
    const entry = this.entries.get(username);
    if (!entry || (!entry.loading && this.now() - entry.fetchedAt > this.ttlMs)) void this.fetch(username, entry);
    return entry?.user ?? undefined;
  }

  // A profile learned elsewhere (a search result, one's own profile).
  put(user: User): void {
    const held = this.entries.get(user.username);
    const changed = !held || JSON.stringify(held.user) !== JSON.stringify(user);
    this.set(user.username, { user, fetchedAt: this.now(), loading: held?.loading ?? false });
    if (changed) this.onChange();
  }

  // user.updated: user id now has this username and display name. The entry
  // held for them (under their old username) moves to the new one; nothing
  // is held for someone never looked up.
  updated(id: number, username: string, displayName: string): void {
    for (const [name, entry] of this.entries) {
      if (entry.user?.id !== id) continue;
      if (name !== username) this.entries.delete(name);
      this.set(username, { ...entry, user: { ...entry.user, username, display_name: displayName } });
      this.onChange();
      return;
    }
  }

  // Forgets a user so the next lookup asks again.
  forget(username: string): void {
    this.entries.delete(username);
  }

  clear(): void {
    this.entries.clear();
  }

  private async fetch(username: string, previous: Entry | undefined): Promise<void> {
    this.set(username, { user: previous?.user ?? null, fetchedAt: previous?.fetchedAt ?? 0, loading: true });
    let user: User | null;
    let fetchedAt = this.now();
    try {
      user = await this.load(username);
    } catch {
      // Keep what was held, and ask again soon.
      user = previous?.user ?? null;
      fetchedAt = this.now() - this.ttlMs + Math.min(RETRY_MS, this.ttlMs);
    }
    const changed = JSON.stringify(previous?.user ?? null) !== JSON.stringify(user);
    this.set(username, { user, fetchedAt, loading: false });
    if (changed) this.onChange();
  }

  private set(username: string, entry: Entry): void {
    this.entries.delete(username);
    this.entries.set(username, entry);
    if (this.entries.size > MAX_USERS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
