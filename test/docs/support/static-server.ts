import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One response of the static test server. */
export interface StaticFile {
  type: string;
  body: string | Buffer;
}

/**
 * A tiny HTTP server on 127.0.0.1 that serves fixed bodies by path, for pages the docs
 * tests make up (the negative control of the offline check). 404 for anything else.
 */
export async function startStaticServer(
  files: Readonly<Record<string, StaticFile>>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://127.0.0.1').pathname];
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
