/**
 * Random identifiers and secrets in base62: API keys, session and token ids, request ids and
 * the ids of stored rows all draw from here, so that every one of them is uniformly random.
 */
import { randomBytes } from 'node:crypto';

/** The base62 digits, in the order of their value (the alphabet of keys and their checksum). */
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` random base62 characters (rejection sampling, so every character is equally likely). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}
