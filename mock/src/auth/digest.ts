/**
 * Digests of secrets. Refresh tokens, API keys and User-Agents are stored and looked up only
 * as SHA-256 digests (the secrets carry 190+ random bits, so a fast hash is enough), and
 * digests are compared in constant time.
 */
import { hash, timingSafeEqual } from 'node:crypto';

/** The SHA-256 digest of a string (UTF-8), in one call: it runs on every authenticated request. */
export function digest(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}

/**
 * The same digest as hexadecimal text, computed straight into a string: no Buffer is made,
 * which is most of what a digest costs on a request path that only looks the digest up.
 */
export function digestHex(value: string): string {
  return hash('sha256', value, 'hex');
}

/** Constant-time equality of two digests; digests of different length are never equal. */
export function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
