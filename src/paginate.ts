import type { Client, MaybeOptionalInit } from 'openapi-fetch';
import { cursorLists } from '../generated/contract.js';
import type { paths } from '../generated/schema.js';
import { NovaVmsError, toNovaVmsError } from './errors.js';

type CursorList = (typeof cursorLists)[keyof typeof cursorLists];

/** The paths of the contract's list operations that page with a cursor (read from the contract). */
export type CursorListPath = CursorList['path'];

type PageOf<P extends CursorListPath> = paths[P]['get']['responses'][200]['content']['application/json'];
type ItemsKey<P extends CursorListPath> = Extract<CursorList, { path: P }>['itemsProperty'] & keyof PageOf<P>;

/** One item of the list at `P`, typed from the contract. */
export type ListItem<P extends CursorListPath> = PageOf<P>[ItemsKey<P>] extends readonly (infer Item)[] ? Item : never;

type ListInit<P extends CursorListPath> = MaybeOptionalInit<paths[P], 'get'>;

/** The init argument of `paginate`: required when the path has parameters, optional otherwise. */
type InitArgument<P extends CursorListPath> =
  undefined extends ListInit<P> ? [init?: ListInit<P>] : [init: ListInit<P>];

const listsByPath: ReadonlyMap<string, CursorList> = new Map(
  Object.values(cursorLists).map((list) => [list.path, list]),
);

/**
 * Every item of a cursor list, page after page, as an async iterator: it asks for the next
 * page (the `cursor` of the previous one's `next_cursor`) only when the items of the one
 * before are used up, and stops after the page without a next cursor. `init` is what `GET`
 * takes (`params.query.limit` sets the page size); a failed page throws its NovaVmsError, and
 * a page that breaks the contract (no list of items, a cursor given before) INTERNAL_ERROR.
 *
 *     for await (const camera of paginate(client, '/api/v1/cameras', { params: { query: { limit: 50 } } })) …
 */
export async function* paginate<P extends CursorListPath>(
  client: Pick<Client<paths>, 'GET'>,
  path: P,
  ...[init]: InitArgument<P>
): AsyncGenerator<ListItem<P>, void, undefined> {
  const list = listsByPath.get(path);
  if (list === undefined) throw new TypeError(`paginate: ${String(path)} is not a cursor list of the contract.`);
  const options = (init ?? {}) as { params?: { query?: Record<string, unknown> } & Record<string, unknown> };
  const get = client.GET as (
    path: string,
    init: unknown,
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  let cursor = options.params?.query?.[list.cursorParameter] as string | undefined;
  // The cursors asked with so far: a server that hands one out again would page forever.
  const asked = new Set<string>();
  do {
    if (cursor !== undefined) asked.add(cursor);
    const query = { ...options.params?.query, ...(cursor === undefined ? {} : { [list.cursorParameter]: cursor }) };
    const result = await get(path, { ...options, params: { ...options.params, query } });
    if (result.data === undefined) throw toNovaVmsError(result);
    const page = result.data as Record<string, unknown> | null;
    const items = page?.[list.itemsProperty];
    if (!Array.isArray(items)) {
      throw unlikePage(result.response, `a page of ${path} without its \`${list.itemsProperty}\` list`);
    }
    yield* items as ListItem<P>[];
    const next = page?.[list.nextCursorProperty];
    cursor = typeof next === 'string' ? next : undefined;
    if (cursor !== undefined && asked.has(cursor)) {
      throw unlikePage(result.response, `a next cursor of ${path} it had given before, so the list would never end`);
    }
  } while (cursor !== undefined);
}

/** The error of a page that breaks the contract: the server failing, as for an answer that is no NovaVMS problem. */
function unlikePage(response: Response, what: string): NovaVmsError {
  return new NovaVmsError({ code: 'INTERNAL_ERROR', status: response.status, message: `The server answered ${what}.` });
}
