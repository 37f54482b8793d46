/**
 * `npm run mock`: the stateless example mock. Prism serves the contract's named examples
 * on port 4011 (`MOCK_PORT` overrides), validates requests against the spec and answers
 * 401 when a secured operation is called without a credential.
 */
import { commandLine } from '../tools/command-line.js';
import { startPrism } from '../tools/prism.js';

commandLine('mock', { options: {} });

const port = Number(process.env.MOCK_PORT ?? 4011);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`MOCK_PORT must be a port number, got ${JSON.stringify(process.env.MOCK_PORT)}`);
  process.exit(2);
}
const prism = await startPrism({ port, stdio: 'inherit' });
console.log(`Prism example mock of generated/openapi.yaml on ${prism.url} (Ctrl-C stops it)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void prism.stop().then(() => process.exit(0)));
}
