/**
 * The "Local development" guide against the reference server: the demo logins it lists,
 * the example key, the time travel and the files it says the server serves all work as
 * the guide says. Talks HTTP to a server started in-process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsDir } from '../../docs/build/build.js';
import { lifetimes } from '../../generated/contract.js';

const guide = readFileSync(path.join(docsDir, 'guides', '04-local-development.md'), 'utf8');
const USER_AGENT = 'novavms-docs-test/1.0';

/** The rows of the guide's demo-login table: email, password, role cell. */
function demoLogins(): { email: string; password: string; role: string }[] {
  const lines = guide.split('\n');
  const start = lines.findIndex((line) => line.startsWith('| Demo login | Password | Role |'));
  expect(start).toBeGreaterThanOrEqual(0);
  const rows: { email: string; password: string; role: string }[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [email = '', password = '', role = ''] = line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim().replace(/^`|`$/g, ''));
    rows.push({ email, password, role });
  }
  return rows;
}

let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  const { startServer } = await import('../../mock/src/index.js');
  server = await startServer({ port: 0 });
}, 60_000);

afterAll(() => server?.close());

async function login(email: string, password: string): Promise<Response> {
  return fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
    body: JSON.stringify({ email, password, client_type: 'api' }),
  });
}

async function me(token: string): Promise<Response> {
  return fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}`, 'user-agent': USER_AGENT } });
}

describe('the Local development guide, against the reference server', () => {
  it('lists demo logins that work, with the roles it gives them', async () => {
    const rows = demoLogins();
    expect(rows.map((row) => row.email)).toContain('ops@example.com');
    expect(rows.map((row) => row.email)).toContain('viewer@example.com');
    for (const row of rows) {
      const response = await login(row.email, row.password);
      if (row.role.includes('disabled')) {
        expect(response.status, row.email).toBe(401);
        expect(((await response.json()) as { code: string }).code).toBe('INVALID_CREDENTIALS');
        continue;
      }
      expect(response.status, row.email).toBe(200);
      const { access_token: token } = (await response.json()) as { access_token: string };
      const principal = (await (await me(token)).json()) as { role: string; email: string };
      expect(principal.email).toBe(row.email);
      expect(principal.role, row.email).toBe(row.role);
    }
  });

  it("is right that the examples' key works verbatim on the local server", async () => {
    expect(guide).toContain('sk_live_abc123');
    const response = await fetch(`${server.url}/api/v1/cameras`, {
      headers: { authorization: 'Bearer sk_live_abc123' },
    });
    expect(response.status).toBe(200);
  });

  it('is right about time travel: past the access lifetime a token gets 401 TOKEN_EXPIRED, and reset works', async () => {
    const { access_token: token } = (await (await login('ops@example.com', 'CorrectHorseBattery!')).json()) as {
      access_token: string;
    };
    expect((await me(token)).status).toBe(200);
    const seconds = lifetimes.UserAccessToken.defaultSeconds + 1;
    const advanced = await fetch(`${server.url}/__mock/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: `PT${seconds}S` }),
    });
    expect(advanced.status).toBe(200);
    const expired = await me(token);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { code: string }).code).toBe('TOKEN_EXPIRED');
    expect((await fetch(`${server.url}/__mock/clock`)).status).toBe(200);
    const reset = await fetch(`${server.url}/__mock/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(reset.ok).toBe(true);
    expect((await login('ops@example.com', 'CorrectHorseBattery!')).status).toBe(200);
  });

  it('is right that the server serves the contract next to the docs', async () => {
    for (const file of ['/openapi.json', '/openapi.yaml']) {
      expect(guide).toContain(`\`${file}\``);
      expect((await fetch(`${server.url}${file}`)).status, file).toBe(200);
    }
  });
});
