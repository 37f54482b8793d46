import { sdkVersion } from './version.js';

interface MaybeNodeGlobals {
  process?: { versions?: { node?: unknown; undici?: unknown } };
  document?: unknown;
  WorkerGlobalScope?: unknown;
}

const globals = globalThis as MaybeNodeGlobals;

/**
 * The Node.js version when running in Node, else undefined. `process` is read through
 * `globalThis` with guards so that the browser path never touches a Node-only global.
 */
function nodeVersion(): string | undefined {
  const version = globals.process?.versions?.node;
  return typeof version === 'string' ? version : undefined;
}

/**
 * Whether the code runs in a browser (a page or a worker). Browsers keep the refresh
 * token in an HttpOnly cookie and choose the User-Agent themselves.
 */
export function isBrowser(): boolean {
  if (nodeVersion() !== undefined) return false;
  return typeof globals.document === 'object' || typeof globals.WorkerGlobalScope === 'function';
}

/**
 * The User-Agent of API-key calls outside browsers: the SDK and Node versions, so that the
 * server's logs tell integrations apart.
 */
export function defaultUserAgent(): string {
  const node = nodeVersion();
  return node === undefined ? `@novavms/sdk/${sdkVersion}` : `@novavms/sdk/${sdkVersion} node/${node}`;
}

/**
 * The default User-Agent of a user session outside browsers. The server binds the session
 * to the User-Agent of its login and ends it on any change, so this names only the SDK's
 * major version: upgrading Node or the SDK within a major version keeps stored sessions.
 */
export function defaultSessionUserAgent(): string {
  return `@novavms/sdk/${sdkVersion.split('.')[0]} (session)`;
}

/**
 * Whether fetch takes openapi-fetch's `requestInitExt` (undici's options, such as a
 * `dispatcher`): in Node 18 and later, whose fetch is undici's. openapi-fetch drops the
 * option elsewhere, and so does the SDK.
 */
export function takesRequestInitExt(): boolean {
  const node = nodeVersion();
  return node !== undefined && Number.parseInt(node, 10) >= 18 && globals.process?.versions?.undici !== undefined;
}
