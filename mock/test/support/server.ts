/**
 * Starting the reference server in-process for a test file (free port, in-memory database
 * unless told otherwise, log captured) and the few steps many tests share: logging in and
 * building headers.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { refreshCookie } from '../../../generated/contract.js';
import { type RunningServer, type StartOptions, startServer } from '../../src/index.js';
import { Client, type Response } from './http.js';

/** A started server, its client and everything it logged. */
export interface TestServer {
  server: RunningServer;
  client: Client;
  /** Everything the server logged so far. */
  log(): string;
  close(): Promise<void>;
}

/** Starts a server for tests; the log is captured. */
export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const stream = new PassThrough();
  let logged = '';
  stream.on('data', (chunk: Buffer) => (logged += chunk.toString('utf8')));
  const server = await startServer({ port: 0, db: ':memory:', log: stream, ...options });
  const client = new Client(server.url);
  return {
    server,
    client,
    log: () => logged,
    close: async () => {
      client.close();
      await server.close();
    },
  };
}

/** Back to the seeded data and real time (`POST /__mock/reset`); fails the test otherwise. */
export async function resetTestServer(t: TestServer): Promise<void> {
  const res = await t.client.post('/__mock/reset', { body: {} });
  expect(res.status, res.text).toBe(200);
}

/**
 * The server of a test file: started before its tests, closed after them and, with
 * `resetBeforeEach`, back to the seeded data and real time before each test. The returned
 * object reads the running server, so it can be used in any test or hook of the file.
 */
export function useTestServer(
  options: StartOptions | (() => StartOptions) = {},
  { resetBeforeEach = false } = {},
): TestServer {
  let current: TestServer | undefined;
  const running = (): TestServer => {
    if (!current) throw new Error('the test server starts in beforeAll; use it inside a test or a hook');
    return current;
  };
  beforeAll(async () => {
    current = await startTestServer(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await current?.close();
  });
  if (resetBeforeEach) beforeEach(() => resetTestServer(running()));
  return {
    get server() {
      return running().server;
    },
    get client() {
      return running().client;
    },
    log: () => running().log(),
    close: () => running().close(),
  };
}

/** The header that must accompany every request authenticated by the refresh cookie. */
export const CSRF = { [refreshCookie.csrfHeader]: refreshCookie.csrfValue } as const;

/** `Authorization: Bearer <token>`. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The tokens of a successful `client_type: "api"` login. */
export interface ApiLogin {
  accessToken: string;
  refreshToken: string;
  response: Response;
}

/** Logs in as an API client; fails the test unless it gets 200. */
export async function loginApi(
  client: Client,
  email: string,
  password: string,
  options: { rememberMe?: boolean; userAgent?: string } = {},
): Promise<ApiLogin> {
  const body: Record<string, unknown> = { email, password, client_type: 'api' };
  if (options.rememberMe !== undefined) body.remember_me = options.rememberMe;
  const headers = options.userAgent === undefined ? {} : { 'user-agent': options.userAgent };
  const response = await client.post('/api/auth/login', { body, headers });
  expect(response.status, response.text).toBe(200);
  return { accessToken: response.json.access_token, refreshToken: response.json.refresh_token, response };
}

/** The value of the refresh cookie in a `Set-Cookie` list, or undefined. */
export function refreshCookieOf(cookies: string[]): string | undefined {
  for (const cookie of cookies) {
    if (cookie.startsWith(`${refreshCookie.name}=`)) return cookie.slice(refreshCookie.name.length + 1).split(';')[0];
  }
  return undefined;
}

/** Decodes the JSON of a JWT segment (0 header, 1 payload). */
export function jwtPart(token: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8'));
}
