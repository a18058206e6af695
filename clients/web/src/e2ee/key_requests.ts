// Key requests and forwarded keys between a user's own devices: the payloads
// both kinds of client put in an Olm plaintext (docs/protocol.md,
// "End-to-end encryption: key requests"). A device missing a group key asks
// the user's other confirmed devices; one holding it answers with the key in
// the key-backup entry format. Who may ask and whose answer counts is
// CryptoSession's business; this module only builds and checks the shapes.

export interface KeyRequest {
  request_id: string;
  conversation_id: number;
  session_id: string;
  sender_key: string;
  owner: number;
  owner_device: string;
}

// A device answers at most this many key requests per run.
export const MAX_ANSWERS = 100;

function base64Unpadded(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/=+$/, "");
}

function text(v: unknown, max = 256): v is string {
  return typeof v === "string" && v.length > 0 && v.length <= max;
}

function positive(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v > 0;
}

/** The key_request payload for Megolm session sessionId of conversation, owned by owner's ownerDevice (curve25519 senderKey). */
export function keyRequest(r: Omit<KeyRequest, "request_id">): Record<string, unknown> {
  const request_id = base64Unpadded(crypto.getRandomValues(new Uint8Array(16)));
  return { kind: "key_request", request_id, ...r };
}

/** A key_request payload's fields, or undefined when malformed. */
export function parseKeyRequest(p: Record<string, unknown>): KeyRequest | undefined {
  if (p.kind !== "key_request") return undefined;
  const { request_id, conversation_id, session_id, sender_key, owner, owner_device } = p;
  if (!text(request_id, 64) || !positive(conversation_id) || !text(session_id, 128) || !text(sender_key, 128)) return undefined;
  if (!positive(owner) || !text(owner_device, 128)) return undefined;
  return { request_id, conversation_id, session_id, sender_key, owner, owner_device };
}

/** The answer to r: keyJson is the exported key (E2eeDevice.exportGroupKey, the backup entry format). */
export function forwardedKey(r: KeyRequest, keyJson: string): Record<string, unknown> {
  return {
    kind: "forwarded_key",
    request_id: r.request_id,
    conversation_id: r.conversation_id,
    session_id: r.session_id,
    key: JSON.parse(keyJson) as unknown,
  };
}

/**
 * A forwarded_key payload's key as JSON for E2eeDevice.importGroupKey, when
 * it is one and its key is the session and conversation the payload names.
 */
export function parseForwardedKey(p: Record<string, unknown>): { json: string; senderKey: string; sessionId: string } | undefined {
  if (p.kind !== "forwarded_key" || !text(p.session_id, 128) || !positive(p.conversation_id)) return undefined;
  const k = p.key;
  if (!k || typeof k !== "object" || Array.isArray(k)) return undefined;
  const key = k as Record<string, unknown>;
  if (key.v !== 1 || key.session_id !== p.session_id || key.conversation !== p.conversation_id || !text(key.sender_key, 128)) return undefined;
  return { json: JSON.stringify(key), senderKey: key.sender_key, sessionId: p.session_id };
}
