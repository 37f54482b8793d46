/**
 * `npm run test:workflows` end to end: every workflow passes against the reference server it
 * starts; through a proxy that makes the server break the contract (a replayed rotated
 * refresh token answered with the earlier success, User-Agent changes hidden from the
 * server) the run fails at the step that notices; the credentials come from NOVAVMS_*; and
 * nothing it prints or leaves behind names a secret.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { repoRoot } from '../../tools/paths.js';
import { buildReferenceServer, type RunningServer, startReferenceServer } from '../../tools/reference-server.js';
import { type DepartingProxy, type Departure, startDepartingProxy } from '../contract/support/departing-proxy.js';
import { npmTestWorkflows, secretsIn } from './support/npm-workflows.js';

const dir = path.join(repoRoot, 'openapi', 'workflows');
const workflowIds = readdirSync(dir)
  .filter((name) => name.endsWith('.arazzo.yaml'))
  .flatMap((name) =>
    (YAML.parse(readFileSync(path.join(dir, name), 'utf8')) as { workflows: { workflowId: string }[] }).workflows.map(
      (w) => w.workflowId,
    ),
  );

/** Temporary directories of the runner that exist now. */
const runnerTempDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('novavms-workflows-'));

test('the workflow files hold the flows of the source page', () => {
  expect(workflowIds).toEqual(
    expect.arrayContaining([
      'apiClientRotation',
      'rememberMeLifetimes',
      'userAgentBinding',
      'webClientCookie',
      'uniformLoginFailure',
      'sandboxKeyLifecycle',
      'viewerCannotMintKey',
    ]),
  );
});

test('npm run test:workflows passes against the reference server it starts, and prints no secret', async () => {
  const before = runnerTempDirs();
  const run = await npmTestWorkflows();
  expect(run.output).toMatch(/workflows: 2 files against http:\/\/127\.0\.0\.1:\d+ \(reference server/);
  for (const id of workflowIds) expect(run.output).toContain(` / ${id}`);
  const n = workflowIds.length;
  expect(run.output).toMatch(new RegExp(`workflows: ${n} workflows \\(${n} passed\\), \\d+ steps \\(\\d+ passed\\)`));
  expect(run.output).not.toMatch(/failed steps/);
  expect(secretsIn(run.output)).toEqual([]);
  expect(run.code, run.output).toBe(0);
  expect(runnerTempDirs().filter((name) => !before.includes(name))).toEqual([]);
});

describe('against a server that breaks the contract', () => {
  let server: RunningServer;
  const proxies: DepartingProxy[] = [];

  beforeAll(async () => {
    buildReferenceServer();
    server = await startReferenceServer();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.close()));
    await server?.stop();
  });

  async function through(departure: Departure): Promise<string> {
    const proxy = await startDepartingProxy(server.url, departure);
    proxies.push(proxy);
    return proxy.url;
  }

  test('a faithful proxy changes nothing: the rotation and binding workflows pass through it', async () => {
    const run = await npmTestWorkflows(['--workflow', 'apiClientRotation', '--workflow', 'userAgentBinding'], {
      NOVAVMS_BASE_URL: await through('none'),
    });
    expect(run.output).toContain('workflows: 2 workflows (2 passed)');
    expect(run.code, run.output).toBe(0);
  });

  test('a replayed rotated refresh token answered with the earlier 200 fails apiClientRotation at rotationReplay', async () => {
    const run = await npmTestWorkflows(['--workflow', 'apiClientRotation'], {
      NOVAVMS_BASE_URL: await through('accept-rotated-refresh-token'),
    });
    expect(run.output).toContain('workflows: 1 workflow (0 passed, 1 failed)');
    expect(run.output).toContain('failed steps: apiClientRotation/rotationReplay');
    expect(run.output).toMatch(/✗ success criteria check - \$statusCode == 401/);
    expect(secretsIn(run.output)).toEqual([]);
    expect(run.code).toBe(1);
  });

  test('User-Agent changes hidden from the server fail userAgentBinding at boundRefreshOtherAgent', async () => {
    const run = await npmTestWorkflows(['--workflow', 'userAgentBinding'], {
      NOVAVMS_BASE_URL: await through('hide-user-agent'),
    });
    expect(run.output).toContain('failed steps: userAgentBinding/boundRefreshOtherAgent');
    expect(secretsIn(run.output)).toEqual([]);
    expect(run.code).toBe(1);
  });

  test('the credentials are the NOVAVMS_* variables: a wrong viewer password fails the viewer step, unprinted', async () => {
    const wrong = 'Not-The-Viewer-Password-7c1f';
    const run = await npmTestWorkflows(['--workflow', 'viewerCannotMintKey'], {
      NOVAVMS_BASE_URL: server.url,
      NOVAVMS_VIEWER_PASSWORD: wrong,
    });
    expect(run.output).toContain('failed steps: viewerCannotMintKey/viewerLogin');
    expect(secretsIn(run.output, [wrong])).toEqual([]);
    expect(run.code).toBe(1);
  });

  test('verbose output and the JSON report of a failing run are masked, and no temporary file is left', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'novavms-wf-report-'));
    try {
      const report = path.join(out, 'report.json');
      const before = runnerTempDirs();
      const run = await npmTestWorkflows(['--verbose', '--json-output', report], {
        NOVAVMS_BASE_URL: await through('accept-rotated-refresh-token'),
      });
      expect(run.code).toBe(1);
      const json = await readFile(report, 'utf8');
      // respect printed (and recorded) the places where secrets travel, and each was masked
      for (const text of [run.output, json]) {
        expect(text).toMatch(/authorization"?: "?Bearer \[redacted\]/i);
        expect(text).toMatch(/"refresh_token": "\[redacted\]"/);
        expect(text).toMatch(/"secret": "\[redacted\]"/);
        expect(secretsIn(text)).toEqual([]);
      }
      expect(JSON.parse(json).files).toBeDefined();
      expect(runnerTempDirs().filter((name) => !before.includes(name))).toEqual([]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
