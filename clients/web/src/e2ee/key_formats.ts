// The bytes end-to-end encryption keys are signed over (docs/protocol.md,
// "Signed bytes"); the same strings as natterd's protocol/key_formats.hpp.

export function deviceSignedBytes(user: number, deviceId: string, curve25519: string, ed25519: string): string {
  return `natter-device-v1\n${user}\n${deviceId}\n${curve25519}\n${ed25519}`;
}

export function keySignedBytes(user: number, deviceId: string, keyId: string, curve25519: string): string {
  return `natter-otk-v1\n${user}\n${deviceId}\n${keyId}\n${curve25519}`;
}

export function signingKeySignedBytes(user: number, ed25519: string): string {
  return `natter-ssk-v1\n${user}\n${ed25519}`;
}

export function deviceListSignedBytes(
  user: number,
  version: number,
  devices: ReadonlyArray<{ device_id: string; ed25519: string }>,
): string {
  const lines = devices.map((d) => `${d.device_id} ${d.ed25519}\n`).join("");
  return `natter-devices-v1\n${user}\n${version}\n${lines}`;
}
