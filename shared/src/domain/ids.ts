// UUIDv7 ids (RFC 9562) made with crypto.getRandomValues, so the same code runs in workerd, browsers and Node.
// Ids from one process are strictly increasing: within a millisecond the 12-bit rand_a field is a counter.

interface RandomSource {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

const webCrypto = (globalThis as unknown as { crypto?: RandomSource }).crypto;

function randomBytes(n: number): Uint8Array {
  if (webCrypto === undefined) throw new Error('crypto.getRandomValues is not available');
  return webCrypto.getRandomValues(new Uint8Array(n));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function format(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += HEX[b] ?? '00';
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function build(ms: number, randA: number, bytes: Uint8Array): string {
  let ts = ms;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  bytes[6] = 0x70 | ((randA >> 8) & 0x0f);
  bytes[7] = randA & 0xff;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return format(bytes);
}

const MAX_MS = 2 ** 48 - 1;

/** A UUIDv7 for the given Unix time in milliseconds, with random bits only (no ordering within the millisecond). */
export function uuidv7At(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_MS) throw new RangeError(`timestamp out of range: ${ms}`);
  const bytes = randomBytes(16);
  return build(ms, (((bytes[6] ?? 0) << 8) | (bytes[7] ?? 0)) & 0x0fff, bytes);
}

let lastMs = -1;
let counter = 0;

/**
 * A new UUIDv7 for now. Monotonic within the process: in the same millisecond (or when the clock steps back) the
 * counter in rand_a goes up; when it runs out the timestamp moves one millisecond ahead.
 */
export function uuidv7(): string {
  const bytes = randomBytes(16);
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    // Start low in the counter's range so many ids fit in one millisecond.
    counter = (((bytes[6] ?? 0) << 8) | (bytes[7] ?? 0)) & 0x01ff;
  } else {
    counter += 1;
    if (counter > 0x0fff) {
      lastMs += 1;
      counter = 0;
    }
  }
  return build(lastMs, counter, bytes);
}

const V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True for a UUID of version 7 and the RFC 9562 variant. */
export const isUuidV7 = (s: string): boolean => V7_RE.test(s);

/** The Unix time in milliseconds a UUIDv7 was made at, or null for anything else. */
export function uuidv7Timestamp(id: string): number | null {
  if (!isUuidV7(id)) return null;
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
