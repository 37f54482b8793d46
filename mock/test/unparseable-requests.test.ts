/**
 * Requests the HTTP layer of the server process gets before any route: bytes that are not
 * HTTP, CONNECT (which Node hands past the application), and headers larger than Node
 * accepts. Each gets a problem, never a dropped socket or a stack trace. Everything an HTTP
 * client can send to a route is checked by the contract suite (test/contract/errors.test.ts).
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../../test/contract/support/expectations.js';
import { pathOf } from '../../test/contract/support/operation-path.js';
import { useTestServer } from './support/server.js';

const t = useTestServer();

/** Writes `bytes` on a fresh connection and reads until the server closes it. */
function exchange(bytes: string, end: boolean): Promise<string> {
  return new Promise<string>((resolvePromise, reject) => {
    const socket = connect(t.server.port, '127.0.0.1', () => (end ? socket.end(bytes) : socket.write(bytes)));
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString('utf8')));
    socket.on('end', () => resolvePromise(data));
    socket.on('error', reject);
  });
}

describe('unparseable requests', () => {
  it('bytes that are not HTTP get a 400 problem, and the connection is closed', async () => {
    const answer = await exchange('BLAH /api/v1/cameras HTTP/1.1\r\nHost: x\r\n\r\n', true);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('Content-Type: application/problem+json');
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body.code).toBe('INVALID_REQUEST');
  });

  it('CONNECT, which Node keeps from the application, gets a 404 problem (this is no proxy), and the connection is closed', async () => {
    const answer = await exchange('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', false);
    expect(answer).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(answer).toContain('Content-Type: application/problem+json');
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
    expect(body).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('headers larger than Node accepts get a 400 problem', async () => {
    const res = await t.client.send({ path: pathOf('listCameras'), headers: { 'x-filler': 'y'.repeat(20_000) } });
    expectProblem(res, 'INVALID_REQUEST');
  });
});
