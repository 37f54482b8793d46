import type { SessionLock } from '../../src/index.js';

/** What the lock needs of a Redis client: node-redis 4 and 5 have exactly these two methods. */
export interface RedisLike {
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Deletes the lock only if it is still ours: a holder whose time ran out must not free a later holder's lock. */
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * A session lock shared by every process that reaches `redis`: SET NX PX takes it, a compare
 * and delete frees it, and it frees itself after `ttlMs` if its holder dies. Keep `ttlMs` above
 * the session's `refreshTimeoutMs` (10 s by default), so that a slow refresh keeps the lock.
 */
export function redisLock(redis: RedisLike, { ttlMs = 30_000, pollMs = 50, prefix = 'novavms:' } = {}): SessionLock {
  return async (name, task, { signal }) => {
    const key = `${prefix}${name}`;
    const token = crypto.randomUUID();
    while ((await redis.set(key, token, { NX: true, PX: ttlMs })) !== 'OK') {
      if (signal.aborted) throw signal.reason;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    try {
      return await task();
    } finally {
      await redis.eval(RELEASE, { keys: [key], arguments: [token] });
    }
  };
}
