import { createClient, type StoredSession, type TokenStore } from '../../src/index.js';

const REFRESH_COOKIE = '__Host-novavms_refresh';

/**
 * Access tokens of the browsers this server renders for, by the SHA-256 of their refresh
 * cookie (never the cookie itself), until the token expires. Requests of one browser that
 * arrive together then refresh once: the refresh lock makes the others wait, and they find
 * the new token here under the cookie they sent.
 */
const sessions = new Map<string, StoredSession>();

async function digest(value: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A web-mode client acting for the browser that sent `request`, from a server route (a Next.js
 * route handler, or any server with Request and Response): it forwards the browser's refresh
 * cookie and User-Agent (the session is bound to it), and collects the rotated cookie, which
 * the route must send back with `setCookies`, or the browser keeps a dead one.
 */
export async function browserSession(
  request: Request,
  baseUrl: string,
  fetch: (request: Request, init?: RequestInit) => Promise<Response> = globalThis.fetch,
) {
  let cookie = new RegExp(`(?:^|;\\s*)${REFRESH_COOKIE}=([^;]*)`).exec(request.headers.get('cookie') ?? '')?.[1];
  const keys = cookie === undefined ? [] : [await digest(cookie)];
  const setCookies: string[] = [];
  const store: TokenStore = {
    get: async () =>
      keys.map((key) => sessions.get(key)).find((s) => s !== undefined && s.accessTokenExpiresAt > Date.now()),
    set: async (session) => {
      for (const key of keys) sessions.set(key, session);
    },
    clear: async () => {
      for (const key of keys) sessions.delete(key);
    },
  };
  const client = createClient({
    baseUrl,
    session: { clientType: 'web', store, userAgent: request.headers.get('user-agent') ?? undefined },
    fetch: async (outgoing, init) => {
      if (cookie !== undefined) outgoing.headers.set('cookie', `${REFRESH_COOKIE}=${cookie}`);
      const response = await fetch(outgoing, init);
      for (const line of response.headers.getSetCookie()) {
        setCookies.push(line);
        const rotated = new RegExp(`^${REFRESH_COOKIE}=([^;]*)`).exec(line)?.[1];
        if (rotated) {
          cookie = rotated;
          keys.push(await digest(rotated));
        }
      }
      return response;
    },
  });
  return { client, setCookies };
}

/** A Next.js route handler (app/api/cameras/route.ts) that lists the cameras of the signed-in browser. */
export async function GET(request: Request): Promise<Response> {
  const { client, setCookies } = await browserSession(request, process.env.NOVAVMS_URL ?? 'http://localhost:4010');
  const { data, error, response } = await client.GET('/api/v1/cameras');
  const answer = Response.json(data ?? error, { status: response.status });
  for (const line of setCookies) answer.headers.append('Set-Cookie', line);
  return answer;
}
