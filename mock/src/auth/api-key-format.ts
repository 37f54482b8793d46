/**
 * The service-account key format of `x-novavms-key-format`: prefix, random base62 characters
 * and a 6-character base62 CRC-32 of everything before it. The checksum lets the server (and a
 * secret scanner) reject a mistyped key without a database lookup.
 */
import { crc32 } from 'node:zlib';
import { keyFormat } from '../../../generated/contract.js';
import { BASE62, randomBase62 } from '../random.js';

/** The environment a key acts on. */
export type KeyMode = keyof typeof keyFormat.prefixes;

const CHECKSUM_LENGTH = 6;
const PATTERN = new RegExp(keyFormat.pattern);

/** The CRC-32 of `text` as 6 base62 digits, most significant first, zero-padded. */
export function checksumOf(text: string): string {
  let n = crc32(text);
  let out = '';
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(CHECKSUM_LENGTH, '0');
}

/** Whether `key` has the contract's shape and a correct checksum. No database involved. */
export function isWellFormedKey(key: string): boolean {
  if (!PATTERN.test(key)) return false;
  const body = key.slice(0, -CHECKSUM_LENGTH);
  return checksumOf(body) === key.slice(-CHECKSUM_LENGTH);
}

/** Whether a bearer value claims to be an API key (it starts with a key prefix). */
export function hasKeyPrefix(token: string): boolean {
  return token.startsWith(keyFormat.prefixes.live) || token.startsWith(keyFormat.prefixes.test);
}

/** A key with a given random part (deterministic demo keys use this). */
export function keyWithRandomPart(mode: KeyMode, random: string): string {
  if (random.length !== keyFormat.randomCharacters || !/^[0-9A-Za-z]+$/.test(random)) {
    throw new Error(`the random part of a key is ${keyFormat.randomCharacters} base62 characters`);
  }
  const body = keyFormat.prefixes[mode] + random;
  return body + checksumOf(body);
}

/** A new random key of the given mode. */
export function newApiKey(mode: KeyMode): string {
  return keyWithRandomPart(mode, randomBase62(keyFormat.randomCharacters));
}

/** The masked form lists show: prefix, an ellipsis and the last four characters. */
export function maskedKey(mode: KeyMode, last4: string): string {
  return `${keyFormat.prefixes[mode]}…${last4}`;
}
