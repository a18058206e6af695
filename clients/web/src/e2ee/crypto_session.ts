// The one object the app's controller uses for end-to-end encryption
// (docs/architecture.md, "Web app: end-to-end encryption"). It owns this
// browser's device (E2eeDevice), its trust pins and its peers' keys, and
// keeps three orderings that the protocol's promises rest on:
//   - a group key reaches every member device (to_device.send) BEFORE the
//     first message encrypted with it is handed back for message.send;
//   - device messages are opened and the state is saved BEFORE
//     to_device.ack, so a crash gets them again instead of losing keys;
//   - a change in the devices a conversation's key went to (a member or a
//     device added or removed) starts a new group session.
// Every step that changes libolm's state runs on one queue, in order.

import { type Argon2Cost, BackupKey, defaultCost } from "./backup";
import { type ClaimedKey, type Envelope, type Peer, failureText, loadOlm } from "./device";
import { type FileEntry, fileEntries } from "./file_entries";
import { forwardedKey, type KeyRequest, keyRequest, MAX_ANSWERS, parseForwardedKey, parseKeyRequest } from "./key_requests";
import { Directory, type E2eeNet, type UserDevices } from "./directory";
import { approve, ensureSelfSigning, LocalRefusal, publish, type Publisher, replenish, requestCode } from "./key_publishing";
import { type DeviceState, freeState, freshState, restoreState, saveState } from "./saved_state";
import type { Trust } from "./trust";
import type { BackupCreateReply, BackupGetReply, BackupInfoReply, BackupPutReply } from "../protocol";

export type { E2eeNet } from "./directory";

/** Where the sealed state lives (at_rest.ts in the browser). */
export interface StateVault {
  load(): Promise<string | null>;
  save(state: string): Promise<void>;
}

export interface SessionHooks {
  // Group keys or peers' devices arrived: messages that failed may open now.
  keysArrived(): void;
  // Trust states changed (a warning to show or to clear).
  trustChanged(): void;
  // Something the user should be told (the key backup was replaced elsewhere, ...).
  notice?(n: SessionNotice): void;
}

export type SessionNotice =
  | { kind: "backup_replaced" }
  | { kind: "key_request_refused"; device_id: string; reason: string };

export interface BackupStatus {
  // The current backup's version (null: there is none), its entry count, and
  // whether this device puts new keys into it.
  version: number | null;
  count: number;
  uploads: boolean;
}

export { LocalRefusal };

export const MIN_PASSPHRASE = 10;
// keys.backup.put: at most 100 entries, and well under a 64 KiB frame.
const BACKUP_BATCH = 100;
const BACKUP_BATCH_CHARS = 40_000;

/** A message as it arrives: the fields decryption needs, changed in place. */
export interface SealedMessage {
  id: number;
  conversation_id: number;
  sender_id?: number;
  text: string;
  encrypted?: Envelope;
  decrypt_error?: string;
  // The server's media ids of the message (its proof of which uploads the message holds).
  attachments?: readonly { id: string }[];
  // Set on opening: the plaintext's `files` entries, validated, and the
  // value exactly as received (an edit copies it); undefined when none.
  files?: FileEntry[];
  files_json?: unknown;
}

export interface ToDeviceMessage {
  id: number;
  device_id: string;
  sender: number;
  sender_device: string;
  envelope: Envelope;
}

/** Sending is refused until the user acknowledges these people's new keys. */
export class KeysChanged extends Error {
  constructor(readonly users: number[]) {
    super("Their encryption keys changed: acknowledge the change before sending.");
  }
}

// keys.claim and to_device.send take at most this many devices at once.
const BATCH = 100;

function deviceName(p: { user: number; device_id: string }): string {
  return `${p.user}:${p.device_id}`;
}


export function newDeviceId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => alphabet[b % alphabet.length]).join("");
}

export class CryptoSession {
  private dir: Directory;
  private queue: Promise<unknown> = Promise.resolve();
  private listing: Promise<void> | null = null;
  private listAgain = false;
  private readonly olmPlaintexts = new Map<number, string>();
  private readonly askedFor = new Set<number>();
  private backupCost: Argon2Cost = defaultCost;
  private backupKey: BackupKey | null = null;
  // Key requests this run: per Megolm session id, whether one went out
  // ("sent"), is going ("sending") or reached nobody ("none").
  private readonly requested = new Map<string, "sending" | "sent" | "none">();
  private readonly answered = new Set<string>();

  private constructor(
    readonly user: number,
    private state: DeviceState,
    private readonly net: E2eeNet,
    private readonly vault: StateVault,
    private readonly hooks: SessionHooks,
    private readonly now: () => number,
  ) {
    this.dir = new Directory(net, state.trust);
  }

  /** Peers' devices as last looked up. */
  get directory(): Directory {
    return this.dir;
  }

  /**
   * Restores this browser's device (or creates one), publishes it and its
   * one-time keys, and makes sure the user has a self-signing key.
   */
  static async start(
    user: number,
    net: E2eeNet,
    vault: StateVault,
    hooks: SessionHooks,
    options: { wasmUrl?: string; now?: () => number; deviceId?: () => string; backupCost?: Argon2Cost } = {},
  ): Promise<CryptoSession> {
    await loadOlm(options.wasmUrl);
    const saved = await vault.load();
    const makeId = options.deviceId ?? newDeviceId;
    let state = saved ? restoreState(saved) : freshState(user, makeId());
    if (state.device.self.user !== user) {
      freeState(state);
      state = freshState(user, makeId());
    }
    const s = new CryptoSession(user, state, net, vault, hooks, options.now ?? Date.now);
    s.backupCost = options.backupCost ?? defaultCost;
    try {
      await publish(s.publisher(), saved === null);
    } catch (e) {
      // The device was made by a login session that is still alive elsewhere
      // (FORBIDDEN) or the id is taken (KEY_CONFLICT): this browser starts a
      // new device.
      if (!["FORBIDDEN", "KEY_CONFLICT"].includes(requestCode(e))) throw e;
      freeState(s.state);
      s.replaceState(freshState(user, makeId()));
      await publish(s.publisher(), true);
    }
    await ensureSelfSigning(s.publisher());
    return s;
  }

  get self(): Peer {
    return this.state.device.self;
  }

  free(): void {
    freeState(this.state);
  }

  private replaceState(state: DeviceState): void {
    this.state = state;
    this.dir = new Directory(this.net, state.trust);
  }

  private run<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private persist(): Promise<void> {
    return this.vault.save(saveState(this.state));
  }

  // --- keys ---------------------------------------------------------------------

  private publisher(): Publisher {
    return { user: this.user, net: this.net, state: this.state, directory: this.dir, persist: () => this.persist() };
  }

  /** keys.low for one of the user's devices. */
  keysLow(deviceId: string, stock: number): Promise<void> {
    if (deviceId !== this.self.device_id) return Promise.resolve();
    return this.run(() => replenish(this.publisher(), stock));
  }

  /** devices.changed: what is held about user is stale. */
  devicesChanged(user: number): Promise<void> {
    this.directory.invalidate(user);
    this.askedFor.delete(user);
    return this.run(async () => {
      await this.directory.lookup([user]);
      this.hooks.trustChanged();
      this.hooks.keysArrived();
    });
  }

  // --- trust ----------------------------------------------------------------------

  trustOf(user: number): Trust {
    return this.state.trust.stateOf(user);
  }

  /** The user accepts someone's new keys: sending to them works again. */
  acknowledge(user: number): Promise<void> {
    return this.run(async () => {
      this.state.trust.acknowledgeChange(user);
      this.directory.refreshTrust(user);
      await this.persist();
      this.hooks.trustChanged();
    });
  }

  /** The safety numbers matched: false when their keys changed since (acknowledge first). */
  markVerified(user: number): Promise<boolean> {
    return this.run(async () => {
      const ok = this.state.trust.markVerified(user);
      this.directory.refreshTrust(user);
      await this.persist();
      this.hooks.trustChanged();
      return ok;
    });
  }

  /** True when this device holds the user's current self-signing key (it can approve devices). */
  holdsSigningKey(): boolean {
    const ssk = this.state.selfSigning;
    return !!ssk && this.directory.cached(this.user)?.signingKey === ssk.publicKey;
  }

  /**
   * Approves one of the user's own devices: signs the current device list
   * with the self-signing key (LocalRefusal NOT_ALLOWED where it is not held).
   */
  approveDevice(deviceId: string): Promise<void> {
    return this.run(async () => {
      await approve(this.publisher(), deviceId);
      await this.directory.lookup([this.user], true);
      this.hooks.trustChanged();
    });
  }

  /** The user's own self-signing key (for safety numbers). */
  ownSigningKey(): string {
    return this.state.selfSigning?.publicKey ?? "";
  }

  pinnedKey(user: number): string {
    return this.state.trust.pinnedKey(user);
  }

  lookup(users: readonly number[], fresh = false): Promise<UserDevices[]> {
    return this.run(() => this.directory.lookup(users, fresh));
  }

  // --- sending ----------------------------------------------------------------------

  /**
   * The megolm.v1 envelope of body for conversation c, whose members are
   * members (user ids, the user included). When the group session is new,
   * its key has been sent to every member device before this resolves.
   * Throws KeysChanged when someone's keys changed unacknowledged.
   * files: the plaintext's `files` value (undefined: none).
   */
  encryptFor(c: number, members: readonly number[], body: string, files?: unknown): Promise<Envelope> {
    return this.run(async () => {
      const users = await this.directory.lookup(members);
      const changed = users.filter((u) => u.trust === "changed" || u.trust === "changed_after_verify").map((u) => u.user);
      if (changed.length > 0) throw new KeysChanged(changed);
      const me = this.self;
      const targets = users.flatMap((u) => u.devices).filter((p) => !(p.user === me.user && p.device_id === me.device_id));
      const names = targets.map(deviceName).sort();
      const before = this.state.sharedWith.get(c);
      const d = this.state.device;
      if (before && before.join(",") !== names.join(",")) d.rotateGroup(c);
      const envelope = d.groupEncrypt(c, body, this.now(), files);
      if (d.newGroupSession(c)) {
        try {
          await this.shareGroupKey(c, targets);
        } catch (e) {
          // Whoever missed the key would not read what follows: start over.
          d.rotateGroup(c);
          await this.persist();
          throw e;
        }
        this.state.sharedWith.set(c, names);
        this.toBackup(`${me.curve25519}|${String(envelope.session_id)}`);
      }
      await this.persist();
      this.scheduleBackup();
      return envelope;
    });
  }

  private async shareGroupKey(c: number, targets: readonly Peer[]): Promise<void> {
    const d = this.state.device;
    await this.startSessions(targets.filter((p) => !d.hasSession(p)));
    const reachable = targets.filter((p) => d.hasSession(p));
    const envelope = d.shareGroupKey(c, reachable);
    // Olm's ratchets moved: saved before anything leaves.
    await this.persist();
    await this.sendOlm(envelope, reachable);
  }

  // One to_device message per device, each carrying its own ciphertext.
  private async sendOlm(envelope: Envelope, to: readonly Peer[]): Promise<void> {
    const all = envelope.ciphertexts as Record<string, unknown>;
    const messages = to.map((p) => ({
      user_id: p.user,
      device_id: p.device_id,
      envelope: { ...envelope, ciphertexts: { [deviceName(p)]: all[deviceName(p)] } },
    }));
    for (let i = 0; i < messages.length; i += BATCH) {
      await this.net.request("to_device.send", { messages: messages.slice(i, i + BATCH) });
    }
  }

  private async startSessions(peers: readonly Peer[]): Promise<void> {
    for (let i = 0; i < peers.length; i += BATCH) {
      const batch = peers.slice(i, i + BATCH);
      const reply = await this.net.request<{ keys: ClaimedKey[] }>("keys.claim", {
        devices: batch.map((p) => ({ user_id: p.user, device_id: p.device_id })),
      });
      for (const k of reply.keys) {
        const p = batch.find((x) => x.user === k.user_id && x.device_id === k.device_id);
        if (p) this.state.device.startSession(p, k);
      }
    }
  }

  /** Encryption was turned on, or the members changed: the next message starts a new group session. */
  rotate(c: number): Promise<void> {
    return this.run(async () => {
      this.state.device.rotateGroup(c);
      await this.persist();
    });
  }

  // --- receiving ---------------------------------------------------------------------

  /**
   * Lists the device's waiting messages and handles them in order (also on a
   * live to_device event, which only says that there are some): each opened,
   * then the state saved, then acknowledged.
   */
  catchUp(): Promise<void> {
    if (this.listing) {
      this.listAgain = true;
      return this.listing;
    }
    this.listing = (async () => {
      try {
        do {
          this.listAgain = false;
          await this.run(() => this.drain());
        } while (this.listAgain);
      } finally {
        this.listing = null;
      }
    })();
    return this.listing;
  }

  // Lists from the start every time: what was acknowledged is gone from the
  // server, and natterd may hand out an id again once every message held
  // for the device was removed, so a remembered "after" could skip new ones.
  private async drain(): Promise<void> {
    for (;;) {
      const page = await this.net.request<{ messages: ToDeviceMessage[]; has_more: boolean }>("to_device.list", { after: 0, limit: 100 });
      if (page.messages.length === 0) return;
      await this.receive(page.messages);
      if (!page.has_more) return;
    }
  }

  /** Opens device messages, saves, then acknowledges them. Exposed for tests; the app calls catchUp(). */
  async receive(messages: readonly ToDeviceMessage[]): Promise<void> {
    let keys = false;
    let last = 0;
    const answers: { to: Peer; envelope: Envelope }[] = [];
    for (const m of [...messages].sort((a, b) => a.id - b.id)) {
      last = m.id;
      if (m.device_id !== this.self.device_id) continue;
      const sender = await this.peer(m.sender, m.sender_device);
      // A message nobody can open (unknown device, forged, replayed) is
      // acknowledged too: kept, it would block every one after it.
      if (!sender) continue;
      const opened = this.state.device.decrypt(m.envelope, sender);
      if (!opened.ok) continue;
      if (opened.value.groupKey) {
        keys = true;
        this.toBackup(`${sender.curve25519}|${opened.value.sessionId}`);
      }
      const payload = opened.value.payload;
      if (payload?.kind === "key_request") {
        const answer = await this.answer(payload, sender);
        if (answer) answers.push({ to: sender, envelope: this.state.device.encryptPayload(answer, [sender]) });
      } else if (payload?.kind === "forwarded_key" && (await this.acceptForwarded(payload, sender))) {
        keys = true;
      }
    }
    if (last === 0) return;
    await this.persist();
    // Answers are best effort: the requester asks again on its next run.
    for (const a of answers) await this.sendOlm(a.envelope, [a.to]).catch(() => {});
    await this.net.request("to_device.ack", { up_to: last });
    if (keys) this.hooks.keysArrived();
    this.scheduleBackup();
  }

  // --- key requests -----------------------------------------------------------------

  /** The connection was made again: sessions still missing may be asked for once more. */
  forgetKeyRequests(): void {
    for (const [sessionId, state] of this.requested) if (state !== "sending") this.requested.delete(sessionId);
  }

  // sender is one of the user's other devices, in the list the user's
  // self-signing key signed. The list is asked for again only when the
  // device is unknown: an approval elsewhere arrives as devices.changed.
  private async trustedOwn(sender: Peer): Promise<boolean> {
    if (sender.user !== this.user || sender.device_id === this.self.device_id) return false;
    if (!this.directory.device(this.user, sender.device_id)) await this.directory.lookup([this.user], true);
    const held = this.directory.device(this.user, sender.device_id);
    return held?.confirmed === true && held.ed25519 === sender.ed25519;
  }

  // The forwarded_key answering a key_request, when it may be answered.
  private async answer(payload: Record<string, unknown>, sender: Peer): Promise<Record<string, unknown> | undefined> {
    const r = parseKeyRequest(payload);
    if (!r || this.answered.has(r.request_id)) return undefined;
    if (!(await this.trustedOwn(sender))) {
      const reason = sender.user === this.user ? "not confirmed" : "another user";
      this.hooks.notice?.({ kind: "key_request_refused", device_id: sender.device_id, reason });
      return undefined;
    }
    if (this.answered.size >= MAX_ANSWERS) {
      this.hooks.notice?.({ kind: "key_request_refused", device_id: sender.device_id, reason: "too many" });
      return undefined;
    }
    const json = this.state.device.exportGroupKey(r.sender_key, r.session_id);
    if (json === undefined) return undefined;
    const held = JSON.parse(json) as { conversation?: unknown };
    if (held.conversation !== r.conversation_id) return undefined;
    this.answered.add(r.request_id);
    return forwardedKey(r, json);
  }

  // Imports a forwarded key from one of the user's confirmed devices, as a backup entry.
  private async acceptForwarded(payload: Record<string, unknown>, sender: Peer): Promise<boolean> {
    const k = parseForwardedKey(payload);
    if (!k || !(await this.trustedOwn(sender))) return false;
    if (!this.state.device.importGroupKey(k.json)) return false;
    this.toBackup(`${k.senderKey}|${k.sessionId}`);
    return true;
  }

  // Asks the user's other confirmed devices for a missing group key, once per session this run.
  private askForKey(r: Omit<KeyRequest, "request_id">): void {
    if (this.requested.has(r.session_id)) return;
    this.requested.set(r.session_id, "sending");
    void this.run(() => this.sendKeyRequest(r)).then(
      (sent) => {
        this.requested.set(r.session_id, sent ? "sent" : "none");
        if (sent) this.hooks.keysArrived();
      },
      () => this.requested.set(r.session_id, "none"),
    );
  }

  private async sendKeyRequest(r: Omit<KeyRequest, "request_id">): Promise<boolean> {
    const d = this.state.device;
    const [mine] = await this.directory.lookup([this.user]);
    const targets = mine.devices.filter((p) => p.confirmed && p.device_id !== this.self.device_id);
    await this.startSessions(targets.filter((p) => !d.hasSession(p)));
    const reachable = targets.filter((p) => d.hasSession(p));
    if (reachable.length === 0) return false;
    const envelope = d.encryptPayload(keyRequest(r), reachable);
    await this.persist();
    await this.sendOlm(envelope, reachable);
    return true;
  }

  // --- key backup ------------------------------------------------------------------

  // Queued behind the step running now: new keys go up soon after they arrive.
  private scheduleBackup(): void {
    if (this.state.backupPending.size > 0) void this.run(() => this.uploadPending()).catch(() => {});
  }

  private toBackup(name: string): void {
    if (this.state.backup) this.state.backupPending.add(name);
  }

  private async currentBackupKey(): Promise<BackupKey | null> {
    const b = this.state.backup;
    if (!b) return null;
    this.backupKey ??= await BackupKey.fromRaw(b.key);
    return this.backupKey;
  }

  private forgetBackup(): void {
    this.state.backup = null;
    this.state.backupPending.clear();
    this.backupKey = null;
  }

  /** Puts the group keys not uploaded yet into the backup (best effort; tried again at the next connect). */
  backupNow(): Promise<void> {
    return this.run(() => this.uploadPending());
  }

  private async uploadPending(): Promise<void> {
    const b = this.state.backup;
    const key = await this.currentBackupKey();
    if (!b || !key || this.state.backupPending.size === 0) return;
    const d = this.state.device;
    const names = [...this.state.backupPending];
    let batch: { name: string; session_id: string; data: string }[] = [];
    let chars = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const entries = batch.map(({ session_id, data }) => ({ session_id, data }));
      try {
        await this.net.request<BackupPutReply>("keys.backup.put", { version: b.version, entries });
      } catch (e) {
        if (["BACKUP_VERSION_MISMATCH", "NOT_FOUND"].includes(requestCode(e))) {
          // The backup was replaced or deleted elsewhere: this key is stale.
          this.forgetBackup();
          await this.persist();
          this.hooks.notice?.({ kind: "backup_replaced" });
        }
        throw e;
      }
      for (const x of batch) this.state.backupPending.delete(x.name);
      await this.persist();
      batch = [];
      chars = 0;
    };
    for (const name of names) {
      const bar = name.indexOf("|");
      const sessionId = name.slice(bar + 1);
      const json = d.exportGroupKey(name.slice(0, bar), sessionId);
      if (json === undefined) {
        this.state.backupPending.delete(name);
        continue;
      }
      const data = key.seal(sessionId, json);
      if (batch.length >= BACKUP_BATCH || chars + data.length > BACKUP_BATCH_CHARS) await flush();
      batch.push({ name, session_id: sessionId, data });
      chars += data.length + sessionId.length;
    }
    await flush();
  }

  private async backupInfo(): Promise<BackupInfoReply | null> {
    try {
      return await this.net.request<BackupInfoReply>("keys.backup.info");
    } catch (e) {
      if (requestCode(e) === "NOT_FOUND") return null;
      throw e;
    }
  }

  /** The current backup: version, count, whether this device uploads to it. */
  backupStatus(): Promise<BackupStatus> {
    return this.run(async () => {
      const info = await this.backupInfo();
      if (!info) return { version: null, count: 0, uploads: false };
      return { version: info.version, count: info.count, uploads: this.state.backup?.version === info.version };
    });
  }

  /**
   * A new backup under passphrase (replacing any current one): every group
   * key held goes into it, and every new one as it arrives.
   */
  backupSetup(passphrase: string): Promise<BackupStatus> {
    return this.run(async () => {
      if (passphrase.length < MIN_PASSPHRASE) {
        throw new LocalRefusal("VALIDATION_FAILED", `The passphrase needs at least ${MIN_PASSPHRASE} characters.`);
      }
      const { key, authData } = await BackupKey.create(passphrase, this.backupCost);
      const reply = await this.net.request<BackupCreateReply>("keys.backup.create", { auth_data: JSON.parse(authData) as unknown });
      this.state.backup = { version: reply.version, key: key.raw() };
      this.backupKey = key;
      this.state.backupPending = new Set(this.state.device.groupSessionNames());
      await this.persist();
      await this.uploadPending();
      const info = await this.backupInfo();
      return { version: reply.version, count: info?.count ?? 0, uploads: this.state.backup?.version === reply.version };
    });
  }

  /**
   * Reads every key in the current backup with passphrase (a wrong one:
   * LocalRefusal WRONG_PASSPHRASE, nothing imported); waiting messages
   * reopen; this device uploads to that backup from then on.
   */
  backupRestore(passphrase: string): Promise<{ imported: number; skipped: number }> {
    return this.run(async () => {
      const info = await this.backupInfo();
      if (!info) throw new LocalRefusal("NOT_FOUND", "There is no key backup to restore.");
      const key = await BackupKey.open(passphrase, JSON.stringify(info.auth_data));
      if (!key) throw new LocalRefusal("WRONG_PASSPHRASE", "Wrong passphrase (or a backup this app cannot read): nothing was imported.");
      const d = this.state.device;
      const inBackup = new Set<string>();
      let imported = 0;
      let skipped = 0;
      let after = "";
      for (;;) {
        const page = await this.net.request<BackupGetReply>("keys.backup.get", {
          version: info.version,
          after,
          limit: 100,
        });
        for (const e of page.entries) {
          inBackup.add(e.session_id);
          const json = key.unseal(e.session_id, e.data);
          if (json !== undefined && d.importGroupKey(json)) imported++;
          else skipped++;
        }
        if (!page.has_more || page.entries.length === 0) break;
        after = page.entries[page.entries.length - 1].session_id;
      }
      this.state.backup = { version: info.version, key: key.raw() };
      this.backupKey = key;
      // What this device holds and the backup lacks goes up too.
      this.state.backupPending = new Set(d.groupSessionNames().filter((n) => !inBackup.has(n.slice(n.indexOf("|") + 1))));
      await this.persist();
      this.hooks.keysArrived();
      await this.uploadPending().catch(() => {});
      return { imported, skipped };
    });
  }

  private async peer(user: number, deviceId: string): Promise<Peer | undefined> {
    if (user === this.user && deviceId === this.self.device_id) return this.self;
    const held = this.directory.device(user, deviceId);
    if (held) return held;
    await this.directory.lookup([user], true);
    return this.directory.device(user, deviceId);
  }

  /**
   * Decrypts m in place: its text becomes the plaintext, or "" with
   * decrypt_error saying why. Synchronous (it runs as messages merge); a
   * sender's device not known yet is looked up and keysArrived() follows.
   */
  open(m: SealedMessage): void {
    const env = m.encrypted;
    if (!env) return;
    const senderDevice = typeof env.sender_device === "string" ? env.sender_device : "";
    const sender = m.sender_id ?? 0;
    const me = this.self;
    const peer = sender === me.user && senderDevice === me.device_id ? me : this.directory.device(sender, senderDevice);
    if (!peer) {
      this.fail(m, failureText.missing_group_key);
      if (!this.askedFor.has(sender)) {
        this.askedFor.add(sender);
        void this.run(() => this.directory.lookup([sender], true)).then(() => this.hooks.keysArrived(), () => {});
      }
      return;
    }
    if (env.alg === "olm.v1") {
      const held = this.olmPlaintexts.get(m.id);
      if (held !== undefined) return this.succeed(m, held);
      const r = this.state.device.decrypt(env, peer);
      if (!r.ok) return this.fail(m, failureText[r.why]);
      this.olmPlaintexts.set(m.id, r.value.body);
      return this.succeed(m, r.value.body);
    }
    const r = this.state.device.groupDecrypt(m.conversation_id, m.id, env, peer);
    if (r.ok) return this.succeed(m, r.value.body, r.value.files);
    if (r.why !== "missing_group_key" || typeof env.session_id !== "string") return this.fail(m, failureText[r.why]);
    this.askForKey({ conversation_id: m.conversation_id, session_id: env.session_id, sender_key: peer.curve25519, owner: peer.user, owner_device: peer.device_id });
    const asked = this.requested.get(env.session_id) === "sent";
    this.fail(m, asked ? `${failureText.missing_group_key}; asked your other devices` : failureText.missing_group_key);
  }

  // The files fields are set even when undefined: an edit merges the opened
  // copy over the held one, which must lose files it no longer has.
  private succeed(m: SealedMessage, body: string, files?: unknown): void {
    m.text = body;
    m.files_json = files;
    m.files = fileEntries(files, (m.attachments ?? []).map((a) => a.id));
    delete m.decrypt_error;
  }

  private fail(m: SealedMessage, why: string): void {
    m.text = "";
    m.files_json = undefined;
    m.files = undefined;
    m.decrypt_error = why;
  }
}
