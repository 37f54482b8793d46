/**
 * The API-key checksum as `x-novavms-key-format` states it ("crc32-base62-6": the CRC-32 of
 * everything before it, as 6 base62 digits), computed on this side, so that the suite can
 * check what a secret scanner would: a minted key carries a valid checksum, and a key with
 * one character changed does not.
 */
import { crc32 } from 'node:zlib';
import { keyFormat } from '../../../generated/contract.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_DIGITS = 6;

/** The 6-digit base62 checksum of `body` (the key without its checksum). */
function keyChecksum(body: string): string {
  let n = crc32(Buffer.from(body, 'utf8'));
  let out = '';
  for (let i = 0; i < CHECKSUM_DIGITS; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** True when `key` has the documented shape and its last 6 characters are its checksum. */
export function hasValidChecksum(key: string): boolean {
  if (!new RegExp(keyFormat.pattern).test(key)) return false;
  return keyChecksum(key.slice(0, -CHECKSUM_DIGITS)) === key.slice(-CHECKSUM_DIGITS);
}

/** A well-formed key (valid checksum) of `prefix` that no server minted: random body. */
export function forgeWellFormedKey(prefix: string, random: () => number = Math.random): string {
  let body = prefix;
  for (let i = 0; i < keyFormat.randomCharacters; i++) body += BASE62[Math.floor(random() * 62)];
  return body + keyChecksum(body);
}

/** `key` with one character of its random part changed to another base62 character. */
export function withOneCharacterChanged(key: string, position?: number): string {
  const prefixLength = key.indexOf('_', 3) + 1;
  const at = position ?? prefixLength + Math.floor(keyFormat.randomCharacters / 2);
  const current = key[at]!;
  const replacement = BASE62[(BASE62.indexOf(current) + 1) % 62]!;
  return key.slice(0, at) + replacement + key.slice(at + 1);
}
