/**
 * The suite's only way onto the wire: node:http(s), not fetch, so that a test controls every
 * byte it sends (no default Accept or User-Agent, any Content-Type, garbage Authorization
 * values, a chosen source address) and sees every header the server sent (each Set-Cookie).
 */
import http from 'node:http';
import https from 'node:https';

/** One HTTP request, relative to a base URL. */
export interface RawRequest {
  method: string;
  /** Path and query, e.g. `/api/v1/cameras?limit=2`. */
  path: string;
  /** Header values; a list sends the header once per value (e.g. two Authorization headers). */
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Bind the client socket to this local address (another source address, D-R2). */
  localAddress?: string;
}

/** One HTTP response: status, lower-cased headers (`set-cookie` as a list) and the raw body. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/** Sends one request to `baseUrl` (which may carry a path prefix) and buffers the answer. */
export function sendRaw(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const base = new URL(baseUrl);
  const protocol = base.protocol as 'http:' | 'https:';
  const transport = protocol === 'https:' ? https : http;
  const prefix = base.pathname.replace(/\/+$/, '');
  const headers: Record<string, string | string[]> = { ...(request.headers ?? {}) };
  // Like fetch: a body gets its exact length, a body-less POST says 0 (never chunked).
  if (
    !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length' || h.toLowerCase() === 'transfer-encoding')
  ) {
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    else if (!['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(request.method.toUpperCase()))
      headers['content-length'] = '0';
  }
  return new Promise((resolve, reject) => {
    const req = transport.request(
      {
        protocol,
        hostname: base.hostname.replace(/^\[|\]$/g, ''),
        port: base.port || undefined,
        method: request.method,
        path: `${prefix}${request.path}`,
        headers,
        // A fresh socket when the source address matters; pooled sockets otherwise.
        agent: request.localAddress ? false : agents[protocol],
        localAddress: request.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = value;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
      },
    );
    req.on('error', reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}
