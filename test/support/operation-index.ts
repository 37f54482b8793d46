/**
 * Finds the operation of generated/openapi.json that a request addresses (method + path
 * template), so that every response can be checked against what that operation documents.
 */
import { type OperationEntry, operations } from './openapi.js';

interface IndexedOperation {
  entry: OperationEntry;
  pattern: RegExp;
  /** Number of literal characters: a literal segment beats a template segment. */
  specificity: number;
}

const indexed: IndexedOperation[] = operations().map((entry) => {
  const source = entry.path
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { entry, pattern: new RegExp(`^${source}$`), specificity: entry.path.replace(/\{[^}]+\}/g, '').length };
});
indexed.sort((a, b) => b.specificity - a.specificity);

/** What a request path addresses: the operation, or a known path with another method, or nothing. */
export interface OperationMatch {
  entry: OperationEntry | null;
  /** Methods the path accepts (upper case); empty when no path template matches. */
  allowedMethods: string[];
  /**
   * A HEAD request: its answer is the GET operation's (`entry`), without a body (RFC 9110
   * §9.3.2), or, on a path without GET, a problem without a body.
   */
  bodyless: boolean;
}

/**
 * Matches `method` and `pathWithQuery` (a contract path, no base-URL prefix) to an operation.
 * HEAD, which the contract does not list, matches the GET operation of the path.
 */
export function matchOperation(method: string, pathWithQuery: string): OperationMatch {
  const path = pathWithQuery.split('?')[0]!.split('#')[0]!;
  const onPath = indexed.filter((op) => op.pattern.test(path));
  const bestPath = onPath[0]?.entry.path;
  const samePath = onPath.filter((op) => op.entry.path === bestPath);
  const head = method.toUpperCase() === 'HEAD';
  const wanted =
    head && !samePath.some((op) => op.entry.method.toUpperCase() === 'HEAD') ? 'GET' : method.toUpperCase();
  const entry = samePath.find((op) => op.entry.method.toUpperCase() === wanted)?.entry ?? null;
  return { entry, allowedMethods: samePath.map((op) => op.entry.method.toUpperCase()), bodyless: head };
}
