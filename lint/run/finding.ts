/**
 * One lint finding, whichever linter produced it, and how it is printed: one line of
 * `file:line:col  severity  rule  message`, so that editors and CI annotate the real file.
 */
import path from 'node:path';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A problem reported by Redocly, Spectral or the exception check, located in a source file. */
export interface Finding {
  linter: 'redocly' | 'spectral' | 'exceptions';
  rule: string;
  severity: Severity;
  message: string;
  /** Absolute path of the file the problem is in. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** JSON pointer inside `file` (`#/get/responses`), the key exceptions match on. */
  pointer: string;
}

/** Errors and warnings fail the run; infos and hints are only shown. */
export function fails(finding: Finding): boolean {
  return finding.severity === 'error' || finding.severity === 'warning';
}

/** A path as short as it can be: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** `file:line:col  severity  rule  message`, the one-line form of a finding. */
export function formatFinding(finding: Finding, cwd = process.cwd()): string {
  const where = `${displayPath(finding.file, cwd)}:${finding.line}:${finding.column}`;
  return `${where}  ${finding.severity.padEnd(7)}  ${finding.rule}  ${finding.message}`;
}

/** Orders findings by file, then line, then column, so output is stable. */
export function byLocation(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

/** Encodes a path of keys as a JSON pointer fragment (`#/paths/~1api~1v1~1me`). */
export function toPointer(segments: readonly (string | number)[]): string {
  return `#/${segments.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** Decodes a JSON pointer fragment (URI-encoded or not) into its keys; `#` and `#/` are the root. */
export function fromPointer(pointer: string): string[] {
  const body = pointer.replace(/^#/, '');
  if (body === '' || body === '/') return [];
  return body
    .replace(/^\//, '')
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // not URI-encoded
      }
      return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}
