/**
 * A small HTTP proxy in front of a conforming server that makes it depart from the contract
 * in one chosen way, to prove that the suite notices: drop WWW-Authenticate, change
 * `expires_in`, accept a rotated refresh token (by replaying the 200 it got the first time),
 * or hide every User-Agent change from the server (by sending it one User-Agent always).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RawResponse, sendRaw } from './http-transport.js';
import { secretDigest } from './secret-compare.js';

/** The ways the proxy can depart. `none` passes everything through unchanged. */
export type Departure =
  | 'none'
  | 'drop-www-authenticate'
  | 'change-expires-in'
  | 'accept-rotated-refresh-token'
  | 'hide-user-agent';

/** The one User-Agent the server sees through a `hide-user-agent` proxy. */
const HIDDEN_USER_AGENT = 'departing-proxy (every client looks the same)';

/** A running proxy. */
export interface DepartingProxy {
  url: string;
  close(): Promise<void>;
}

function rewrite(departure: Departure, res: RawResponse): RawResponse {
  if (departure === 'drop-www-authenticate') {
    const { 'www-authenticate': _dropped, ...headers } = res.headers;
    return { ...res, headers };
  }
  if (departure === 'change-expires-in' && String(res.headers['content-type'] ?? '').startsWith('application/json')) {
    try {
      const body = JSON.parse(res.body.toString('utf8'));
      if (typeof body?.expires_in === 'number') {
        body.expires_in *= 2;
        return { ...res, body: Buffer.from(JSON.stringify(body)) };
      }
    } catch {
      // not JSON after all: pass through
    }
  }
  return res;
}

/** Starts a proxy to `upstream` on a free port of 127.0.0.1. */
export async function startDepartingProxy(upstream: string, departure: Departure): Promise<DepartingProxy> {
  // For accept-rotated-refresh-token: the first 200 of each refresh credential, by digest.
  const firstAnswers = new Map<string, RawResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (value === undefined || ['host', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) continue;
          headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        if (departure === 'hide-user-agent') headers['user-agent'] = HIDDEN_USER_AGENT;
        const credential =
          req.method === 'POST' && req.url?.endsWith('/auth/refresh')
            ? (req.headers.authorization ?? req.headers.cookie)
            : undefined;
        const key = credential ? secretDigest(credential) : undefined;
        let answer: RawResponse;
        if (departure === 'accept-rotated-refresh-token' && key && firstAnswers.has(key)) {
          answer = firstAnswers.get(key)!;
        } else {
          answer = await sendRaw(upstream, {
            method: req.method ?? 'GET',
            path: req.url ?? '/',
            headers,
            body: chunks.length ? Buffer.concat(chunks) : undefined,
          });
          if (departure === 'accept-rotated-refresh-token' && key && answer.status === 200)
            firstAnswers.set(key, answer);
        }
        answer = rewrite(departure, answer);
        const out: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers))
          if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name)) out[name] = value;
        out['content-length'] = String(answer.body.length);
        res.writeHead(answer.status, out);
        res.end(answer.body);
      })().catch((error: Error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy error: ${error.message}`);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
