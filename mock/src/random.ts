/**
 * Random identifiers and secrets in base62: API keys, session and token ids, request ids and
 * the ids of stored rows all draw from here, so that every one of them is uniformly random.
 */
import { randomFillSync } from 'node:crypto';

/**
 * Random bytes come from a pool that the system's generator refills 4 KiB at a time: one call
 * into it costs about as much as 4 KiB of its output, and a request needs several small draws.
 * Every byte of the pool is handed out once.
 */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let used = POOL_SIZE;

/** `length` (at most 4096) fresh random bytes: a view that the next draw may overwrite, to be read at once. */
export function randomView(length: number): Buffer {
  if (!(Number.isInteger(length) && length > 0 && length <= POOL_SIZE))
    throw new RangeError(`cannot draw ${length} random bytes`);
  if (used + length > POOL_SIZE) {
    randomFillSync(pool);
    used = 0;
  }
  used += length;
  return pool.subarray(used - length, used);
}

/** The base62 digits, in the order of their value (the alphabet of keys and their checksum). */
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` random base62 characters (rejection sampling, so every character is equally likely). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomView(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}
