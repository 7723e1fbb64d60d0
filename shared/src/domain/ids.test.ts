// UUIDv7: format, embedded time, monotonic order.
import { describe, expect, it } from 'vitest';
import { IdSchema } from '../schemas/common.ts';
import { isUuidV7, uuidv7, uuidv7At, uuidv7Timestamp } from './ids.ts';

describe('uuidv7', () => {
  it('makes RFC 9562 version-7 UUIDs that zod accepts', () => {
    for (let i = 0; i < 100; i++) {
      const id = uuidv7();
      expect(isUuidV7(id)).toBe(true);
      expect(IdSchema.safeParse(id).success).toBe(true);
    }
  });

  it('carries the creation time', () => {
    const before = Date.now();
    const id = uuidv7();
    const t = uuidv7Timestamp(id) as number;
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now() + 1);
    expect(uuidv7Timestamp(uuidv7At(1_750_000_000_000))).toBe(1_750_000_000_000);
  });

  it('is strictly increasing within the process, even in one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    for (let i = 1; i < ids.length; i++) expect((ids[i] as string) > (ids[i - 1] as string)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('recognises only version 7', () => {
    expect(isUuidV7('0190f2a4-8c3e-7b1a-9f00-0123456789ab')).toBe(true);
    expect(isUuidV7('0190f2a4-8c3e-4b1a-9f00-0123456789ab')).toBe(false);
    expect(isUuidV7('0190f2a4-8c3e-7b1a-cf00-0123456789ab')).toBe(false);
    expect(isUuidV7('not-a-uuid')).toBe(false);
    expect(uuidv7Timestamp('0190f2a4-8c3e-4b1a-9f00-0123456789ab')).toBeNull();
    expect(() => uuidv7At(-1)).toThrow(RangeError);
  });
});
