/**
 * The raw cost of one argon2id hash with the server's own parameters, measured in the bench
 * process with the server's own library (@node-rs/argon2, a dependency of the mock
 * workspace): the floor under the login latency.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ARGON2_OPTIONS } from '../mock/src/auth/passwords.js';
import { repoRoot } from '../tools/paths.js';

type Argon2 = typeof import('@node-rs/argon2');

/** @node-rs/argon2 as the mock workspace resolves it. */
function argon2(): Argon2 {
  return createRequire(path.join(repoRoot, 'mock', 'package.json'))('@node-rs/argon2') as Argon2;
}

/** The parameters of every hash: the server's own. */
export const HASH_PARAMETERS = ARGON2_OPTIONS;

/**
 * Hashes `password` `count` times, one after the other, and returns each time in
 * milliseconds (the first call of a process also pays for loading the library: call this
 * once untimed before measuring).
 */
export async function hashTimes(password: string, count: number): Promise<number[]> {
  const { hash } = argon2();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await hash(password, ARGON2_OPTIONS);
    times.push(performance.now() - started);
  }
  return times;
}
