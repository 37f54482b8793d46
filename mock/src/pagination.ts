/**
 * Cursor pagination of lists: an opaque base64url cursor of the last item's position, and one
 * extra row fetched to know whether a next page exists.
 */
import { ProblemError } from './problem.js';

/** A page of a list, as every `*List` schema of the contract has it. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** The cursor that continues after `position`. */
function encodeCursor(position: string | number): string {
  return Buffer.from(String(position), 'utf8').toString('base64url');
}

function badCursor(): ProblemError {
  return new ProblemError('INVALID_REQUEST', 'The cursor is not one of this list.', {
    errors: [{ location: 'query', pointer: '/cursor', message: 'is not a cursor of this list' }],
  });
}

/** The identifier a cursor continues after ('' to start at the beginning). */
export function afterId(cursor: unknown): string {
  if (typeof cursor !== 'string') return '';
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]+_[0-9A-Za-z]+$/.test(decoded)) throw badCursor();
  return decoded;
}

/** The sequence number a cursor continues before (null to start with the newest). */
export function beforeSeq(cursor: unknown): number | null {
  if (typeof cursor !== 'string') return null;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,14}$/.test(decoded)) throw badCursor();
  return Number(decoded);
}

/** A page of at most `limit` items from `rows` (which may hold one more, telling a next page exists). */
export function pageOf<T, R>(
  rows: T[],
  limit: number,
  positionOf: (row: T) => string | number,
  view: (row: T) => R,
): Page<R> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { data: items.map(view), next_cursor: more && last !== undefined ? encodeCursor(positionOf(last)) : null };
}
