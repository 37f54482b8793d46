/**
 * Sessions for the refresh measurement. Each refresh must present a refresh token that was
 * never used, so the bench logs in many sessions up front (in parallel; the server verifies
 * one password at a time per spare core) and keeps a pool of their current tokens: a request
 * takes the oldest token of the pool, and the answer's rotated token goes back to its end.
 * No token is ever sent twice, and every session's User-Agent is the one of its login.
 */
import type { LoadRequest } from './load.js';

/** The User-Agent of every bench session: the server binds sessions to it. */
export const BENCH_USER_AGENT = 'novavms-bench/1 (autocannon)';

/** Email and password of a demo user. */
export interface Account {
  email: string;
  password: string;
}

/** Logs in once with `client_type: api` and returns the token answer; throws on anything but 200. */
export async function login(
  baseUrl: string,
  account: Account,
): Promise<{ access_token: string; refresh_token: string }> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': BENCH_USER_AGENT },
    body: JSON.stringify({ email: account.email, password: account.password, client_type: 'api' }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${text}`);
  return JSON.parse(text) as { access_token: string; refresh_token: string };
}

/** Logs in `count` sessions, `concurrency` at a time, and returns their refresh tokens. */
export async function loginSessions(
  baseUrl: string,
  account: Account,
  count: number,
  concurrency = 4,
): Promise<string[]> {
  const tokens: string[] = [];
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      tokens.push((await login(baseUrl, account)).refresh_token);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return tokens;
}

/** A first-in, first-out pool of unused refresh tokens. */
export class TokenPool {
  private tokens: string[];
  private head = 0;

  constructor(tokens: readonly string[]) {
    this.tokens = [...tokens];
  }

  /** Unused tokens left. */
  get size(): number {
    return this.tokens.length - this.head;
  }

  /** The oldest unused token, removed from the pool; undefined when the pool is empty. */
  take(): string | undefined {
    if (this.head >= this.tokens.length) return undefined;
    const token = this.tokens[this.head++];
    if (this.head > 4096 && this.head * 2 > this.tokens.length) {
      this.tokens = this.tokens.slice(this.head);
      this.head = 0;
    }
    return token;
  }

  /** Gives a rotated (never used) token back. */
  put(token: string): void {
    this.tokens.push(token);
  }
}

/**
 * The autocannon request template of the refresh measurement: each request takes a token
 * from the pool and each 200 puts its successor back. When the pool is empty (every session
 * lost to errors) a request goes out with no token and is counted as a failure.
 */
export function rotationRequest(pool: TokenPool): LoadRequest {
  return {
    method: 'POST',
    path: '/api/auth/refresh',
    setupRequest: (request) => {
      const token = pool.take();
      const headers: Record<string, string> = { 'user-agent': BENCH_USER_AGENT };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      return { ...request, headers };
    },
    onResponse: (status, body) => {
      if (status !== 200) return;
      const next = (JSON.parse(body) as { refresh_token?: unknown }).refresh_token;
      if (typeof next === 'string') pool.put(next);
    },
  };
}
