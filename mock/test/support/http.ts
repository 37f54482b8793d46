/**
 * A small HTTP client for the server tests (node:http, so a test controls every header, the
 * raw body and even the source address) that checks every response with the tests' one
 * response checker (test/support/response-check.ts): the status must be documented for the
 * operation, the body must match its schema, the documented headers theirs, problems must
 * agree with their code and challenges with RFC 6750. Requests to the server's own routes
 * outside the contract (`/__mock/*`, `/docs`, `/openapi.*`) must never get a 5xx, and their
 * errors must be problems.
 */
import http from 'node:http';
import { type Json, spec } from '../../../test/support/openapi.js';
import { matchOperation } from '../../../test/support/operation-index.js';
import { type CheckedResponse, checkResponse, problemViolations } from '../../../test/support/response-check.js';
import { SITE_ROUTES } from '../../src/http-app.js';
import { MOCK_CONTROL_ROUTES } from '../../src/mock-control.js';

/** One request. `body` objects are sent as JSON; strings and Buffers as they are. */
export interface RequestOptions {
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
  /** Source address of the connection (e.g. 127.0.0.2), to act as another client. */
  localAddress?: string;
  /** Check the answer against the contract (default true). */
  check?: boolean;
}

/** A response, with the body parsed when it is JSON. */
export interface Response extends CheckedResponse {
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Json;
  /** The `Set-Cookie` headers, as a list. */
  cookies: string[];
}

/** The default User-Agent of test requests (sessions are bound to it). */
export const TEST_USER_AGENT = 'novavms-mock-tests/1.0';

const OWN_ROUTES = new Set([...Object.keys(SITE_ROUTES), ...Object.keys(MOCK_CONTROL_ROUTES)]);

/**
 * Checks a response against the contract; throws an error naming the request, the status
 * and every departure.
 */
export function checkAgainstContract(method: string, url: string, res: Response): void {
  const match = matchOperation(method, url);
  const ownRoute = match.entry === null && OWN_ROUTES.has(url.split('?')[0]!);
  const violations = ownRoute
    ? [
        ...(res.status >= 500 ? [`status ${res.status}: never a 5xx`] : []),
        ...(res.status >= 400 ? problemViolations(res) : []),
      ]
    : checkResponse(match, res);
  if (violations.length > 0) {
    const where = `${method} ${url} → ${match.entry?.operationId ?? (ownRoute ? '(a route of the server outside the contract)' : '(no operation)')} answered ${res.status}`;
    throw new Error(
      `${where}, which departs from the contract:\n  - ${violations.join('\n  - ')}\n${res.text.slice(0, 500)}`,
    );
  }
}

/** A client bound to one server. */
export class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  constructor(readonly baseUrl: string) {}

  /** Sends a request and checks the answer against the contract (unless told not to). */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string | string[]> = { 'user-agent': TEST_USER_AGENT };
    let payload: Buffer | undefined;
    if (options.body !== undefined) {
      if (Buffer.isBuffer(options.body)) payload = options.body;
      else if (typeof options.body === 'string') payload = Buffer.from(options.body);
      else {
        payload = Buffer.from(JSON.stringify(options.body));
        headers['content-type'] = 'application/json';
      }
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === undefined) delete headers[name.toLowerCase()];
      else headers[name.toLowerCase()] = value;
    }
    if (payload) headers['content-length'] = String(payload.length);
    const res = await send(
      this.baseUrl,
      method,
      path,
      headers,
      payload,
      options.localAddress ? undefined : this.agent,
      options.localAddress,
    );
    if (options.check !== false) checkAgainstContract(method, path, res);
    return res;
  }

  get(path: string, options?: RequestOptions): Promise<Response> {
    return this.request('GET', path, options);
  }

  post(path: string, options?: RequestOptions): Promise<Response> {
    return this.request('POST', path, options);
  }

  delete(path: string, options?: RequestOptions): Promise<Response> {
    return this.request('DELETE', path, options);
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

/** One raw HTTP exchange. */
export function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string | string[]>,
  body?: Buffer,
  agent?: http.Agent,
  localAddress?: string,
): Promise<Response> {
  const base = new URL(baseUrl);
  const allHeaders = { ...headers };
  if (body && allHeaders['content-length'] === undefined && allHeaders['transfer-encoding'] === undefined)
    allHeaders['content-length'] = String(body.length);
  return new Promise((resolvePromise, reject) => {
    const req = http.request(
      {
        hostname: base.hostname,
        port: base.port,
        path,
        method,
        headers: allHeaders,
        agent: agent ?? false,
        localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          let json: Json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          const setCookie = res.headers['set-cookie'];
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text,
            json,
            cookies: setCookie ?? [],
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** The bundled contract, for tests that read a value from it. */
export { spec };
