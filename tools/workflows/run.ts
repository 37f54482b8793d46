/**
 * `npm run test:workflows`: runs every Arazzo workflow of openapi/workflows/ with
 * `redocly respect` against a NovaVMS server, and prints what respect printed, masked, and a
 * one-line summary. Without NOVAVMS_BASE_URL it builds and starts the reference server (fresh
 * demo data in memory); with it, it checks that server with the credentials the contract
 * suite reads (NOVAVMS_EMAIL, …; the demo users by default). The credentials reach respect
 * through its environment only, never its command line.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../paths.js';
import { redoclyBin, redoclyEnv } from '../redocly.js';
import { buildReferenceServer, startReferenceServer } from '../reference-server.js';
import { readSettings } from '../target-settings.js';
import { readWorkflowFiles, workflowsDir } from './documents.js';
import { contractInputArgument, credentialEnvironment } from './inputs.js';
import { createMasker, lineMasker } from './mask.js';

/** How to run the workflows. */
export interface RunWorkflowsOptions {
  /** Where the settings (NOVAVMS_*) are read from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Only these workflowIds (all by default). */
  workflows?: readonly string[];
  /** The directory of the workflow files (default openapi/workflows). */
  dir?: string;
  /** respect's verbose mode: every request and response, masked. */
  verbose?: boolean;
  /** Also write respect's JSON report, masked, to this file. */
  jsonOutput?: string;
  /** Where output goes (default process.stdout). */
  write?: (text: string) => void;
}

/** Passed / failed / total of one kind of thing respect counts. */
interface Tally {
  passed: number;
  failed: number;
  total: number;
}

/** The outcome of a run. */
export interface RunWorkflowsResult {
  exitCode: number;
  target: string;
  workflows: Tally;
  steps: Tally;
  checks: Tally;
  /** workflowId → `success` or `error`, for each workflow respect ran. */
  outcomes: Record<string, string>;
  /** stepIds whose checks failed, as `workflowId/stepId`. */
  failedSteps: string[];
  seconds: number;
}

interface RespectReport {
  files: Record<
    string,
    {
      executedWorkflows: {
        workflowId: string;
        status: string;
        executedSteps: { stepId: string; status: string; checks?: { passed: boolean }[] }[];
      }[];
    }
  >;
}

const tally = (): Tally => ({ passed: 0, failed: 0, total: 0 });
function count(t: Tally, ok: boolean): void {
  t.total++;
  if (ok) t.passed++;
  else t.failed++;
}

/** The counts of a respect JSON report. */
function summarise(report: RespectReport) {
  const workflows = tally();
  const steps = tally();
  const checks = tally();
  const outcomes: Record<string, string> = {};
  const failedSteps: string[] = [];
  for (const file of Object.values(report.files ?? {})) {
    for (const workflow of file.executedWorkflows ?? []) {
      outcomes[workflow.workflowId] = workflow.status;
      count(workflows, workflow.status === 'success');
      for (const step of workflow.executedSteps ?? []) {
        const stepChecks = step.checks ?? [];
        const ok = step.status === 'success' && stepChecks.every((c) => c.passed);
        count(steps, ok);
        if (!ok) failedSteps.push(`${workflow.workflowId}/${step.stepId}`);
        for (const check of stepChecks) count(checks, check.passed);
      }
    }
  }
  return { workflows, steps, checks, outcomes, failedSteps };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const line = (t: Tally, word: string) =>
  `${plural(t.total, word)} (${t.passed} passed${t.failed ? `, ${t.failed} failed` : ''})`;

/** Runs the workflows and resolves with the outcome; it never throws for a failing server. */
export async function runWorkflows(options: RunWorkflowsOptions = {}): Promise<RunWorkflowsResult> {
  const started = performance.now();
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const settings = readSettings(options.env ?? process.env);
  if (settings.kind === 'prism')
    throw new Error('the workflows need a stateful server: the Prism example mock cannot rotate or revoke anything');
  const credentials = credentialEnvironment(settings);
  const mask = createMasker([credentials.NOVAVMS_PASSWORD, credentials.NOVAVMS_VIEWER_PASSWORD]);

  const wanted = options.workflows ?? [];
  const all = await readWorkflowFiles(options.dir ?? workflowsDir);
  const unknown = wanted.filter((id) => !all.some((f) => f.document.workflows.some((w) => w.workflowId === id)));
  if (unknown.length > 0)
    throw new Error(`no workflow ${unknown.join(', ')} in ${path.relative(repoRoot, options.dir ?? workflowsDir)}`);
  // respect refuses a file that lacks a workflow asked for: give it only the files that hold one.
  const files =
    wanted.length === 0 ? all : all.filter((f) => f.document.workflows.some((w) => wanted.includes(w.workflowId)));
  const sources = [...new Set(files.flatMap((f) => f.document.sourceDescriptions.map((s) => s.name)))];

  let stopServer = async () => {};
  let baseUrl: string;
  let target: string;
  if (settings.kind === 'url') {
    baseUrl = settings.baseUrl!;
    target = baseUrl;
  } else {
    buildReferenceServer();
    const server = await startReferenceServer();
    stopServer = server.stop;
    baseUrl = server.url;
    target = `${baseUrl} (reference server, fresh demo data)`;
  }

  const work = await mkdtemp(path.join(tmpdir(), 'novavms-workflows-'));
  try {
    const report = path.join(work, 'report.json');
    const args = [
      'respect',
      ...files.map((f) => path.relative(repoRoot, f.file)),
      ...sources.flatMap((name) => ['--server', `${name}=${baseUrl}`]),
      '--input',
      contractInputArgument(),
      '--json-output',
      report,
      ...wanted.flatMap((id) => ['--workflow', id]),
      ...(options.verbose ? ['--verbose'] : []),
    ];
    const env: NodeJS.ProcessEnv = { ...redoclyEnv, ...credentials };
    if (!process.stdout.isTTY || options.write) env.NO_COLOR = '1';
    write(`workflows: ${plural(files.length, 'file')} against ${target}\n`);
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(redoclyBin, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
      // respect names its JSON report, a temporary file the runner reads and deletes.
      const out = lineMasker(mask, (text) => write(text.replace(/^.*JSON logs saved in .*\n/gm, '')));
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => out.push(chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => out.push(chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        out.flush();
        resolve(code ?? 1);
      });
    });

    let summary: ReturnType<typeof summarise> | undefined;
    try {
      const text = await readFile(report, 'utf8');
      summary = summarise(JSON.parse(text) as RespectReport);
      if (options.jsonOutput) {
        await writeFile(options.jsonOutput, mask(text));
        write(`workflows: JSON report, secrets masked, in ${path.relative(process.cwd(), options.jsonOutput)}\n`);
      }
    } catch {
      // respect stopped before running anything (its output above says why)
    }
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const result: RunWorkflowsResult = {
      exitCode: summary ? (exitCode === 0 && summary.workflows.failed === 0 ? 0 : 1) : exitCode || 1,
      target,
      workflows: summary?.workflows ?? tally(),
      steps: summary?.steps ?? tally(),
      checks: summary?.checks ?? tally(),
      outcomes: summary?.outcomes ?? {},
      failedSteps: summary?.failedSteps ?? [],
      seconds,
    };
    write(
      summary
        ? `workflows: ${line(result.workflows, 'workflow')}, ${line(result.steps, 'step')}, ${line(result.checks, 'check')} in ${seconds} s\n` +
            (result.failedSteps.length ? `workflows: failed steps: ${result.failedSteps.join(', ')}\n` : '')
        : `workflows: respect exited with ${exitCode} before running a workflow\n`,
    );
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
    await stopServer();
  }
}
