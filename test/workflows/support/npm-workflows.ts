/**
 * Runs the real `npm run test:workflows` as a user would, with the environment given, and
 * returns its exit code and everything it printed.
 */
import { spawn } from 'node:child_process';
import { repoRoot } from '../../../tools/paths.js';

export interface WorkflowsRun {
  code: number;
  output: string;
}

/** `npm run -s test:workflows -- ARGS` with `env` on top of this process's (NOVAVMS_* cleared first). */
export function npmTestWorkflows(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<WorkflowsRun> {
  const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(base)) if (name.startsWith('NOVAVMS_')) delete base[name];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'test:workflows', '--', ...args], {
      cwd: repoRoot,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** Token-, key- and password-shaped values, and the demo password, as they would leak. */
const SECRET_SHAPES: { name: string; shape: RegExp }[] = [
  { name: 'a refresh token', shape: /rt_[A-Za-z0-9_-]{20,}/ },
  { name: 'an API key', shape: /sk_(?:live|test)_[A-Za-z0-9]{20,}/ },
  { name: 'a JWT', shape: /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: 'the demo password', shape: /CorrectHorseBattery!/ },
];

/** The secrets `text` shows, by name (empty when it shows none). */
export function secretsIn(text: string, extra: string[] = []): string[] {
  const found = SECRET_SHAPES.filter(({ shape }) => shape.test(text)).map(({ name }) => name);
  for (const value of extra) if (text.includes(value)) found.push(`the value ${value.slice(0, 3)}…`);
  return found;
}
