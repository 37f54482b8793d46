/**
 * `npm run lint:workflows`: lints the Arazzo workflows of openapi/workflows/ in two passes and
 * fails on any error or warning.
 *
 * 1. Redocly CLI with lint/novavms-workflows.redocly.yaml: the rules `redocly respect` itself
 *    applies before it runs a file (so that a file the lint passes is one respect will run).
 * 2. The house rules below, which Redocly cannot express: every step states its expected
 *    status, a documented one, and for a problem its `code`, whose status is that status;
 *    every operation exists; step ids are unique across a document; the source description
 *    is the bundled contract; every input is a credential variable or a value the runner
 *    takes from the contract.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { errorCodes, errors, operations } from '../../generated/contract.js';
import { generatedDir, repoRoot } from '../paths.js';
import { redoclyBin, redoclyEnv } from '../redocly.js';
import {
  expectedCode,
  expectedStatus,
  readWorkflowFiles,
  type WorkflowFile,
  workflowInputs,
  workflowsDir,
} from './documents.js';
import { CREDENTIAL_VARIABLES, contractInputs } from './inputs.js';

const run = promisify(execFile);

/** The Redocly configuration of the workflow lint. */
const workflowsLintConfig = path.join(repoRoot, 'lint', 'novavms-workflows.redocly.yaml');

/** One finding, located in a workflow file. */
export interface WorkflowFinding {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  file: string;
  line: number;
  column: number;
}

type Report = (rule: string, pointer: string, message: string) => void;

const isProblemStatus = (status: number) => status >= 400;
const knownCode = (code: string): code is keyof typeof errors => (errorCodes as readonly string[]).includes(code);
const knownOperation = (id: string): id is keyof typeof operations => Object.hasOwn(operations, id);

/** The house rules on one parsed file. */
export function houseFindings(file: WorkflowFile): WorkflowFinding[] {
  const findings: WorkflowFinding[] = [];
  const report: Report = (rule, pointer, message) =>
    findings.push({ rule, severity: 'error', message, file: file.file, ...file.position(pointer) });
  const { document } = file;

  const sources = document.sourceDescriptions ?? [];
  const bundled = path.join(generatedDir, 'openapi.json');
  if (
    sources.length !== 1 ||
    sources[0]!.type !== 'openapi' ||
    path.resolve(path.dirname(file.file), sources[0]!.url) !== bundled
  ) {
    report(
      'workflow-source-is-contract',
      '#/sourceDescriptions',
      `the only source description must be the bundled contract, type openapi, url ${path.relative(path.dirname(file.file), bundled)}`,
    );
  }

  const stepIds = new Map<string, string>();
  document.workflows.forEach((workflow, w) => {
    for (const input of workflowInputs(document, workflow)) {
      const known = input.fromEnvironment
        ? (CREDENTIAL_VARIABLES as readonly string[]).includes(input.name)
        : Object.hasOwn(contractInputs, input.name);
      if (!known) {
        report(
          'workflow-input-known',
          `#/workflows/${w}/inputs`,
          input.fromEnvironment
            ? `input env.${input.name} is not a credential variable (${CREDENTIAL_VARIABLES.join(', ')})`
            : `input ${input.name} is not one the runner supplies from the contract (${Object.keys(contractInputs).join(', ')})`,
        );
      }
    }
    workflow.steps.forEach((step, s) => {
      const at = `#/workflows/${w}/steps/${s}`;
      const other = stepIds.get(step.stepId);
      if (other) {
        report(
          'workflow-step-id-unique',
          `${at}/stepId`,
          `stepId ${step.stepId} is also used in workflow ${other}: Redocly keeps step outputs in one map per document, so step ids must be unique across it`,
        );
      } else stepIds.set(step.stepId, workflow.workflowId);

      const operationId = step.operationId;
      if (!operationId || !knownOperation(operationId)) {
        report(
          'workflow-step-operation',
          operationId ? `${at}/operationId` : at,
          `step ${step.stepId} must name an operation of the contract by operationId${operationId ? `; ${operationId} is not one` : ''}`,
        );
        return;
      }
      const status = expectedStatus(step);
      if (status === undefined) {
        report(
          'workflow-step-status',
          `${at}/successCriteria`,
          `step ${step.stepId} must state its expected status in exactly one criterion "$statusCode == N"`,
        );
        return;
      }
      const documented: readonly number[] = operations[operationId].statuses;
      if (!documented.includes(status)) {
        report(
          'workflow-step-status',
          `${at}/successCriteria`,
          `step ${step.stepId} expects ${status}, which ${operationId} does not document (${documented.join(', ')})`,
        );
      }
      const code = expectedCode(step);
      if (isProblemStatus(status) && code === undefined) {
        report(
          'workflow-step-problem-code',
          `${at}/successCriteria`,
          `step ${step.stepId} expects the problem status ${status}: state its code in one criterion "$response.body#/code == 'CODE'"`,
        );
      } else if (code !== undefined && !knownCode(code)) {
        report('workflow-step-problem-code', `${at}/successCriteria`, `${code} is not an ErrorCode of the contract`);
      } else if (code !== undefined && knownCode(code) && errors[code].status !== status) {
        report(
          'workflow-step-problem-code',
          `${at}/successCriteria`,
          `step ${step.stepId} expects ${code} with status ${status}, but the contract gives ${code} the status ${errors[code].status}`,
        );
      }
    });
  });
  return findings;
}

interface RedoclyProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location?: { source: { ref: string }; start?: { line: number; col: number } }[];
}

/** Redocly's findings on `files` (one run); a run that gives no report throws with what it said. */
async function redoclyFindings(files: readonly string[]): Promise<WorkflowFinding[]> {
  const args = ['lint', ...files, '--config', workflowsLintConfig, '--format', 'json'];
  const options = { cwd: repoRoot, env: redoclyEnv, maxBuffer: 64 * 1024 * 1024 };
  const output = await run(redoclyBin, args, options).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: error.stdout ?? '',
    stderr: error.stderr ?? String(error),
  }));
  const reports: { problems: RedoclyProblem[] }[] = [];
  // One JSON document per file, printed back to back.
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < output.stdout.length; i++) {
    const c = output.stdout[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) reports.push(JSON.parse(output.stdout.slice(start, i + 1)));
  }
  if (reports.length !== files.length) {
    const said = output.stderr.replace(/^\s*[╔║╚].*$/gm, '').trim();
    throw new Error(`Redocly CLI gave ${reports.length} reports for ${files.length} files:\n${said}`);
  }
  return reports.flatMap((report) =>
    report.problems.map((problem) => {
      const where = problem.location?.[0];
      return {
        rule: problem.ruleId,
        severity: problem.severity === 'error' ? 'error' : 'warning',
        message: problem.message,
        file: path.resolve(repoRoot, where?.source.ref ?? ''),
        line: where?.start?.line ?? 1,
        column: where?.start?.col ?? 1,
      } satisfies WorkflowFinding;
    }),
  );
}

/** Every finding of both passes on the workflow files of `dir`, in file and line order. */
async function lintWorkflowFiles(dir: string = workflowsDir): Promise<WorkflowFinding[]> {
  const files = await readWorkflowFiles(dir);
  const findings = [
    ...(await redoclyFindings(files.map((f) => f.file))),
    ...files.flatMap((file) => houseFindings(file)),
  ];
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** `file:line:col  severity  rule  message`, relative to the working directory. */
function formatWorkflowFinding(finding: WorkflowFinding, cwd = process.cwd()): string {
  const where = `${path.relative(cwd, finding.file)}:${finding.line}:${finding.column}`;
  return `${where}  ${finding.severity.padEnd(7)}  ${finding.rule}  ${finding.message}`;
}

/** Lints, prints the findings and a summary, and returns the exit code (0 clean, 1 findings, 2 could not lint). */
export async function lintWorkflows(dir: string = workflowsDir, print = console.log): Promise<number> {
  let findings: WorkflowFinding[];
  try {
    findings = await lintWorkflowFiles(dir);
  } catch (error) {
    print(`lint:workflows  could not lint: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  for (const finding of findings) print(formatWorkflowFinding(finding));
  const count = (await readWorkflowFiles(dir)).length;
  const files = `${count} file${count === 1 ? '' : 's'}`;
  print(
    findings.length === 0
      ? `lint:workflows  Redocly CLI (${path.relative(repoRoot, workflowsLintConfig)}) and house rules: ${files}, no problems`
      : `lint:workflows  ${findings.length} problem${findings.length === 1 ? '' : 's'} in ${files}`,
  );
  return findings.length === 0 ? 0 : 1;
}
