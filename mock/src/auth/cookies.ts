/**
 * The refresh cookie of browser clients (`contract.refreshCookie`): reading it from the
 * `Cookie` header and writing the `Set-Cookie` value with the attributes, in the order, that
 * the `SetRefreshCookie` header of the contract states.
 */
import { refreshCookie } from '../../../generated/contract.js';

const ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Strict';

/** The value of the refresh cookie in a `Cookie` header, or undefined. */
export function readRefreshCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === refreshCookie.name) {
      let value = part.slice(eq + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      return value;
    }
  }
  return undefined;
}

/** `Set-Cookie` for a refresh token: a session cookie, or `Max-Age` seconds with remember_me. */
export function refreshCookieHeader(token: string, maxAgeSeconds: number | null): string {
  const maxAge = maxAgeSeconds === null ? '' : `Max-Age=${maxAgeSeconds}; `;
  return `${refreshCookie.name}=${token}; ${maxAge}${ATTRIBUTES}`;
}

/** `Set-Cookie` that clears the refresh cookie (logout). */
export function clearedRefreshCookieHeader(): string {
  return `${refreshCookie.name}=; Max-Age=0; ${ATTRIBUTES}`;
}
