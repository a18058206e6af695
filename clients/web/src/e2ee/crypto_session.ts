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

import { type ClaimedKey, type Envelope, type Peer, failureText, loadOlm } from "./device";
import { Directory, type E2eeNet, type UserDevices } from "./directory";
import { ensureSelfSigning, publish, type Publisher, replenish, requestCode } from "./key_publishing";
import { type DeviceState, freeState, freshState, restoreState, saveState } from "./saved_state";
import type { Trust } from "./trust";

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
}

/** A message as it arrives: the fields decryption needs, changed in place. */
export interface SealedMessage {
  id: number;
  conversation_id: number;
  sender_id?: number;
  text: string;
  encrypted?: Envelope;
  decrypt_error?: string;
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
    options: { wasmUrl?: string; now?: () => number; deviceId?: () => string } = {},
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
   */
  encryptFor(c: number, members: readonly number[], body: string): Promise<Envelope> {
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
      const envelope = d.groupEncrypt(c, body, this.now());
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
      }
      await this.persist();
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
    const all = envelope.ciphertexts as Record<string, unknown>;
    const messages = reachable.map((p) => ({
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
    for (const m of [...messages].sort((a, b) => a.id - b.id)) {
      last = m.id;
      if (m.device_id !== this.self.device_id) continue;
      const sender = await this.peer(m.sender, m.sender_device);
      // A message nobody can open (unknown device, forged, replayed) is
      // acknowledged too: kept, it would block every one after it.
      if (!sender) continue;
      const opened = this.state.device.decrypt(m.envelope, sender);
      if (opened.ok && opened.value.groupKey) keys = true;
    }
    if (last === 0) return;
    await this.persist();
    await this.net.request("to_device.ack", { up_to: last });
    if (keys) this.hooks.keysArrived();
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
    if (r.ok) this.succeed(m, r.value.body);
    else this.fail(m, failureText[r.why]);
  }

  private succeed(m: SealedMessage, body: string): void {
    m.text = body;
    delete m.decrypt_error;
  }

  private fail(m: SealedMessage, why: string): void {
    m.text = "";
    m.decrypt_error = why;
  }
}
