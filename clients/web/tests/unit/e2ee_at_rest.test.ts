// The device state at rest (src/e2ee/at_rest.ts): sealed under a key whose
// bytes cannot be exported, bound to its user, refused when altered.
import { describe, expect, it } from "vitest";

import { newSealingKey, seal, unseal } from "../../src/e2ee/at_rest";

describe("state at rest", () => {
  it("seals with a key nobody can export, and opens again only with it", async () => {
    const key = await newSealingKey();
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey("raw", key)).rejects.toThrow();
    const sealed = await seal(key, 7, '{"secret":"olm pickle"}');
    expect(new TextDecoder().decode(sealed.data)).not.toContain("olm pickle");
    expect(await unseal(key, 7, sealed)).toBe('{"secret":"olm pickle"}');
    await expect(unseal(await newSealingKey(), 7, sealed)).rejects.toThrow();
  });

  it("refuses a state altered on disk or moved to another user's record", async () => {
    const key = await newSealingKey();
    const sealed = await seal(key, 7, "state");
    const altered = new Uint8Array(sealed.data.slice(0));
    altered[0] ^= 1;
    await expect(unseal(key, 7, { iv: sealed.iv, data: altered.buffer })).rejects.toThrow();
    await expect(unseal(key, 8, sealed)).rejects.toThrow();
  });
});
