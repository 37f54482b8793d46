/**
 * Starting the reference server in-process for a test file (free port, in-memory database
 * unless told otherwise, log captured), with the tests' one validating client: the contract
 * suite's, which also holds the server's own routes outside the contract (`/__mock/*`,
 * `/docs`, `/openapi.*`) to never a 5xx and problems for errors.
 */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { ContractClient } from '../../../test/contract/support/contract-client.js';
import { SITE_ROUTES } from '../../src/http-app.js';
import { type RunningServer, type StartOptions, startServer } from '../../src/index.js';
import { MOCK_CONTROL_ROUTES } from '../../src/mock-control.js';

/** The server's own paths outside the contract. */
const OWN_ROUTES: readonly string[] = [...Object.keys(SITE_ROUTES), ...Object.keys(MOCK_CONTROL_ROUTES)];

/** The validating client for a reference server at `baseUrl`. */
export function clientOf(baseUrl: string): ContractClient {
  return new ContractClient({ baseUrl, ownRoutes: OWN_ROUTES });
}

/** A started server, its client and everything it logged. */
export interface TestServer {
  server: RunningServer;
  client: ContractClient;
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
  return {
    server,
    client: clientOf(server.url),
    log: () => logged,
    close: () => server.close(),
  };
}

/** Back to the seeded data and real time (`POST /__mock/reset`); fails the test otherwise. */
export async function resetTestServer(t: TestServer): Promise<void> {
  const res = await t.client.send({ method: 'POST', path: '/__mock/reset', json: {} });
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
