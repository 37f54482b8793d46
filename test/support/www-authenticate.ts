/**
 * Reads an RFC 6750 §3 challenge (`Bearer realm="novavms", error="invalid_token"`), so that
 * tests can say which `error` a 401 or 403 carries instead of matching strings.
 */

/** A parsed Bearer challenge: its scheme and its auth-params (names lower-cased). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses one challenge; null when the value is not `scheme [param="value", …]`. */
export function parseChallenge(value: string | undefined | null): Challenge | null {
  if (!value) return null;
  const match = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?:\s+(.*))?$/s.exec(value.trim());
  if (!match) return null;
  const params: Record<string, string> = {};
  const rest = match[2] ?? '';
  const param = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))\s*(,|$)/gy;
  let consumed = 0;
  for (let m = param.exec(rest); m; m = param.exec(rest)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
    consumed = param.lastIndex;
    if (consumed >= rest.length) break;
  }
  if (consumed < rest.trim().length) return null;
  return { scheme: match[1]!, params };
}
