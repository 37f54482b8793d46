/**
 * A small HTTP client for the server tests (node:http, so a test controls every header, the
 * raw body and even the source address) that checks every response against the contract:
 * the status must be documented for the operation, the body must match its schema and the
 * documented headers their schemas. Problems outside any operation must match `Problem`.
 */
import http from 'node:http';
import { expect } from 'vitest';
import { firstError, operations as specOperations, resolve, spec, validatorAt, type Json } from '../../../test/support/openapi.js';

/** One request. `body` objects are sent as JSON; strings and Buffers as they are. */
export interface RequestOptions {
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
  /** Source address of the connection (e.g. 127.0.0.2), to act as another client. */
  localAddress?: string;
  /** Check the answer against the contract (default true). */
  check?: boolean;
  /** Statuses this request may get although the operation does not document them. */
  undocumented?: number[];
}

/** A response, with the body parsed when it is JSON. */
export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: Json;
  /** The `Set-Cookie` headers, as a list. */
  cookies: string[];
}

/** The default User-Agent of test requests (sessions are bound to it). */
export const TEST_USER_AGENT = 'novavms-mock-tests/1.0';

interface Matched {
  path: string;
  method: string;
  operationId: string;
  operation: Json;
}

const templates = specOperations().map((op) => ({
  ...op,
  regex: new RegExp(`^${op.path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

function matchOperation(method: string, url: string): Matched | undefined {
  const path = url.split('?')[0]!;
  const op = templates.find((t) => t.method === method.toLowerCase() && t.regex.test(path));
  return op && { path: op.path, method: op.method, operationId: op.operationId, operation: op.operation };
}

function pointerOfRef(node: Json, fallback: string): string {
  return typeof node?.$ref === 'string' ? node.$ref.slice(1) : fallback;
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Checks a response against the contract; throws an assertion error naming what is wrong. */
export function checkAgainstContract(method: string, url: string, res: Response, undocumented: number[] = []): void {
  const match = matchOperation(method, url);
  const label = `${method} ${url} → ${res.status}`;
  const contentType = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
  expect(res.status, `${label}: never a 5xx`).toBeLessThan(500);
  if (!match || !match.operation.responses[String(res.status)]) {
    if (match && !undocumented.includes(res.status)) {
      throw new Error(`${label}: status not documented for ${match.operationId}`);
    }
    if (res.status >= 400) {
      expect(contentType, `${label}: problem media type`).toBe('application/problem+json');
      const v = validatorAt('/components/schemas/Problem');
      if (!v(res.json)) throw new Error(`${label}: not a Problem: ${firstError(v)}`);
    }
    return;
  }
  const base = `/paths/${escape(match.path)}/${match.method}/responses/${res.status}`;
  const responseNode = match.operation.responses[String(res.status)];
  const responsePointer = pointerOfRef(responseNode, base);
  const response = resolve(responseNode);
  const media = response.content ? Object.keys(response.content) : [];
  if (media.length === 0) {
    expect(res.text, `${label}: no body`).toBe('');
  } else {
    expect(media, `${label}: media type ${contentType}`).toContain(contentType);
    const v = validatorAt(`${responsePointer}/content/${escape(contentType)}/schema`);
    if (!v(res.json)) throw new Error(`${label}: body does not match ${match.operationId} ${res.status}: ${firstError(v)}\n${res.text.slice(0, 500)}`);
  }
  for (const [name, headerNode] of Object.entries<Json>(response.headers ?? {})) {
    const header = resolve(headerNode);
    const raw = res.headers[name.toLowerCase()];
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    if (values.length === 0) {
      if (header.required) throw new Error(`${label}: required header ${name} is missing`);
      continue;
    }
    const v = validatorAt(`${pointerOfRef(headerNode, `${responsePointer}/headers/${escape(name)}`)}/schema`);
    for (const value of values) {
      const typed = header.schema?.type === 'integer' && /^\d+$/.test(value) ? Number(value) : value;
      if (!v(typed)) throw new Error(`${label}: header ${name}: ${JSON.stringify(value)} does not match: ${firstError(v)}`);
    }
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
    const res = await send(this.baseUrl, method, path, headers, payload, options.localAddress ? undefined : this.agent, options.localAddress);
    if (options.check !== false) checkAgainstContract(method, path, res, options.undocumented);
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
  if (body && allHeaders['content-length'] === undefined && allHeaders['transfer-encoding'] === undefined) allHeaders['content-length'] = String(body.length);
  return new Promise((resolvePromise, reject) => {
    const req = http.request(
      { hostname: base.hostname, port: base.port, path, method, headers: allHeaders, agent: agent ?? false, localAddress },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Json;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          const setCookie = res.headers['set-cookie'];
          resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, text, json, cookies: setCookie ?? [] });
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
