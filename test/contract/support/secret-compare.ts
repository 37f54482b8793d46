/**
 * Compares secrets (tokens, keys) the way the house rules require: in constant time, over
 * equal-length SHA-256 digests, so that even a test never branches on a secret's bytes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** True when both secrets are the same string. */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** A digest to key maps by secret without holding the secret itself as a key. */
export function secretDigest(value: string): string {
  return digest(value).toString('base64url');
}
