/**
 * Child entry point of the benchmarks: the baseline, a bare `node:http` server that answers
 * every request with the body and content type it is given over IPC (the reference server's
 * own `GET /api/v1/cameras` answer), so that the difference to the reference server is the
 * cost of its routing, authentication, validation and framework, nothing else.
 */
import { createServer } from 'node:http';
import type { BenchMessage, ChildMessage } from './child.js';

const send = (message: ChildMessage) => process.send?.(message);

process.once('message', (first: BenchMessage) => {
  if (first.kind !== 'body') return send({ kind: 'error', message: 'the bare server needs its body first' });
  const body = Buffer.from(first.body, 'utf8');
  const headers = { 'content-type': first.contentType, 'content-length': String(body.length) };
  const server = createServer((_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('disconnect', stop);
  process.on('message', (message: BenchMessage) => {
    if (message.kind === 'stop') stop();
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (typeof address !== 'object' || !address) return send({ kind: 'error', message: 'no address' });
    send({ kind: 'ready', url: `http://127.0.0.1:${address.port}` });
  });
});
