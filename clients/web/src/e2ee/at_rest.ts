// The device state at rest (docs/security.md, "The web app's keys at rest"):
// sealed with AES-256-GCM under a WebCrypto key made non-extractable, so no
// script (ours included) can read its bytes. IndexedDB keeps the CryptoKey
// object itself (structured clone keeps it non-extractable) and the sealed
// state, one record per user. What is stolen from the disk is ciphertext
// whose key lives only in the browser's key store for this origin.

import type { StateVault } from "./crypto_session";

const DB_NAME = "natter-e2ee";
const DB_VERSION = 1;
const KEYS = "wrapping_keys";
const STATES = "sealed_states";

export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

/** A new AES-256-GCM key whose bytes nobody can export. */
export function newSealingKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

/** state encrypted under key, bound to user (additional data). */
export async function seal(key: CryptoKey, user: number, state: string): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(`natter-e2ee-state-v1\n${user}`) },
    key,
    new TextEncoder().encode(state),
  );
  return { iv, data };
}

/** The state sealed by seal(); throws when it was altered or sealed for another user. */
export async function unseal(key: CryptoKey, user: number, sealed: Sealed): Promise<string> {
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: sealed.iv, additionalData: new TextEncoder().encode(`natter-e2ee-state-v1\n${user}`) },
    key,
    sealed.data,
  );
  return new TextDecoder().decode(plain);
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(KEYS);
      req.result.createObjectStore(STATES);
    };
    req.onsuccess = () => {
      // Someone deletes the database (the user clearing site data): let go
      // rather than block them; this tab's later saves then fail.
      req.result.onversionchange = () => req.result.close();
      resolve(req.result);
    };
    req.onerror = () => reject(req.error ?? new Error("IndexedDB unavailable"));
  });
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

/** A user's sealed state in this browser's IndexedDB. */
export class BrowserVault implements StateVault {
  private constructor(
    private readonly db: IDBDatabase,
    private readonly user: number,
    private readonly key: CryptoKey,
  ) {}

  static async open(user: number): Promise<BrowserVault> {
    const db = await openDb();
    const held = await done(db.transaction(KEYS, "readonly").objectStore(KEYS).get(user) as IDBRequest<CryptoKey | undefined>);
    let key = held;
    if (!key) {
      key = await newSealingKey();
      const tx = db.transaction(KEYS, "readwrite");
      tx.objectStore(KEYS).put(key, user);
      await committed(tx);
    }
    return new BrowserVault(db, user, key);
  }

  async load(): Promise<string | null> {
    const sealed = await done(this.db.transaction(STATES, "readonly").objectStore(STATES).get(this.user) as IDBRequest<Sealed | undefined>);
    return sealed ? unseal(this.key, this.user, sealed) : null;
  }

  /** Resolves once the transaction is committed: callers acknowledge only after. */
  async save(state: string): Promise<void> {
    const sealed = await seal(this.key, this.user, state);
    const tx = this.db.transaction(STATES, "readwrite");
    tx.objectStore(STATES).put(sealed, this.user);
    await committed(tx);
  }

  /** Forgets the user's device (signing out ends it on the server too). */
  async clear(): Promise<void> {
    const tx = this.db.transaction([STATES, KEYS], "readwrite");
    tx.objectStore(STATES).delete(this.user);
    tx.objectStore(KEYS).delete(this.user);
    await committed(tx);
  }

  close(): void {
    this.db.close();
  }
}
