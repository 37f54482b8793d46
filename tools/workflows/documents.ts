/**
 * The Arazzo workflows in openapi/workflows/: reading them, and what a step expects, so that
 * the lint, the runner and the docs read the same files the same way.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { repoRoot } from '../paths.js';

/** Where the workflows live; every `*.arazzo.yaml` in it is one Arazzo document. */
export const workflowsDir = path.join(repoRoot, 'openapi', 'workflows');

/** A JSON Schema as Arazzo inputs use it (the parts read here). */
interface InputSchema {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  required?: string[];
  properties?: Record<string, InputSchema>;
}

/** An Arazzo criterion: a simple condition, or a regex / JSONPath one with its context. */
export interface Criterion {
  condition: string;
  context?: string;
  type?: string | { type: string; version?: string };
}

/** A step parameter. */
interface StepParameter {
  name: string;
  in?: string;
  value: unknown;
}

/** An Arazzo step (the parts read here). */
export interface Step {
  stepId: string;
  description?: string;
  operationId?: string;
  operationPath?: string;
  workflowId?: string;
  parameters?: StepParameter[];
  requestBody?: { contentType?: string; payload?: unknown };
  successCriteria?: Criterion[];
  outputs?: Record<string, string>;
  onFailure?: { name: string; type: string; stepId?: string; workflowId?: string }[];
}

/** An Arazzo workflow. */
export interface Workflow {
  workflowId: string;
  summary?: string;
  description?: string;
  inputs?: InputSchema;
  steps: Step[];
}

/** An Arazzo 1.0 document. */
export interface ArazzoDocument {
  arazzo: string;
  info: { title: string; version: string; summary?: string; description?: string };
  sourceDescriptions: { name: string; url: string; type?: string }[];
  workflows: Workflow[];
  components?: { inputs?: Record<string, InputSchema> };
}

/** One workflow file, parsed, with a way back from a JSON pointer to its line. */
export interface WorkflowFile {
  /** Absolute path. */
  file: string;
  document: ArazzoDocument;
  /** 1-based line and column of the node at `pointer` (`#/workflows/0/steps/1`), or of its nearest parent. */
  position(pointer: string): { line: number; column: number };
}

/** Parses one Arazzo document; YAML syntax errors fail with the file's name. */
export function parseWorkflowFile(file: string, source: string): WorkflowFile {
  const lineCounter = new LineCounter();
  const yaml = parseDocument(source, { lineCounter, prettyErrors: true });
  if (yaml.errors.length > 0) throw new Error(`${file}: ${yaml.errors[0]!.message}`);
  const document = yaml.toJS() as ArazzoDocument;
  if (!document || typeof document !== 'object' || !Array.isArray(document.workflows))
    throw new Error(`${file}: not an Arazzo document (no workflows)`);
  return {
    file,
    document,
    position(pointer) {
      const keys = pointer
        .replace(/^#\/?/, '')
        .split('/')
        .filter(Boolean)
        .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'))
        .map((key) => (/^\d+$/.test(key) ? Number(key) : key));
      for (let depth = keys.length; depth >= 0; depth--) {
        const node = yaml.getIn(keys.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) {
          const { line, col } = lineCounter.linePos(node.range[0]);
          return { line, column: col };
        }
      }
      return { line: 1, column: 1 };
    },
  };
}

/** The workflow files of `dir`, in file-name order. */
async function workflowFiles(dir: string = workflowsDir): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.arazzo.yaml')).sort();
  if (names.length === 0) throw new Error(`no workflows (*.arazzo.yaml) in ${dir}`);
  return names.map((name) => path.join(dir, name));
}

/** Reads and parses every workflow file of `dir`. */
export async function readWorkflowFiles(dir: string = workflowsDir): Promise<WorkflowFile[]> {
  return Promise.all(
    (await workflowFiles(dir)).map(async (file) => parseWorkflowFile(file, await readFile(file, 'utf8'))),
  );
}

const STATUS = /^\s*\$statusCode\s*==\s*(\d{3})\s*$/;
const CODE = /^\s*\$response\.body#\/code\s*==\s*'([A-Z_]+)'\s*$/;

/** The status a step's success criteria demand (`$statusCode == N`), if exactly one. */
export function expectedStatus(step: Step): number | undefined {
  const statuses = (step.successCriteria ?? []).flatMap((c) => {
    const match = c.context === undefined ? STATUS.exec(c.condition) : null;
    return match ? [Number(match[1])] : [];
  });
  return statuses.length === 1 ? statuses[0] : undefined;
}

/** The problem `code` a step's success criteria demand (`$response.body#/code == 'X'`), if exactly one. */
export function expectedCode(step: Step): string | undefined {
  const codes = (step.successCriteria ?? []).flatMap((c) => {
    const match = c.context === undefined ? CODE.exec(c.condition) : null;
    return match ? [match[1]!] : [];
  });
  return codes.length === 1 ? codes[0] : undefined;
}

/** The type of a criterion: `simple` unless it says otherwise. */
export function criterionType(criterion: Criterion): string {
  const { type } = criterion;
  if (type === undefined) return 'simple';
  return typeof type === 'string' ? type : type.type;
}

/** `schema` with a local `$ref` (`#/components/inputs/…`) followed, to any depth. */
function resolveInputSchema(document: ArazzoDocument, schema: InputSchema | undefined): InputSchema | undefined {
  const seen = new Set<string>();
  let current = schema;
  while (current?.$ref) {
    const ref = current.$ref;
    const match = /^#\/components\/inputs\/([^/]+)$/.exec(ref);
    if (!match || seen.has(ref)) throw new Error(`unsupported or circular input $ref ${ref}`);
    seen.add(ref);
    current = document.components?.inputs?.[match[1]!];
    if (!current) throw new Error(`input $ref ${ref} points at nothing`);
  }
  if (!current?.properties) return current;
  const properties: Record<string, InputSchema> = {};
  for (const [name, property] of Object.entries(current.properties))
    properties[name] = resolveInputSchema(document, property) ?? {};
  return { ...current, properties };
}

/** One input a workflow takes: from the environment (`$inputs.env.NAME`) or a plain input. */
export interface WorkflowInput {
  name: string;
  fromEnvironment: boolean;
  required: boolean;
  secret: boolean;
  description?: string;
  type?: string;
}

/** The inputs of `workflow`, environment variables first, each with what its schema says. */
export function workflowInputs(document: ArazzoDocument, workflow: Workflow): WorkflowInput[] {
  const schema = resolveInputSchema(document, workflow.inputs);
  const inputs: WorkflowInput[] = [];
  const describe = (name: string, s: InputSchema, fromEnvironment: boolean, required: string[] = []) => ({
    name,
    fromEnvironment,
    required: required.includes(name),
    secret: s.format === 'password',
    ...(s.description === undefined ? {} : { description: s.description }),
    ...(s.type === undefined ? {} : { type: s.type }),
  });
  const env = schema?.properties?.env;
  for (const [name, s] of Object.entries(env?.properties ?? {})) inputs.push(describe(name, s, true, env?.required));
  for (const [name, s] of Object.entries(schema?.properties ?? {}))
    if (name !== 'env') inputs.push(describe(name, s, false, schema?.required));
  return inputs;
}
