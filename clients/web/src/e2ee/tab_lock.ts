// One tab owns an account's end-to-end encryption (docs/security.md, "The
// web app's keys at rest"): its device state, its Olm ratchets and the
// acknowledgement of its device messages. Two tabs writing them would fork
// the ratchets and lose keys, so the state is touched only while holding a
// Web Lock named after the user. A second tab says that encryption is open in
// another tab and waits: when the first one closes, it takes over.

export interface TabLock {
  // Resolves once this tab holds the lock.
  held: Promise<void>;
  // Lets go of the lock (or stops waiting for it).
  release(): void;
}

/** Asks for the account's lock; waiting() runs when another tab holds it. */
export function acquireTabLock(user: number, waiting: () => void): TabLock {
  const name = `natter-e2ee-${user}`;
  let letGo: () => void = () => {};
  const released = new Promise<void>((r) => (letGo = r));
  const abort = new AbortController();
  const held = new Promise<void>((resolve, reject) => {
    navigator.locks
      .request(name, { ifAvailable: true }, async (lock) => {
        if (lock) {
          resolve();
          await released;
          return;
        }
        waiting();
        navigator.locks
          .request(name, { signal: abort.signal }, async () => {
            resolve();
            await released;
          })
          .catch(reject);
      })
      .catch(reject);
  });
  return {
    held,
    release: () => {
      abort.abort();
      letGo();
    },
  };
}
