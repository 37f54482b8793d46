/**
 * The raw cost of one argon2id hash with the server's own parameters, measured in the bench
 * process with the server's own library (@node-rs/argon2, a dependency of the mock
 * workspace): the floor under the login latency.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ARGON2_OPTIONS } from '../../mock/src/auth/passwords.js';
import { summarizeLatencies, type LatencySummary } from './bench-stats.js';
import { repoRoot } from './paths.js';

type Argon2 = typeof import('@node-rs/argon2');

/** @node-rs/argon2 as the mock workspace resolves it. */
function argon2(): Argon2 {
  return createRequire(path.join(repoRoot, 'mock', 'package.json'))('@node-rs/argon2') as Argon2;
}

/** Times `samples` hashes of `password`, one after the other, after one untimed hash. */
export async function measureHash(password: string, samples: number): Promise<LatencySummary & { parameters: typeof ARGON2_OPTIONS }> {
  const { hash } = argon2();
  await hash(password, ARGON2_OPTIONS);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await hash(password, ARGON2_OPTIONS);
    times.push(performance.now() - started);
  }
  return { ...summarizeLatencies(times), parameters: ARGON2_OPTIONS };
}
