import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

/** One request that went through the proxy, with the answer's body for the auth paths. */
export interface ProxiedExchange {
  method: string;
  path: string;
  requestHeaders: IncomingHttpHeaders;
  /** The request body, kept for `/api/auth/*` only. */
  requestBody: string;
  status: number;
  responseHeaders: IncomingHttpHeaders;
  /** The response body, kept for `/api/auth/*` only. */
  responseBody: string;
}

/** A page or script served by the proxy itself. */
export interface StaticFile {
  contentType: string;
  body: string;
}

export interface SameOriginProxy {
  url: string;
  exchanges: ProxiedExchange[];
  close(): Promise<void>;
}

/** Awaited before a request is forwarded, so that a test can hold one back. */
export type Gate = (method: string, path: string) => Promise<void>;

/** Sends one request on to the upstream server, headers and cookies untouched, and records it. */
function forward(upstream: URL, req: IncomingMessage, res: ServerResponse, exchanges: ProxiedExchange[]): void {
  const path = req.url ?? '/';
  const sent: Buffer[] = [];
  if (path.startsWith('/api/auth/')) req.on('data', (chunk: Buffer) => sent.push(chunk));
  const outgoing = httpRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path,
      headers: { ...req.headers, host: upstream.host },
    },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        exchanges.push({
          method: req.method ?? 'GET',
          path,
          requestHeaders: req.headers,
          requestBody: Buffer.concat(sent).toString('utf8'),
          status: answer.statusCode ?? 0,
          responseHeaders: answer.headers,
          responseBody: path.startsWith('/api/auth/') ? Buffer.concat(chunks).toString('utf8') : '',
        });
      });
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    },
  );
  outgoing.on('error', (error) => {
    res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`proxy error: ${error.message}`);
  });
  req.pipe(outgoing);
}

/**
 * A test-only origin for browser tests: it serves a few static files (the page and the SDK
 * bundle) and forwards every other request to the reference server, so that the page and
 * the API share one origin, as a web app and its API do behind one host.
 */
export async function startSameOriginProxy(
  target: string,
  files: Record<string, StaticFile>,
  gate: Gate = async () => undefined,
): Promise<SameOriginProxy> {
  const upstream = new URL(target);
  const exchanges: ProxiedExchange[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const file = files[path.split('?')[0] ?? '/'];
    if (file !== undefined && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': file.contentType, 'Cache-Control': 'no-store' });
      res.end(file.body);
      return;
    }
    gate(req.method ?? 'GET', path).then(
      () => forward(upstream, req, res, exchanges),
      (error: Error) => {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`gate error: ${error.message}`);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('proxy has no address');
  return {
    // localhost is a secure context, so Chromium keeps the `Secure` `__Host-` cookie over http.
    url: `http://localhost:${address.port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
