// End-to-end encryption as the app sees it (docs/architecture.md, "Web app:
// end-to-end encryption"): this tab's claim on the account's keys (one tab
// at a time), the sealed vault, the CryptoSession, and what the store and the
// screens are told. Messages that cannot be opened keep a reason, and are
// tried again whenever keys arrive.

import olmWasm from "@matrix-org/olm/olm.wasm?url";

import { BrowserVault } from "./e2ee/at_rest";
import { CryptoSession, type E2eeNet, KeysChanged, type SessionNotice } from "./e2ee/crypto_session";
import type { Envelope } from "./e2ee/device";
import { acquireTabLock, type TabLock } from "./e2ee/tab_lock";
import { RequestError } from "./net/socket";
import type { Conversation, Message, ServerEvent } from "./protocol";
import type { Store } from "./state/store";

export type E2eeStatus = "off" | "starting" | "other-tab" | "ready" | "failed";

const statusReason: Record<Exclude<E2eeStatus, "ready">, string> = {
  off: "encryption is not running",
  starting: "encryption is starting",
  "other-tab": "this account's encryption is open in another tab",
  failed: "encryption could not start on this browser",
};

export class E2eeService {
  status: E2eeStatus = "off";
  session: CryptoSession | null = null;
  private lock: TabLock | null = null;
  private vault: BrowserVault | null = null;
  private user = 0;
  private starting = false;
  // What the session asked to tell the user, newest last (shown in the key
  // backup section and the devices dialog).
  notices: SessionNotice[] = [];

  constructor(
    private readonly store: Store,
    private readonly net: E2eeNet,
    private readonly changed: () => void,
  ) {}

  /** Signed in as user: asks for the account's tab lock. */
  begin(user: number): void {
    this.user = user;
    this.status = "starting";
    this.store.opener = (m) => this.open(m);
    this.lock = acquireTabLock(user, () => {
      this.status = "other-tab";
      this.changed();
    });
  }

  /** The socket is open and authenticated: starts (once the lock is held) or catches up. */
  connected(): void {
    if (this.session) {
      const s = this.session;
      s.forgetKeyRequests();
      this.reopen();
      void s
        .catchUp()
        .then(() => s.backupNow())
        .catch(() => {});
      return;
    }
    const lock = this.lock;
    if (this.starting || !lock) return;
    this.starting = true;
    void (async () => {
      await lock.held;
      if (this.lock !== lock) return;
      this.status = "starting";
      this.changed();
      const vault = this.vault ?? (await BrowserVault.open(this.user));
      if (this.lock !== lock) {
        if (vault !== this.vault) vault.close();
        return;
      }
      this.vault = vault;
      const hooks = { keysArrived: () => this.reopen(), trustChanged: () => this.changed(), notice: (n: SessionNotice) => this.notice(n) };
      const session = await CryptoSession.start(this.user, this.net, vault, hooks, { wasmUrl: olmWasm });
      if (this.lock !== lock) return session.free();
      this.session = session;
      this.status = "ready";
      this.reopen();
      await session.catchUp();
      await session.backupNow().catch(() => {});
    })()
      .catch((e: unknown) => {
        // Tried again on the next (re)connect.
        console.warn("End-to-end encryption could not start:", e instanceof Error ? e.message : e);
        if (!this.session) this.status = "failed";
        this.changed();
      })
      .finally(() => {
        this.starting = false;
      });
  }

  /** Signed out or the session ended; forget: the device is gone with the session. */
  async end(forget: boolean): Promise<void> {
    this.store.opener = null;
    this.session?.free();
    this.session = null;
    const vault = this.vault;
    this.vault = null;
    if (forget && vault) await vault.clear().catch(() => {});
    vault?.close();
    this.lock?.release();
    this.lock = null;
    this.status = "off";
  }

  private notice(n: SessionNotice): void {
    this.notices = [...this.notices.slice(-19), n];
    this.changed();
  }

  onEvent(ev: ServerEvent): void {
    const s = this.session;
    if (!s) return;
    if (ev.type === "to_device") void s.catchUp().catch(() => {});
    else if (ev.type === "devices.changed") void s.devicesChanged(ev.user_id).catch(() => {});
    else if (ev.type === "keys.low") void s.keysLow(ev.device_id, ev.one_time_key_count).catch(() => {});
    else if ((ev.type === "member.joined" || ev.type === "member.left") && this.store.conversations.get(ev.conversation_id)?.info.encrypted) {
      void s.rotate(ev.conversation_id).catch(() => {});
    }
  }

  /** Why messages cannot be opened here, when they cannot (null: they can). */
  get unavailable(): string | null {
    return this.status === "ready" ? null : statusReason[this.status];
  }

  /**
   * The envelope for text (and files: the plaintext's `files` value, undefined
   * for none) in conv; the group key has reached every member device first.
   */
  encrypt(conv: Conversation, text: string, files?: unknown): Promise<Envelope> {
    if (!this.session) return Promise.reject(new RequestError("E2EE_UNAVAILABLE", `Not sent: ${this.unavailable ?? ""}.`));
    return this.session.encryptFor(conv.conversation_id, conv.member_ids ?? [], text, files).catch((e: unknown) => {
      throw e instanceof KeysChanged ? new RequestError("KEYS_CHANGED", "Not sent: someone's encryption keys changed. Acknowledge it above, then retry.") : e;
    });
  }

  private open(m: Message): void {
    if (this.session) this.session.open(m);
    else {
      m.text = "";
      m.decrypt_error = this.unavailable ?? "";
    }
  }

  /** Tries every message not opened yet again (keys arrived, or the session started). */
  reopen(): void {
    for (const { info, timeline } of this.store.conversations.values()) {
      for (const m of timeline.messages()) {
        if (!m.encrypted || m.decrypt_error === undefined) continue;
        this.open(m);
        if (info.last_message?.id === m.id) info.last_message = { ...m };
      }
    }
    this.store.changed();
  }
}
