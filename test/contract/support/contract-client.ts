/**
 * The validating HTTP client of every test that talks to a server: the contract suite's and
 * the reference server's own (mock/test). Each response is checked against the operation it
 * answers (test/support/response-check.ts) before the test sees it; a departure throws a
 * ContractViolation naming the request, the operation, the status and every error, so that
 * no test can pass on a response the contract does not allow. Conforming responses are
 * recorded for the coverage matrix.
 */
import type { Json } from '../../support/openapi.js';
import { matchOperation } from '../../support/operation-index.js';
import { checkResponse, problemViolations } from '../../support/response-check.js';
import { type RawResponse, sendRaw } from './http-transport.js';
import { appendRecord } from './run-record.js';

/** The User-Agent every request sends unless a test chooses another. */
const DEFAULT_USER_AGENT = 'novavms-contract-suite/1.0';

/** One request, described by what it means rather than by raw headers. */
export interface Call {
  method?: string;
  /** Contract path with query, e.g. `/api/v1/cameras?limit=2`. */
  path: string;
  /** `Authorization: Bearer <bearer>`. */
  bearer?: string;
  /** A raw Authorization value (garbage, other schemes); wins over `bearer`. */
  authorization?: string;
  /** A JSON body, sent as `application/json` unless `contentType` says otherwise. */
  json?: unknown;
  /** A raw body (invalid JSON, other media types). */
  body?: string | Buffer;
  contentType?: string;
  /** The Cookie header. */
  cookie?: string;
  /** The User-Agent; null sends none. */
  userAgent?: string | null;
  /** More headers; a list sends the header once per value. */
  headers?: Record<string, string | string[]>;
  localAddress?: string;
}

/** Thrown when a response departs from the contract. */
export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

/** A checked response. */
export class ContractResponse {
  readonly text: string;
  constructor(
    readonly operationId: string | null,
    readonly raw: RawResponse,
  ) {
    this.text = raw.body.toString('utf8');
  }

  get status(): number {
    return this.raw.status;
  }

  /** One header (several values joined by ", "); undefined when absent. */
  header(name: string): string | undefined {
    const value = this.raw.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** Every Set-Cookie header. */
  get setCookies(): string[] {
    const value = this.raw.headers['set-cookie'];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  }

  /** The parsed JSON body (already validated against the operation's schema). */
  json<T = Json>(): T {
    return JSON.parse(this.text) as T;
  }

  /** The problem `code` of an error response, or undefined. */
  get code(): string | undefined {
    try {
      return this.json().code;
    } catch {
      return undefined;
    }
  }
}

/** Options of a client. */
export interface ClientOptions {
  baseUrl: string;
  /** Where to record exercised responses; empty or absent records nothing (a proxy's answers). */
  runDir?: string;
  /** `schema` for an example mock: no rules that tie headers to the problem code. Default `full`. */
  level?: 'schema' | 'full';
  /**
   * Paths outside the contract that the target serves on its own (the reference server's
   * `/__mock` controls and docs pages, for its own tests). Their answers are held to the rules
   * every answer follows: never a 5xx, and an error is a problem. Any other path outside the
   * contract must be a 404 (or a 405 with Allow on a known path).
   */
  ownRoutes?: readonly string[];
}

/** Every way the answer `raw` to `method path` departs from the contract; empty when it conforms. */
export function contractViolations(
  method: string,
  path: string,
  raw: RawResponse,
  options: Pick<ClientOptions, 'level' | 'ownRoutes'> = {},
): string[] {
  const match = matchOperation(method, path);
  if (match.entry === null && options.ownRoutes?.includes(path.split('?')[0]!)) {
    return [
      ...(raw.status >= 500 ? [`status ${raw.status}: never a 5xx`] : []),
      ...(raw.status >= 400 ? problemViolations(raw, match.bodyless) : []),
    ];
  }
  return checkResponse(match, raw, options.level ?? 'full');
}

/** A client for a target: schema-level rules for an example mock, all rules otherwise. */
export function clientFor(target: { baseUrl: string; runDir: string; kind: string }): ContractClient {
  return new ContractClient({
    baseUrl: target.baseUrl,
    runDir: target.runDir,
    level: target.kind === 'prism' ? 'schema' : 'full',
  });
}

/** A client bound to one base URL. */
export class ContractClient {
  constructor(readonly options: ClientOptions) {}

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** Sends `call`, checks the answer against the contract and returns it; throws ContractViolation otherwise. */
  async send(call: Call): Promise<ContractResponse> {
    const method = (call.method ?? 'GET').toUpperCase();
    const headers: Record<string, string | string[]> = {};
    if (call.userAgent !== null) headers['user-agent'] = call.userAgent ?? DEFAULT_USER_AGENT;
    if (call.authorization !== undefined) headers.authorization = call.authorization;
    else if (call.bearer !== undefined) headers.authorization = `Bearer ${call.bearer}`;
    if (call.cookie !== undefined) headers.cookie = call.cookie;
    let body = call.body;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['content-type'] = 'application/json';
    }
    if (call.contentType !== undefined) headers['content-type'] = call.contentType;
    Object.assign(headers, call.headers ?? {});

    const raw = await sendRaw(this.baseUrl, {
      method,
      path: call.path,
      headers,
      body,
      localAddress: call.localAddress,
    });
    const match = matchOperation(method, call.path);
    const violations = contractViolations(method, call.path, raw, this.options);
    const where = `${method} ${call.path.split('?')[0]} → ${match.entry?.operationId ?? '(no operation)'} answered ${raw.status}`;
    if (violations.length)
      throw new ContractViolation(`${where}, which departs from the contract:\n  - ${violations.join('\n  - ')}`);
    if (match.entry)
      appendRecord(this.options.runDir, {
        kind: 'exercised',
        operationId: match.entry.operationId,
        status: raw.status,
      });
    else appendRecord(this.options.runDir, { kind: 'outside', method, status: raw.status });
    return new ContractResponse(match.entry?.operationId ?? null, raw);
  }
}
