// An in-memory stand-in for natterd's key directory and device messages
// (docs/protocol.md, "End-to-end encryption: keys / device messages"), enough
// for CryptoSession's unit tests: it stores what it is sent, hands out each
// one-time key once, and logs every request in order.

import type { E2eeNet, StateVault } from "../../src/e2ee/crypto_session";

interface Key {
  key_id: string;
  curve25519: string;
  signature: string;
}

interface DeviceRecord {
  device_id: string;
  curve25519: string;
  ed25519: string;
  signature: string;
  display_name: string;
  otks: Key[];
  fallback?: Key;
}

interface UserRecord {
  signing_key: string | null;
  list_version: number;
  devices: Map<string, DeviceRecord>;
  signed_list: { version: number; signature: string; devices: { device_id: string; ed25519: string }[] } | null;
}

interface Queued {
  id: number;
  device_id: string;
  sender: number;
  sender_device: string;
  envelope: Record<string, unknown>;
}

export class RequestFailed extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export class FakeServer {
  readonly log: string[] = [];
  private readonly users = new Map<number, UserRecord>();
  private readonly queues = new Map<string, Queued[]>();
  private readonly backups = new Map<number, { version: number; auth_data: unknown; entries: Map<string, string> }>();
  private backupVersions = 0;

  // As natterd on SQLite does (INTEGER PRIMARY KEY): one more than the
  // highest id held, so ids start again at 1 once everything was acknowledged.
  private nextId(): number {
    let top = 0;
    for (const q of this.queues.values()) for (const m of q) top = Math.max(top, m.id);
    return top + 1;
  }

  private userRecord(id: number): UserRecord {
    let u = this.users.get(id);
    if (!u) {
      u = { signing_key: null, list_version: 0, devices: new Map(), signed_list: null };
      this.users.set(id, u);
    }
    return u;
  }

  /** Device messages waiting for user's device. */
  waiting(user: number, deviceId: string): Queued[] {
    return this.queues.get(`${user}:${deviceId}`) ?? [];
  }

  /** The connection of one login session of user. */
  connect(user: number): E2eeNet & { device: string } {
    const server = this;
    const conn = {
      device: "",
      request<T>(type: string, fields: Record<string, unknown> = {}): Promise<T> {
        server.log.push(`${user}:${type}`);
        // Answered on a later task, as over a socket: a caller that does not
        // wait for the answer finds the request not yet done.
        return new Promise<T>((resolve, reject) => {
          setTimeout(() => {
            try {
              resolve(server.handle(user, conn, type, fields) as T);
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          }, 0);
        });
      },
    };
    return conn;
  }

  private handle(user: number, conn: { device: string }, type: string, f: Record<string, unknown>): unknown {
    const me = this.userRecord(user);
    switch (type) {
      case "keys.upload": {
        const id = f.device_id as string;
        let d = me.devices.get(id);
        if (!d) {
          d = { device_id: id, curve25519: f.curve25519 as string, ed25519: f.ed25519 as string, signature: f.signature as string, display_name: "", otks: [] };
          me.devices.set(id, d);
          me.list_version++;
        }
        conn.device = id;
        d.otks.push(...((f.one_time_keys as Key[] | undefined) ?? []));
        if (f.fallback_key) d.fallback = f.fallback_key as Key;
        return { one_time_key_count: d.otks.length, list_version: me.list_version };
      }
      case "keys.signing_key":
        if (me.signing_key && f.replace !== true) throw new RequestFailed("KEY_CONFLICT");
        me.signing_key = f.ed25519 as string;
        me.signed_list = null;
        me.list_version++;
        return { list_version: me.list_version };
      case "keys.sign_list":
        if (f.version !== me.list_version) throw new RequestFailed("KEY_CONFLICT");
        me.signed_list = { version: me.list_version, signature: f.signature as string, devices: this.sorted(me).map((d) => ({ device_id: d.device_id, ed25519: d.ed25519 })) };
        return {};
      case "keys.query":
        return {
          users: (f.user_ids as number[]).map((id) => {
            const u = this.userRecord(id);
            const devices = this.sorted(u).map(({ device_id, curve25519, ed25519, signature, display_name }) => ({ device_id, curve25519, ed25519, signature, display_name }));
            return { user_id: id, signing_key: u.signing_key, list_version: u.list_version, devices, signed_list: u.signed_list };
          }),
        };
      case "keys.claim": {
        const keys = [];
        for (const { user_id, device_id } of f.devices as { user_id: number; device_id: string }[]) {
          const d = this.userRecord(user_id).devices.get(device_id);
          const otk = d?.otks.shift();
          const k = otk ?? d?.fallback;
          if (k) keys.push({ ...k, user_id, device_id, fallback: !otk });
        }
        return { keys };
      }
      case "to_device.send":
        for (const m of f.messages as { user_id: number; device_id: string; envelope: Record<string, unknown> }[]) {
          const name = `${m.user_id}:${m.device_id}`;
          const q = this.queues.get(name) ?? [];
          q.push({ id: this.nextId(), device_id: m.device_id, sender: user, sender_device: conn.device, envelope: m.envelope });
          this.queues.set(name, q);
        }
        return { queued: (f.messages as unknown[]).length, missing: [], full: [] };
      case "to_device.list": {
        const after = (f.after as number | undefined) ?? 0;
        return { messages: this.waiting(user, conn.device).filter((m) => m.id > after), has_more: false };
      }
      case "to_device.ack": {
        const name = `${user}:${conn.device}`;
        this.queues.set(name, this.waiting(user, conn.device).filter((m) => m.id > (f.up_to as number)));
        return {};
      }
    }
    if (type.startsWith("keys.backup.")) return this.backup(user, type, f);
    throw new RequestFailed("UNKNOWN_TYPE");
  }

  /** Removes a device, as natterd does when its login session ends. */
  removeDevice(user: number, deviceId: string): void {
    const u = this.userRecord(user);
    if (u.devices.delete(deviceId)) u.list_version++;
  }

  /** The user's backup entries as stored (session id -> sealed data). */
  backupEntries(user: number): Map<string, string> {
    return this.backups.get(user)?.entries ?? new Map();
  }

  private backup(user: number, type: string, f: Record<string, unknown>): unknown {
    const b = this.backups.get(user);
    if (type === "keys.backup.create") {
      const fresh = { version: ++this.backupVersions, auth_data: f.auth_data, entries: new Map<string, string>() };
      this.backups.set(user, fresh);
      return { version: fresh.version };
    }
    if (!b) throw new RequestFailed("NOT_FOUND");
    if (type === "keys.backup.info") return { version: b.version, auth_data: b.auth_data, count: b.entries.size, etag: 1 };
    if (f.version !== b.version) throw new RequestFailed("BACKUP_VERSION_MISMATCH");
    if (type === "keys.backup.put") {
      const entries = f.entries as { session_id: string; data: string }[];
      if (entries.length < 1 || entries.length > 100 || JSON.stringify(f).length > 65536) throw new RequestFailed("VALIDATION_FAILED");
      for (const e of entries) b.entries.set(e.session_id, e.data);
      return { count: b.entries.size, etag: 1 };
    }
    if (type === "keys.backup.get") {
      const after = (f.after as string | undefined) ?? "";
      const limit = (f.limit as number | undefined) ?? 100;
      const ids = [...b.entries.keys()].sort().filter((id) => id > after);
      const page = ids.slice(0, limit);
      return { entries: page.map((session_id) => ({ session_id, data: b.entries.get(session_id) })), has_more: ids.length > limit };
    }
    if (type === "keys.backup.delete") {
      this.backups.delete(user);
      return {};
    }
  }

  private sorted(u: UserRecord): DeviceRecord[] {
    return [...u.devices.values()].sort((a, b) => (a.device_id < b.device_id ? -1 : 1));
  }
}

/** A vault that keeps every saved state, and can be told to fail. */
export class MemoryVault implements StateVault {
  saved: string | null = null;
  saves = 0;
  failing = false;

  load(): Promise<string | null> {
    return Promise.resolve(this.saved);
  }

  save(state: string): Promise<void> {
    if (this.failing) return Promise.reject(new Error("disk full"));
    this.saved = state;
    this.saves++;
    return Promise.resolve();
  }
}
