/**
 * The small parts on their own: the API-key format and its checksum (a typo is refused
 * without the database), ISO-8601 durations of the mock clock, the failed-login window, the
 * argon2 semaphore, the challenge builder, the password hashes and their threads, the pool of
 * random bytes and the address buckets.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { verify } from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';
import { loginRateLimit } from '../../generated/contract.js';
import { addressBucket } from '../src/auth/address-bucket.js';
import { checksumOf, isWellFormedKey } from '../src/auth/api-key-format.js';
import { ApiKeyVerifier } from '../src/auth/api-key-verifier.js';
import { challenge } from '../src/auth/challenge.js';
import { ARGON2_OPTIONS, CHECKING_THREAD_NICE, DUMMY_HASH, PasswordHasher } from '../src/auth/passwords.js';
import { FailureLimiter } from '../src/auth/rate-limit.js';
import { Semaphore } from '../src/auth/semaphore.js';
import { Clock } from '../src/clock.js';
import { DEMO_LIVE_KEY, DEMO_PASSWORD, DEMO_PASSWORD_HASHES } from '../src/demo.js';
import { parseDurationSeconds } from '../src/duration.js';
import { ProblemError } from '../src/problem.js';
import { BASE62, randomBase62, randomView } from '../src/random.js';
import type { ApiKeyStore } from '../src/store/api-key-store.js';

describe('API-key format', () => {
  it('the documented example key verifies: sk_test_EXAMPLE0KEY0FOR0DOCS0ONLY00000004Dohht', () => {
    expect(isWellFormedKey('sk_test_EXAMPLE0KEY0FOR0DOCS0ONLY00000004Dohht')).toBe(true);
    expect(checksumOf('sk_test_EXAMPLE0KEY0FOR0DOCS0ONLY0000000')).toBe('4Dohht');
  });

  it('a key with a bad checksum is refused without any database lookup', () => {
    const noDatabase = new Proxy({} as ApiKeyStore, {
      get: (_target, name) =>
        name === 'aliases'
          ? () => new Map()
          : () => {
              throw new Error(`the database was asked (${String(name)})`);
            },
    });
    const verifier = new ApiKeyVerifier(noDatabase, new Clock());
    const key = DEMO_LIVE_KEY;
    const typo = `${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`;
    expect(() => verifier.verify(typo)).toThrow(ProblemError);
    expect(() => verifier.verify('sk_live_short')).toThrow(ProblemError);
    // A well-formed key does reach the database.
    expect(() => verifier.verify(key)).toThrow(/database was asked/);
  });
});

describe('ISO-8601 durations', () => {
  it('parses weeks, days, hours, minutes and seconds, with a sign and fractions', () => {
    expect(parseDurationSeconds('PT1H')).toBe(3600);
    expect(parseDurationSeconds('P7D')).toBe(604800);
    expect(parseDurationSeconds('P1W')).toBe(604800);
    expect(parseDurationSeconds('P1DT2H3M4S')).toBe(93784);
    expect(parseDurationSeconds('-PT30M')).toBe(-1800);
    expect(parseDurationSeconds('PT0.5S')).toBe(0.5);
  });

  it('refuses years and months (no fixed length) and anything malformed', () => {
    expect(() => parseDurationSeconds('P1Y')).toThrow(/years and months/);
    expect(() => parseDurationSeconds('P2M')).toThrow(/years and months/);
    for (const bad of ['', 'P', 'PT', 'P1DT', '1H', 'P1H', 'PT1D', 'pt1h', 'PT-1H'])
      expect(() => parseDurationSeconds(bad), bad).toThrow(RangeError);
  });
});

describe('failed-login window', () => {
  it('limits at the count, says when the oldest failure leaves the window, and forgets', () => {
    const limiter = new FailureLimiter(3, 60);
    limiter.record('a', 0);
    limiter.record('a', 10_000);
    expect(limiter.check('a', 10_000)).toEqual({ limited: false });
    limiter.record('a', 20_000);
    expect(limiter.check('a', 20_000)).toEqual({ limited: true, retryAfterSeconds: 40 });
    expect(limiter.check('b', 20_000)).toEqual({ limited: false });
    expect(limiter.check('a', 60_000)).toEqual({ limited: false });
    limiter.record('a', 60_000);
    expect(limiter.check('a', 60_000)).toMatchObject({ limited: true });
    limiter.clear('a');
    expect(limiter.check('a', 60_000)).toEqual({ limited: false });
    limiter.record('a', 61_000);
    expect(limiter.check('a', 61_000)).toEqual({ limited: false });
  });

  it('holds running attempts apart from failures: no more run at once than the failures left, and an ended one wakes the waiting', async () => {
    const limiter = new FailureLimiter(3, 60);
    limiter.record('a', 0);
    expect(limiter.hasRoom('a', 0)).toBe(true);
    limiter.begin('a');
    limiter.begin('a');
    // One failure and two running attempts fill the three allowed: a fourth waits.
    expect(limiter.hasRoom('a', 0)).toBe(false);
    expect(limiter.check('a', 0)).toEqual({ limited: false });
    expect(limiter.hasRoom('b', 0)).toBe(true);
    let woken = false;
    const waiting = limiter.settled('a').then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    limiter.end('a');
    await waiting;
    expect(woken).toBe(true);
    expect(limiter.hasRoom('a', 0)).toBe(true);
    limiter.end('a');
    await expect(limiter.settled('a')).resolves.toBeUndefined();
    // The failure leaves the window: room for three again.
    for (let i = 0; i < 3; i++) limiter.begin('a');
    expect(limiter.hasRoom('a', 60_001)).toBe(false);
  });
});

describe('semaphore', () => {
  it('never runs more tasks at once than its limit, and runs them all', async () => {
    const slots = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        slots
          .run(async () => {
            running++;
            peak = Math.max(peak, running);
            await new Promise((r) => setTimeout(r, 5));
            running--;
            if (i === 3) throw new Error('boom');
            return i;
          })
          .catch(() => -1),
      ),
    );
    expect(peak).toBe(2);
    expect(results).toEqual([0, 1, 2, -1, 4, 5, 6, 7, 8, 9]);
  });
});

describe('challenges', () => {
  it('builds the RFC 6750 forms the contract allows, without quotes or backslashes inside values', () => {
    expect(challenge()).toBe('Bearer realm="novavms"');
    expect(challenge('invalid_token', 'a "quoted" \\ text')).toBe(
      'Bearer realm="novavms", error="invalid_token", error_description="a quoted  text"',
    );
    expect(challenge('insufficient_scope', 'needs more', 'a:b c:d')).toBe(
      'Bearer realm="novavms", error="insufficient_scope", error_description="needs more", scope="a:b c:d"',
    );
  });
});

describe('password hashes', () => {
  const params = `$argon2id$v=19$m=${ARGON2_OPTIONS.memoryCost},t=${ARGON2_OPTIONS.timeCost},p=${ARGON2_OPTIONS.parallelism}$`;

  it('the OWASP argon2id parameters: 19 MiB, 2 passes, 1 lane', () => {
    expect(params).toBe('$argon2id$v=19$m=19456,t=2,p=1$');
  });

  it('the precomputed demo hashes use them, each with its own salt, and match the demo password', async () => {
    expect(new Set(DEMO_PASSWORD_HASHES.map((h) => h.split('$')[4])).size).toBe(DEMO_PASSWORD_HASHES.length);
    for (const phc of DEMO_PASSWORD_HASHES) {
      expect(phc.startsWith(params)).toBe(true);
      expect(await verify(phc, DEMO_PASSWORD)).toBe(true);
      expect(await verify(phc, 'correcthorsebattery!')).toBe(false);
    }
  });

  it('the dummy hash for unknown emails uses them too, and nothing matches it', async () => {
    expect(DUMMY_HASH.startsWith(params)).toBe(true);
    const hasher = new PasswordHasher();
    try {
      expect(await hasher.verifyNobody(DEMO_PASSWORD)).toBe(false);
      expect(await hasher.verify(DEMO_PASSWORD_HASHES[0], DEMO_PASSWORD)).toBe(true);
      expect(await hasher.verify('not a hash', DEMO_PASSWORD)).toBe(false);
    } finally {
      await hasher.close();
    }
  });
});

/** The ids of this process's threads whose nice value is `nice` (Linux). */
function threadsAtNice(nice: number): number[] {
  return readdirSync('/proc/self/task')
    .map(Number)
    .filter((tid) => {
      try {
        // After "tid (comm) " (comm may hold ") " itself): state is field 3, nice field 19.
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[16]) === nice;
      } catch {
        return false; // the thread ended while the list was read
      }
    });
}

describe('password-checking threads', () => {
  it.runIf(process.platform === 'linux')(
    'run the checks at the lowest CPU priority, as many as the limit, and end on close',
    async () => {
      const before = threadsAtNice(CHECKING_THREAD_NICE);
      const hasher = new PasswordHasher(2);
      const checks = await Promise.all([
        hasher.verify(DEMO_PASSWORD_HASHES[0], DEMO_PASSWORD),
        hasher.verify(DEMO_PASSWORD_HASHES[0], 'wrong password'),
        hasher.verifyNobody(DEMO_PASSWORD),
      ]);
      expect(checks).toEqual([true, false, false]);
      const during = threadsAtNice(CHECKING_THREAD_NICE).filter((tid) => !before.includes(tid));
      expect(during).toHaveLength(2);
      // The event loop's own thread keeps its priority.
      expect(threadsAtNice(getPriority())).toContain(process.pid);
      await hasher.close();
      // A terminated worker's OS thread is joined just after close() settles, not before.
      await vi.waitFor(() =>
        expect(threadsAtNice(CHECKING_THREAD_NICE).filter((tid) => during.includes(tid))).toEqual([]),
      );
    },
  );

  it('replaces a thread that ended while it waited for a check', async () => {
    const hasher = new PasswordHasher(1);
    try {
      expect(await hasher.verify(DEMO_PASSWORD_HASHES[0], DEMO_PASSWORD)).toBe(true);
      const { idle } = hasher as unknown as { idle: Array<{ close(): Promise<number> }> };
      expect(idle).toHaveLength(1);
      await idle[0]!.close();
      expect(await hasher.verify(DEMO_PASSWORD_HASHES[0], DEMO_PASSWORD)).toBe(true);
    } finally {
      await hasher.close();
    }
  });

  it('a thread that ends during a check rejects that check, and the next one gets a new thread', async () => {
    const hasher = new PasswordHasher(1);
    try {
      const pending = hasher.verify(DEMO_PASSWORD_HASHES[0], DEMO_PASSWORD);
      const { all } = hasher as unknown as { all: Set<{ close(): Promise<number> }> };
      expect(all.size).toBe(1);
      await [...all][0]!.close();
      await expect(pending).rejects.toThrow(/exited/);
      expect(await hasher.verify(DEMO_PASSWORD_HASHES[0], DEMO_PASSWORD)).toBe(true);
    } finally {
      await hasher.close();
    }
  });

  it('refuses a check after close, with an error rather than a hang', async () => {
    const hasher = new PasswordHasher(1);
    expect(await hasher.verify(DEMO_PASSWORD_HASHES[0], DEMO_PASSWORD)).toBe(true);
    await hasher.close();
    await expect(hasher.verify(DEMO_PASSWORD_HASHES[0], DEMO_PASSWORD)).rejects.toThrow(/closed/);
  });

  it('ends the threads that waited longer than the idle time, and starts new ones for the next checks', async () => {
    const linux = process.platform === 'linux';
    const before = linux ? threadsAtNice(CHECKING_THREAD_NICE) : [];
    const hasher = new PasswordHasher(2, 1_000);
    try {
      const checks = [DEMO_PASSWORD, 'wrong password'].map((p) => hasher.verify(DEMO_PASSWORD_HASHES[0], p));
      expect(await Promise.all(checks)).toEqual([true, false]);
      expect(hasher.threads).toBe(2);
      const started = linux ? threadsAtNice(CHECKING_THREAD_NICE).filter((tid) => !before.includes(tid)) : [];
      if (linux) expect(started).toHaveLength(2);
      await vi.waitFor(() => expect(hasher.threads).toBe(0), { timeout: 10_000 });
      // Their OS threads are gone too, not only the hasher's record of them.
      if (linux)
        await vi.waitFor(() =>
          expect(threadsAtNice(CHECKING_THREAD_NICE).filter((t) => started.includes(t))).toEqual([]),
        );
      expect(await hasher.verify(DEMO_PASSWORD_HASHES[0], DEMO_PASSWORD)).toBe(true);
      expect(hasher.threads).toBe(1);
    } finally {
      await hasher.close();
    }
    expect(hasher.threads).toBe(0);
  });

  it('keeps a thread that gets a check before its idle time is up, counting that time again from its last check', async () => {
    // Checks 400 ms apart, each within the idle time of 600 ms, 1.2 s after the first in all:
    // a thread that counted from its first check only would have ended before the last one.
    const hasher = new PasswordHasher(1, 600);
    const pause = () => new Promise((resolve) => setTimeout(resolve, 400));
    try {
      expect(await hasher.verify(DEMO_PASSWORD_HASHES[0], DEMO_PASSWORD)).toBe(true);
      const { all } = hasher as unknown as { all: Set<unknown> };
      const [first] = [...all];
      for (const password of ['wrong password', DEMO_PASSWORD]) {
        await pause();
        expect(await hasher.verify(DEMO_PASSWORD_HASHES[0], password)).toBe(password === DEMO_PASSWORD);
        expect([...all]).toEqual([first]);
      }
    } finally {
      await hasher.close();
    }
  });
});

describe('random bytes and identifiers', () => {
  it('hands out every byte of its pool once, also across a refill', () => {
    // Each draw starts where the one before ended, or at the start of a refilled pool.
    let previous = randomView(32);
    let refills = 0;
    for (let i = 0; i < 300; i++) {
      const next = randomView(32);
      expect(next.buffer).toBe(previous.buffer);
      expect([previous.byteOffset + 32, 0]).toContain(next.byteOffset);
      if (next.byteOffset === 0) refills++;
      previous = next;
    }
    expect(refills).toBeGreaterThanOrEqual(2);
    const draws = Array.from({ length: 300 }, () => Buffer.from(randomView(32)).toString('hex'));
    expect(new Set(draws).size).toBe(draws.length);
    expect(draws.every((hex) => hex.length === 64)).toBe(true);
    // 300 draws of 32 bytes span more than two 4 KiB pools; the bytes look uniform (mean near 127.5).
    const bytes = Buffer.from(draws.join(''), 'hex');
    const mean = bytes.reduce((sum, byte) => sum + byte, 0) / bytes.length;
    expect(mean).toBeGreaterThan(120);
    expect(mean).toBeLessThan(135);
  });

  it('refuses a draw it cannot make', () => {
    for (const length of [0, -1, 1.5, 4097, Number.NaN]) expect(() => randomView(length)).toThrow(RangeError);
    expect(randomView(4096)).toHaveLength(4096);
  });

  it('base62 identifiers have the length asked for and only base62 digits', () => {
    const ids = Array.from({ length: 200 }, () => randomBase62(20));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toHaveLength(20);
      expect([...id].every((c) => BASE62.includes(c))).toBe(true);
    }
  });
});

describe('failed-login buckets of client addresses', () => {
  it('an IPv6 client is counted by its /64, an IPv4-mapped IPv6 address as its IPv4 address', () => {
    const bucket = addressBucket('2001:db8:1:2:3:4:5:6');
    for (const same of [
      '2001:db8:1:2::1',
      '2001:0db8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:DB8:1:2:AB::',
      '2001:db8:1:2::7%eth0',
    ]) {
      expect(addressBucket(same), same).toBe(bucket);
    }
    for (const other of ['2001:db8:1:3::1', '2001:db8::1', '2001:db9:1:2::1', '::1'])
      expect(addressBucket(other), other).not.toBe(bucket);
    expect(addressBucket('::')).toBe(addressBucket('::1'));
    expect(addressBucket('fe80::1%eth0')).toBe(addressBucket('fe80::2'));
    for (const mapped of ['::ffff:192.0.2.7', '::FFFF:192.0.2.7', '::ffff:c000:207', '0:0:0:0:0:ffff:c000:0207'])
      expect(addressBucket(mapped), mapped).toBe('192.0.2.7');
    expect(addressBucket('192.0.2.7')).toBe('192.0.2.7');
    expect(addressBucket('192.0.2.8')).not.toBe('192.0.2.7');
    // Whatever is no IP address stays itself (a socket without an address gives '').
    expect(addressBucket('')).toBe('');
    expect(addressBucket('not an address')).toBe('not an address');
  });

  it(`rotating addresses inside one /64 does not evade the per-address limit (${loginRateLimit.perAddress.failures} failures)`, () => {
    const { failures, windowSeconds } = loginRateLimit.perAddress;
    const limiter = new FailureLimiter(failures, windowSeconds);
    for (let i = 0; i < failures; i++)
      limiter.record(addressBucket(`2001:db8:aa:bb::${(i + 1).toString(16)}`), 1000 + i);
    expect(limiter.check(addressBucket('2001:db8:aa:bb:1234:5678:9abc:def0'), 2000)).toMatchObject({ limited: true });
    expect(limiter.check(addressBucket('2001:db8:aa:bc::1'), 2000)).toEqual({ limited: false });
    // IPv4 clients seen through a dual-stack socket share the limit of their IPv4 address.
    for (let i = 0; i < failures; i++)
      limiter.record(addressBucket(i % 2 === 0 ? '198.51.100.4' : '::ffff:198.51.100.4'), 1000 + i);
    expect(limiter.check(addressBucket('198.51.100.4'), 2000)).toMatchObject({ limited: true });
    expect(limiter.check(addressBucket('198.51.100.5'), 2000)).toEqual({ limited: false });
  });
});
