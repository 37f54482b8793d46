/**
 * The workflow pages of the built docs: one per Arazzo workflow, after the guides, each with
 * its steps in order, the request each sends and the status (and problem code) each expects,
 * as the workflow files say; and the partner's `npx @redocly/cli respect` command works as
 * the page prints it.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { errors, operations } from '../../generated/contract.js';
import { repoRoot } from '../../tools/paths.js';
import { redoclyBin, redoclyEnv } from '../../tools/redocly.js';
import { buildReferenceServer, type RunningServer, startReferenceServer } from '../../tools/reference-server.js';
import { readSettings } from '../../tools/target-settings.js';
import { credentialEnvironment } from '../../tools/workflows/inputs.js';
import { type BuiltDocs, buildDocsForTest } from './support/built-docs.js';

interface RawStep {
  stepId: string;
  operationId: string;
  successCriteria: { condition: string; context?: string }[];
  parameters?: { name: string; value: unknown }[];
}
interface RawWorkflow {
  workflowId: string;
  summary: string;
  steps: RawStep[];
}

// Read straight from the files, not through the docs build's own reader.
const dir = path.join(repoRoot, 'openapi', 'workflows');
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.arazzo.yaml'))
  .sort()
  .map((name) => ({
    name,
    doc: YAML.parse(readFileSync(path.join(dir, name), 'utf8')) as { workflows: RawWorkflow[] },
  }));
const workflows = files.flatMap((f) => f.doc.workflows.map((w) => ({ ...w, file: f.name })));

let built: BuiltDocs;
beforeAll(async () => {
  built = await buildDocsForTest();
}, 60_000);
afterAll(() => built?.remove());

/** The Markdown of the page titled `title`: from its `# ` line to the next one. */
function page(title: string): string {
  const description = built.definition.info.description ?? '';
  const start = description.indexOf(`\n# ${title}\n`);
  expect(start, `no page "${title}"`).toBeGreaterThan(-1);
  const next = description.indexOf('\n# ', start + 1);
  return description.slice(start + 1, next === -1 ? undefined : next);
}

describe('the workflow pages', () => {
  it('are an overview and one page per workflow, after the guides, in the side menu of the served HTML', () => {
    expect(built.build.workflows).toEqual(['Workflows', ...workflows.map((w) => `Workflow: ${w.summary}`)]);
    for (const title of built.build.workflows) expect(built.html.includes(`>${title}</span>`), title).toBe(true);
  });

  it('list every workflow in the overview, with its file', () => {
    const overview = page('Workflows');
    for (const w of workflows) expect(overview).toContain(`| \`${w.workflowId}\` | \`openapi/workflows/${w.file}\` |`);
    expect(overview).toContain('npm run test:workflows');
  });

  it.each(workflows.map((w) => [w.workflowId, w] as const))(
    'show the steps of %s with what each sends and expects',
    (_id, w) => {
      const markdown = page(`Workflow: ${w.summary}`);
      let at = 0;
      w.steps.forEach((step, i) => {
        const op = operations[step.operationId as keyof typeof operations];
        const status = step.successCriteria.map((c) => /^\$statusCode == (\d+)$/.exec(c.condition)?.[1]).find(Boolean);
        const code = step.successCriteria
          .map((c) => /^\$response\.body#\/code == '([A-Z_]+)'$/.exec(c.condition)?.[1])
          .find(Boolean);
        const expects = `**${status}**${code ? ` \`${code}\` (${errors[code as keyof typeof errors].title})` : ''}`;
        // the steps table, in order
        const row = `| ${i + 1} | \`${step.stepId}\` | \`${op.method} ${op.path}\` | ${expects} |`;
        expect(markdown).toContain(row);
        // and a section per step, in order, with what it sends
        const heading = `### ${i + 1}. ${step.stepId}: ${op.method} ${op.path}`;
        const found = markdown.indexOf(heading, at);
        expect(found, heading).toBeGreaterThan(at - 1);
        at = found;
        const end = markdown.indexOf('\n### ', found + 1);
        const section = markdown.slice(found, end === -1 ? undefined : end);
        expect(section).toContain(`- Expects: ${expects}`);
        for (const parameter of step.parameters ?? [])
          expect(section).toContain(`${parameter.name}: ${String(parameter.value)}`);
      });
    },
  );

  it('say where each lifetime input comes from, with the contract value', () => {
    const markdown = page('Workflow: Token lifetimes with and without remember_me');
    expect(markdown).toMatch(/\| `refresh_token_lifetime_seconds` \| `--input` \| .*`604800` \(7 days\)/);
    expect(markdown).toMatch(/\| `remember_me_refresh_token_lifetime_seconds` \| `--input` \| .*`2592000` \(30 days\)/);
    expect(markdown).toContain('--input refresh_token_lifetime_seconds=604800');
  });
});

describe('the command a workflow page prints', () => {
  let server: RunningServer;
  beforeAll(async () => {
    buildReferenceServer();
    server = await startReferenceServer();
  }, 60_000);
  afterAll(() => server?.stop());

  it('runs the workflow against a server, with only the server swapped', async () => {
    const markdown = page('Workflow: Token lifetimes with and without remember_me');
    const command = /```bash\n(npx @redocly\/cli@[0-9.]+ respect [\s\S]*?)\n```/.exec(markdown)?.[1];
    expect(command).toBeDefined();
    const args = command!
      .replace(/\\\n/g, ' ')
      .replace('https://staging.example.com', server.url)
      .trim()
      .split(/\s+/)
      .slice(2); // the project's own CLI instead of npx, which may not download anything here
    expect(args.slice(0, 2)).toEqual(['respect', 'openapi/workflows/sessions.arazzo.yaml']);
    const env = { ...redoclyEnv, ...credentialEnvironment(readSettings({})) }; // the demo users
    const { stdout } = await promisify(execFile)(redoclyBin, args, { cwd: repoRoot, env });
    expect(stdout).toMatch(/Workflows: 1 passed, 1 total/);
  });
});
