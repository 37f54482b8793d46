/**
 * The docs pages of the Arazzo workflows, generated from openapi/workflows/*.arazzo.yaml at
 * build time: an overview, then one page per workflow with its inputs and, step by step, the
 * operation it calls, what it sends and what it expects. Statuses, problem titles and input
 * values come from the workflow files and generated/contract.ts, never typed here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { errors, operations } from '../../generated/contract.js';
import { repoRoot } from '../../tools/paths.js';
import {
  type ArazzoDocument,
  type Criterion,
  criterionType,
  expectedCode,
  expectedStatus,
  type Step,
  type Workflow,
  type WorkflowFile,
  workflowInputs,
} from '../../tools/workflows/documents.js';
import { contractInputs } from '../../tools/workflows/inputs.js';
import { humanDuration } from './duration.js';
import type { Guide } from './guides.js';
import { code, markdownTable } from './markdown.js';

/** Title of the overview page. */
const WORKFLOWS_TITLE = 'Workflows';

/** Title of the page of one workflow. */
function workflowTitle(workflow: Workflow): string {
  return `Workflow: ${workflow.summary ?? workflow.workflowId}`;
}

const EXAMPLE_SERVER = 'https://staging.example.com';

/** The Redocly CLI the project pins, so that a partner runs the version the workflows are tested with. */
const REDOCLY_CLI = `@redocly/cli@${
  (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> })
    .devDependencies['@redocly/cli']
}`;

function fenced(language: string, source: string): string {
  return `\`\`\`${language}\n${source.trimEnd()}\n\`\`\``;
}

function relative(file: string): string {
  return path.relative(repoRoot, file).split(path.sep).join('/');
}

function operationOf(step: Step): { method: string; path: string } {
  const op = step.operationId
    ? (operations as Record<string, { method: string; path: string }>)[step.operationId]
    : undefined;
  if (!op) throw new Error(`step ${step.stepId} calls ${step.operationId ?? 'no operation'}, which the contract lacks`);
  return op;
}

/** The `npx @redocly/cli respect` command that runs one workflow (or a whole file) against a server. */
function respectCommand(file: WorkflowFile, workflow?: Workflow): string {
  const lines = [`npx ${REDOCLY_CLI} respect ${relative(file.file)}`];
  if (workflow) lines.push(`--workflow ${workflow.workflowId}`);
  for (const source of file.document.sourceDescriptions) lines.push(`--server ${source.name}=${EXAMPLE_SERVER}`);
  const plain = (workflow ? [workflow] : file.document.workflows).flatMap((w) =>
    workflowInputs(file.document, w).filter((input) => !input.fromEnvironment),
  );
  for (const name of new Set(plain.map((input) => input.name)))
    lines.push(`--input ${name}=${contractInputs[name]?.value ?? '…'}`);
  return lines.join(' \\\n  ');
}

function inputsTable(document: ArazzoDocument, workflow: Workflow): string {
  const rows = workflowInputs(document, workflow).map((input) => {
    if (input.fromEnvironment) {
      return [
        code(input.name),
        'environment variable',
        `${input.description ?? ''}${input.secret ? " Masked in respect's output." : ''}`,
      ];
    }
    const fromContract = contractInputs[input.name];
    const value = fromContract
      ? `${code(String(fromContract.value))} (${humanDuration(fromContract.value)}), the ${fromContract.source}.`
      : '';
    return [code(input.name), code('--input'), `${input.description ?? ''} ${value}`.trim()];
  });
  return markdownTable(['Input', 'Given as', 'Meaning'], rows);
}

function parameterLine(parameter: { name: string; in?: string; value: unknown }): string {
  const where = parameter.in === 'header' ? 'header' : parameter.in === 'path' ? 'path parameter' : parameter.in;
  return `${where ?? 'parameter'} ${code(`${parameter.name}: ${String(parameter.value)}`)}`;
}

function criterionLine(criterion: Criterion): string {
  const type = criterionType(criterion);
  if (type === 'simple') return code(criterion.condition);
  const on = criterion.context ? ` on ${code(criterion.context)}` : '';
  return `${type === 'jsonpath' ? 'JSONPath' : type} ${code(criterion.condition)}${on}`;
}

/** What a step's answer must be, headline first: the status and, for a problem, its code and title. */
function expectation(step: Step): string {
  const status = expectedStatus(step);
  const problem = expectedCode(step);
  let headline = status === undefined ? 'no status stated' : `**${status}**`;
  if (problem) {
    const entry = (errors as Record<string, { title: string }>)[problem];
    headline += ` ${code(problem)}${entry ? ` (${entry.title})` : ''}`;
  }
  return headline;
}

function stepSection(step: Step, index: number): string {
  const op = operationOf(step);
  const lines = [`### ${index + 1}. ${step.stepId}: ${op.method} ${op.path}`, ''];
  if (step.description) lines.push(step.description, '');
  const sends: string[] = (step.parameters ?? []).map(parameterLine);
  lines.push(`- Calls: ${code(step.operationId!)} (${code(`${op.method} ${op.path}`)})`);
  if (sends.length > 0) lines.push(`- Sends: ${sends.join('; ')}`);
  const body = step.requestBody;
  if (body?.payload !== undefined) {
    lines.push(`- Body (${code(body.contentType ?? 'application/json')}):`, '');
    lines.push(
      fenced('json', JSON.stringify(body.payload, null, 2))
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
      '',
    );
  }
  const others = (step.successCriteria ?? []).filter(
    (c) => !(criterionType(c) === 'simple' && /^\s*(\$statusCode|\$response\.body#\/code)\s*==/.test(c.condition)),
  );
  lines.push(`- Expects: ${expectation(step)}${others.length ? `, and ${others.map(criterionLine).join(', ')}` : ''}`);
  const outputs = Object.entries(step.outputs ?? {});
  if (outputs.length > 0)
    lines.push(`- Keeps: ${outputs.map(([name, value]) => `${code(name)} = ${code(value)}`).join(', ')}`);
  for (const action of step.onFailure ?? []) {
    if (action.type === 'goto' && action.stepId)
      lines.push(`- On failure: goes on with ${code(action.stepId)}, so that nothing is left behind.`);
  }
  return lines.join('\n');
}

function workflowPage(file: WorkflowFile, workflow: Workflow): Guide {
  const title = workflowTitle(workflow);
  const parts = [
    `# ${title}`,
    workflow.description?.trim() ?? '',
    `Workflow ${code(workflow.workflowId)} in ${code(relative(file.file))}. Run it against your server:`,
    fenced('bash', respectCommand(file, workflow)),
    '## Inputs',
    inputsTable(file.document, workflow),
    '## Steps',
    'Besides what each step expects, `redocly respect` checks every answer against the operation it calls: a documented status, a documented content type, and a body that matches the schema.',
    markdownTable(
      ['#', 'Step', 'Request', 'Expects'],
      workflow.steps.map((step, i) => {
        const op = operationOf(step);
        return [String(i + 1), code(step.stepId), code(`${op.method} ${op.path}`), expectation(step)];
      }),
    ),
    ...workflow.steps.map(stepSection),
  ];
  return { file: file.file, title, markdown: `${parts.filter(Boolean).join('\n\n')}\n` };
}

function overview(files: readonly WorkflowFile[]): Guide {
  const rows = files.flatMap((file) =>
    file.document.workflows.map((workflow) => [
      workflowTitle(workflow).replace(/^Workflow: /, ''),
      code(workflow.workflowId),
      code(relative(file.file)),
      String(workflow.steps.length),
    ]),
  );
  const markdown = [
    `# ${WORKFLOWS_TITLE}`,
    "The flows of these docs, as Arazzo 1.0 workflows (the OpenAPI Initiative's format for sequences of API calls) that a tool runs against a server. Each step calls an operation of this contract and states the status it expects and, for a problem, its `code`. `redocly respect` (Redocly CLI) runs them and also checks every answer against the operation: a documented status, the content type and the body schema. A partner team in any language can run them against its own staging server without installing anything else.",
    markdownTable(['Workflow', 'Id', 'File', 'Steps'], rows),
    '## Run them',
    'In this repository, `npm run test:workflows` runs every workflow against a reference server it starts, or, with `NOVAVMS_BASE_URL`, against your server. Against your own server from a copy of `openapi/workflows/` and `generated/openapi.json`, give the credentials as environment variables and the server with `--server`:',
    fenced(
      'bash',
      [
        'export NOVAVMS_EMAIL=owner@yourorg.example NOVAVMS_PASSWORD=…            # an owner or admin',
        'export NOVAVMS_VIEWER_EMAIL=viewer@yourorg.example NOVAVMS_VIEWER_PASSWORD=…  # a user without admin rights',
        ...files.map((file) => respectCommand(file)),
      ].join('\n'),
    ),
    'The key workflows create service accounts named "NovaVMS workflows …" (the contract has no operation that deletes one) and revoke every key they mint. Each run makes one failed login on the viewer account and one with an unknown email.',
  ].join('\n\n');
  return { file: files[0]?.file ?? repoRoot, title: WORKFLOWS_TITLE, markdown: `${markdown}\n` };
}

/** The overview and one page per workflow, in file and workflow order. */
export function workflowPages(files: readonly WorkflowFile[]): Guide[] {
  if (files.length === 0) return [];
  return [overview(files), ...files.flatMap((file) => file.document.workflows.map((w) => workflowPage(file, w)))];
}
