/**
 * `npm run lint:workflows`: the workflows lint clean, and each house rule catches the one
 * thing it is about (a valid file changed in one place, then linted); Redocly's pass catches
 * what stops `redocly respect` before it runs (a step output that another step's id hides).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { repoRoot } from '../../tools/paths.js';
import { parseWorkflowFile } from '../../tools/workflows/documents.js';
import { houseFindings } from '../../tools/workflows/lint.js';

const sessionsFile = path.join(repoRoot, 'openapi', 'workflows', 'sessions.arazzo.yaml');

// biome-ignore lint/suspicious/noExplicitAny: an Arazzo document edited freely in each case
type Doc = any;

function lintChanged(change: (doc: Doc) => void) {
  return readFile(sessionsFile, 'utf8').then((source) => {
    const doc = YAML.parse(source) as Doc;
    change(doc);
    return houseFindings(parseWorkflowFile(sessionsFile, YAML.stringify(doc))).map((f) => ({
      rule: f.rule,
      message: f.message,
    }));
  });
}

const step = (doc: Doc, workflowId: string, stepId: string) =>
  doc.workflows.find((w: Doc) => w.workflowId === workflowId).steps.find((s: Doc) => s.stepId === stepId);

function npmLintWorkflows(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', 'lint:workflows', '--', ...args], { cwd: repoRoot }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: stdout + stderr }),
    );
  });
}

test('npm run lint:workflows passes on openapi/workflows/', async () => {
  const run = await npmLintWorkflows([]);
  expect(run.stdout).toMatch(
    /lint:workflows {2}Redocly CLI \(lint\/novavms-workflows\.redocly\.yaml\) and house rules: \d+ files, no problems/,
  );
  expect(run.code, run.stdout).toBe(0);
});

test('the house rules find nothing in the real file', async () => {
  expect(await lintChanged(() => {})).toEqual([]);
});

describe('each house rule on the real file changed in one place', () => {
  test.each([
    {
      rule: 'workflow-step-status',
      what: 'a step without its expected status',
      change: (d: Doc) => {
        step(d, 'apiClientRotation', 'rotationListCameras').successCriteria = [{ condition: '$response.body#/data' }];
      },
      message: /rotationListCameras must state its expected status/,
    },
    {
      rule: 'workflow-step-status',
      what: 'a status the operation does not document',
      change: (d: Doc) => {
        step(d, 'apiClientRotation', 'rotationListCameras').successCriteria[0].condition = '$statusCode == 202';
      },
      message: /expects 202, which listCameras does not document/,
    },
    {
      rule: 'workflow-step-problem-code',
      what: 'a problem status without its code',
      change: (d: Doc) => {
        step(d, 'apiClientRotation', 'rotationReplay').successCriteria.pop();
      },
      message: /problem status 401: state its code/,
    },
    {
      rule: 'workflow-step-problem-code',
      what: 'a code of another status',
      change: (d: Doc) => {
        step(d, 'apiClientRotation', 'rotationReplay').successCriteria[1].condition =
          "$response.body#/code == 'INSUFFICIENT_SCOPE'";
      },
      message: /INSUFFICIENT_SCOPE with status 401, but the contract gives INSUFFICIENT_SCOPE the status 403/,
    },
    {
      rule: 'workflow-step-problem-code',
      what: 'a code the contract does not have',
      change: (d: Doc) => {
        step(d, 'apiClientRotation', 'rotationReplay').successCriteria[1].condition =
          "$response.body#/code == 'STOLEN'";
      },
      message: /STOLEN is not an ErrorCode/,
    },
    {
      rule: 'workflow-step-operation',
      what: 'an operation the contract lacks',
      change: (d: Doc) => {
        step(d, 'apiClientRotation', 'rotationListCameras').operationId = 'listDoorbells';
      },
      message: /listDoorbells is not one/,
    },
    {
      rule: 'workflow-step-id-unique',
      what: 'a stepId used in two workflows',
      change: (d: Doc) => {
        step(d, 'userAgentBinding', 'boundLogin').stepId = 'rotationLogin';
      },
      message: /stepId rotationLogin is also used in workflow apiClientRotation/,
    },
    {
      rule: 'workflow-input-known',
      what: 'an input the runner does not supply',
      change: (d: Doc) => {
        d.workflows.find((w: Doc) => w.workflowId === 'rememberMeLifetimes').inputs.properties.refresh_days = {
          type: 'integer',
        };
      },
      message: /input refresh_days is not one the runner supplies/,
    },
    {
      rule: 'workflow-input-known',
      what: 'an environment variable that is not a credential',
      change: (d: Doc) => {
        d.components.inputs.ownerEnv.properties.HOME = { type: 'string' };
      },
      message: /input env\.HOME is not a credential variable/,
    },
    {
      rule: 'workflow-source-is-contract',
      what: 'a source other than the bundled contract',
      change: (d: Doc) => {
        d.sourceDescriptions[0].url = '../openapi.yaml';
      },
      message: /the only source description must be the bundled contract/,
    },
  ])('$rule: $what', async ({ rule, change, message }) => {
    const findings = await lintChanged(change);
    expect(findings.map((f) => f.rule)).toContain(rule);
    expect(new Set(findings.map((f) => f.rule))).toEqual(new Set([rule]));
    expect(findings.find((f) => f.rule === rule)!.message).toMatch(message);
  });
});

test('npm run lint:workflows fails on a copy whose stepIds hide each other, with the Redocly rule and the house rule', async () => {
  // Two levels below the repository, like openapi/workflows/, so that the source URL resolves.
  await mkdir(path.join(repoRoot, 'test-results'), { recursive: true });
  const copy = await mkdtemp(path.join(repoRoot, 'test-results', 'workflows-lint-'));
  try {
    const doc = YAML.parse(await readFile(sessionsFile, 'utf8')) as Doc;
    // A later step named like the login of apiClientRotation, with other outputs.
    step(doc, 'userAgentBinding', 'boundLogin').stepId = 'rotationLogin';
    for (const s of doc.workflows.find((w: Doc) => w.workflowId === 'userAgentBinding').steps)
      for (const p of s.parameters ?? []) p.value = String(p.value).replace('boundLogin', 'rotationLogin');
    step(doc, 'userAgentBinding', 'rotationLogin').outputs = { bound: '$response.body#/refresh_token' };
    for (const s of doc.workflows.find((w: Doc) => w.workflowId === 'userAgentBinding').steps)
      for (const p of s.parameters ?? [])
        p.value = String(p.value).replace('rotationLogin.outputs.refreshToken', 'rotationLogin.outputs.bound');
    await writeFile(path.join(copy, 'sessions.arazzo.yaml'), YAML.stringify(doc));
    const run = await npmLintWorkflows(['--dir', copy]);
    expect(run.stdout).toMatch(
      /sessions\.arazzo\.yaml:\d+:\d+ {2}error {4}outputs-defined {2}Output key "refreshToken"/,
    );
    expect(run.stdout).toMatch(/sessions\.arazzo\.yaml:\d+:\d+ {2}error {4}workflow-step-id-unique {2}/);
    expect(run.code).toBe(1);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
});
