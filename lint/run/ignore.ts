/**
 * The exceptions of both linters, read from the one file Redocly already uses,
 * `.redocly.lint-ignore.yaml`: `<file>: { <rule-id>: [<json pointer>, …] }`, with the reason
 * for each exception as a YAML comment. Redocly applies it natively; Spectral has no ignore
 * file, so the lint scripts apply the same entries to Spectral's findings. An entry that no
 * longer matches any finding is stale and fails the run, so exceptions cannot outlive the
 * problem they excuse.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type Finding, fromPointer } from './finding.js';

/** One exception: a rule that does not apply at one place of one file. */
export interface LintException {
  /** Absolute path of the file, resolved against the lint root. */
  file: string;
  /** The file key as written in the ignore file. */
  fileKey: string;
  rule: string;
  pointer: string;
  /** Where the entry is written in the ignore file (1-based), for stale-entry reports. */
  line: number;
  column: number;
}

/** What applying the exceptions to a set of findings left. */
export interface ExceptionResult {
  /** Findings no exception covers. */
  kept: Finding[];
  /** How many findings an exception covered. */
  excepted: number;
  /** Exceptions that covered nothing, reported as errors located in the ignore file. */
  stale: Finding[];
}

function canonical(pointer: string): string {
  return JSON.stringify(fromPointer(pointer));
}

function invalid(ignoreFile: string, node: Node | null | undefined, counter: LineCounter, message: string): Finding {
  const at = counter.linePos(node?.range?.[0] ?? 0);
  return {
    linter: 'exceptions',
    rule: 'invalid-lint-exception',
    severity: 'error',
    message,
    file: ignoreFile,
    line: at.line,
    column: at.col,
    pointer: '#/',
  };
}

/**
 * Reads the exceptions; file keys are resolved against `root` (the lint root, whose layout
 * matches this repository). A missing file means no exceptions.
 */
export async function readExceptions(
  ignoreFile: string,
  root: string,
): Promise<{ exceptions: LintException[]; problems: Finding[] }> {
  let text: string;
  try {
    text = await readFile(ignoreFile, 'utf8');
  } catch {
    return { exceptions: [], problems: [] };
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const problems: Finding[] = doc.errors.map((error) => ({
    ...invalid(ignoreFile, null, counter, `not valid YAML: ${error.message.split('\n')[0]}`),
    line: error.linePos?.[0]?.line ?? 1,
    column: error.linePos?.[0]?.col ?? 1,
  }));
  const exceptions: LintException[] = [];
  if (doc.contents === null || problems.length > 0) return { exceptions, problems };
  if (!isMap(doc.contents)) {
    return {
      exceptions,
      problems: [invalid(ignoreFile, doc.contents, counter, 'expected a map of file: { rule: [pointers] }')],
    };
  }
  for (const filePair of doc.contents.items) {
    const fileKey = isScalar(filePair.key) ? String(filePair.key.value) : '';
    if (!fileKey || !isMap(filePair.value)) {
      problems.push(
        invalid(ignoreFile, filePair.key as Node, counter, 'expected a file path mapped to { rule: [pointers] }'),
      );
      continue;
    }
    for (const rulePair of filePair.value.items) {
      const rule = isScalar(rulePair.key) ? String(rulePair.key.value) : '';
      if (!rule || !isSeq(rulePair.value)) {
        problems.push(
          invalid(
            ignoreFile,
            rulePair.key as Node,
            counter,
            `expected a rule id of ${fileKey} mapped to a list of JSON pointers`,
          ),
        );
        continue;
      }
      for (const item of rulePair.value.items) {
        if (!isScalar(item) || typeof item.value !== 'string' || !item.value.startsWith('#')) {
          problems.push(
            invalid(ignoreFile, item as Node, counter, `expected a JSON pointer ('#/…') under ${fileKey} › ${rule}`),
          );
          continue;
        }
        const at = counter.linePos(item.range?.[0] ?? 0);
        exceptions.push({
          file: path.resolve(root, fileKey),
          fileKey,
          rule,
          pointer: item.value,
          line: at.line,
          column: at.col,
        });
      }
    }
  }
  return { exceptions, problems };
}

/**
 * Drops the findings an exception names exactly (same file, same rule id, same pointer) and
 * reports every exception of the given linter's rules that matched nothing as stale.
 */
export function applyExceptions(
  findings: readonly Finding[],
  exceptions: readonly LintException[],
  owns: (rule: string) => boolean,
  ignoreFile: string,
): ExceptionResult {
  const mine = exceptions.filter((exception) => owns(exception.rule));
  const key = (file: string, rule: string, pointer: string) => `${file}\u0000${rule}\u0000${canonical(pointer)}`;
  const index = new Map(mine.map((exception) => [key(exception.file, exception.rule, exception.pointer), exception]));
  const used = new Set<LintException>();
  const kept: Finding[] = [];
  let excepted = 0;
  for (const finding of findings) {
    const exception = index.get(key(finding.file, finding.rule, finding.pointer));
    if (exception) {
      used.add(exception);
      excepted += 1;
    } else {
      kept.push(finding);
    }
  }
  const stale = mine
    .filter((exception) => !used.has(exception))
    .map(
      (exception): Finding => ({
        linter: 'exceptions',
        rule: 'stale-lint-exception',
        severity: 'error',
        message: `${exception.fileKey} › ${exception.rule} › ${exception.pointer} matches no finding any more; remove the exception`,
        file: ignoreFile,
        line: exception.line,
        column: exception.column,
        pointer: '#/',
      }),
    );
  return { kept, excepted, stale };
}
