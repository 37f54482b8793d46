/**
 * The one response checker of the tests (the contract suite and the reference server's own
 * tests): compares one response with what its operation documents in generated/openapi.json —
 * status, content type, headers and body schema — plus the rules the contract states once for
 * every response (problem `code`/`status`/`type` agree with `x-novavms-errors`; RFC 6750
 * challenges carry the right `error`). Returns violations as readable lines; an empty list
 * means the response conforms.
 */
import { type ErrorCode, errors } from '../../generated/contract.js';
import { redact } from '../../tools/redact.js';
import { firstError, type Json, pointerOf, spec, validatorAt } from './openapi.js';
import type { OperationMatch } from './operation-index.js';
import { parseChallenge } from './www-authenticate.js';

const PROBLEM = '/components/schemas/Problem';

/** A response as the checker reads it: status, lower-cased headers and the raw body. */
export interface CheckedResponse {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

/** The node at a JSON pointer of the spec. */
function at(pointer: string): Json {
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node: Json, key) => node?.[key], spec);
}

/** Follows `$ref`s from `pointer`, returning where the real object lives. */
function follow(pointer: string): { node: Json; pointer: string } {
  let current = pointer;
  let node = at(current);
  for (let hops = 0; node && typeof node.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`reference loop at ${pointer}`);
    current = node.$ref.slice(1);
    node = at(current);
  }
  return { node, pointer: current };
}

/** The lower-cased media type of a Content-Type header, without parameters. */
function mediaType(value: string | string[] | undefined): string | null {
  const raw = Array.isArray(value) ? value[0] : value;
  return raw ? raw.split(';')[0]!.trim().toLowerCase() : null;
}

/** The key of `responses` that documents `status` (exact, then `4XX`, then `default`). */
function documentedKey(responses: Json, status: number): string | null {
  const exact = String(status);
  if (responses?.[exact]) return exact;
  const range = `${exact[0]}XX`;
  if (responses?.[range]) return range;
  return responses?.default ? 'default' : null;
}

function headerValues(res: CheckedResponse, name: string): string[] {
  const value = res.headers[name.toLowerCase()];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Runs a validator without letting its type guard narrow the value to `unknown`. */
function isValid(validate: (data: Json) => boolean, value: Json): boolean {
  return validate(value);
}

function coerce(schema: Json, value: string): unknown {
  return schema?.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
}

function excerpt(body: Buffer): string {
  const text = redact(body.toString('utf8'));
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function parseJson(body: Buffer): { ok: true; value: Json } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/** Rules every problem body follows: its `status` and its `code`'s entry in `x-novavms-errors`. */
function problemRules(status: number, body: Json): string[] {
  const out: string[] = [];
  if (body.status !== status) out.push(`problem status ${body.status} differs from the HTTP status ${status}`);
  const known = errors[body.code as ErrorCode];
  if (!known) return out;
  if (known.status !== status) out.push(`code ${body.code} belongs with status ${known.status}, not ${status}`);
  if (body.type !== known.type)
    out.push(`code ${body.code} has type ${JSON.stringify(known.type)}, got ${JSON.stringify(body.type)}`);
  if (body.title !== known.title)
    out.push(`code ${body.code} has title ${JSON.stringify(known.title)}, got ${JSON.stringify(body.title)}`);
  return out;
}

/** RFC 6750 §3 on bearer-secured operations: which `error` a challenge carries for a code. */
function challengeRules(status: number, res: CheckedResponse, body: Json): string[] {
  const values = headerValues(res, 'www-authenticate');
  if (values.length === 0) {
    return status === 401 || body?.code === 'INSUFFICIENT_SCOPE' ? ['missing WWW-Authenticate (RFC 6750 §3)'] : [];
  }
  const challenge = parseChallenge(values.join(', '));
  if (challenge?.scheme !== 'Bearer')
    return [`WWW-Authenticate is not a Bearer challenge: ${JSON.stringify(values.join(', '))}`];
  const error = challenge.params.error;
  const want =
    body?.code === 'AUTHENTICATION_REQUIRED'
      ? undefined
      : status === 401
        ? 'invalid_token'
        : body?.code === 'INSUFFICIENT_SCOPE'
          ? 'insufficient_scope'
          : status === 400
            ? 'invalid_request'
            : error;
  if (error !== want) {
    return [
      `${body?.code ?? status} needs ${want ? `error="${want}"` : 'no error attribute'} in WWW-Authenticate (RFC 6750 §3, §3.1), got ${JSON.stringify(values.join(', '))}`,
    ];
  }
  return [];
}

/**
 * RFC 9745 and RFC 8594 on the operations the contract deprecates: every answer carries
 * `Deprecation: @<seconds>` of the announcement and `Sunset: <HTTP-date>` of the sunset in
 * `x-novavms-deprecation`; an operation that is not deprecated carries neither.
 */
export function deprecationViolations(operation: Json, res: CheckedResponse): string[] {
  const deprecation = headerValues(res, 'deprecation');
  const sunset = headerValues(res, 'sunset');
  if (operation.deprecated !== true) {
    return deprecation.length || sunset.length
      ? [`${operation.operationId} is not deprecated, yet the answer carries Deprecation or Sunset`]
      : [];
  }
  const { announced, sunset: sunsetDate } = operation['x-novavms-deprecation'] ?? {};
  const want = {
    deprecation: `@${Date.parse(`${announced}T00:00:00Z`) / 1000}`,
    sunset: new Date(`${sunsetDate}T00:00:00Z`).toUTCString(),
  };
  const out: string[] = [];
  if (deprecation.join() !== want.deprecation)
    out.push(`Deprecation must be ${want.deprecation} (RFC 9745), got ${JSON.stringify(deprecation.join())}`);
  if (sunset.join() !== want.sunset)
    out.push(`Sunset must be ${JSON.stringify(want.sunset)} (RFC 8594), got ${JSON.stringify(sunset.join())}`);
  return out;
}

/** Rules for requests no operation covers: unknown path → 404, known path and other method → 405 + Allow. */
function outsideRules(match: OperationMatch, res: CheckedResponse): string[] {
  const out: string[] = [];
  const wrongMethod = match.allowedMethods.length > 0;
  const want = wrongMethod ? 405 : 404;
  if (res.status !== want)
    out.push(
      `${wrongMethod ? 'a method the path does not accept' : 'a path the contract does not have'} needs ${want}, got ${res.status}`,
    );
  if (wrongMethod) {
    const allow = headerValues(res, 'allow')
      .join(',')
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean);
    const missing = match.allowedMethods.filter((m) => !allow.includes(m));
    if (missing.length)
      out.push(
        `Allow must list ${match.allowedMethods.join(', ')}, got ${JSON.stringify(headerValues(res, 'allow').join(','))}`,
      );
  }
  out.push(...problemViolations(res, match.bodyless));
  return out;
}

/**
 * How an error response that no operation documents departs from the rules every error
 * follows: an `application/problem+json` body that matches `Problem` and agrees with its code
 * (only the content type for the answer to a HEAD request, which has no body).
 */
export function problemViolations(res: CheckedResponse, bodyless = false): string[] {
  const out: string[] = [];
  if (mediaType(res.headers['content-type']) !== 'application/problem+json')
    out.push(
      `content type must be application/problem+json, got ${JSON.stringify(res.headers['content-type'] ?? null)}`,
    );
  if (bodyless) {
    if (res.body.length > 0) out.push(`the answer to HEAD has a body of ${res.body.length} bytes`);
    return out;
  }
  const parsed = parseJson(res.body);
  const validate = validatorAt(PROBLEM);
  if (!parsed.ok) out.push(`body is not JSON: ${excerpt(res.body)}`);
  else if (!validate(parsed.value)) out.push(`body does not match Problem: ${firstError(validate)}`);
  else out.push(...problemRules(res.status, parsed.value));
  return out;
}

/**
 * Every way `res` departs from what `match` documents; empty when it conforms. At level
 * `schema` (an example mock, which serves one static example per header) the RFC 6750 rules
 * that tie a challenge's `error` to the problem code are left out.
 */
export function checkResponse(
  match: OperationMatch,
  res: CheckedResponse,
  level: 'schema' | 'full' = 'full',
): string[] {
  const entry = match.entry;
  if (!entry) return outsideRules(match, res);
  const opPointer = pointerOf('paths', entry.path, entry.method);
  const operation = entry.operation;
  const key = documentedKey(operation.responses, res.status);
  const parsed: { ok: true; value: Json } | { ok: false } = res.body.length
    ? parseJson(res.body)
    : { ok: true, value: undefined };
  if (!key) {
    const validate = validatorAt(PROBLEM);
    const detail = !parsed.ok
      ? `body is not JSON: ${excerpt(res.body)}`
      : isValid(validate, parsed.value)
        ? `problem ${parsed.value.code}: ${redact(String(parsed.value.detail ?? parsed.value.title))}`
        : `first schema error against Problem: ${firstError(validate)}; body ${excerpt(res.body)}`;
    return [
      `status ${res.status} is not documented for ${entry.operationId} (documents ${Object.keys(operation.responses).join(', ')}); ${detail}`,
    ];
  }

  const out: string[] = [];
  const response = follow(`${opPointer}${pointerOf('responses', key)}`);

  // Headers: required ones present, every documented one valid against its schema.
  for (const name of Object.keys(response.node.headers ?? {})) {
    const header = follow(`${response.pointer}${pointerOf('headers', name)}`);
    const values = headerValues(res, name);
    if (values.length === 0) {
      if (header.node.required) out.push(`missing required header ${name}`);
      continue;
    }
    const validate = validatorAt(`${header.pointer}/schema`);
    for (const value of values) {
      if (!validate(coerce(header.node.schema, value)))
        out.push(`header ${name} ${JSON.stringify(redact(value))} does not match its schema: ${firstError(validate)}`);
    }
  }

  out.push(...deprecationViolations(operation, res));

  // Content type and body (none at all in the answer to HEAD).
  const content: Record<string, Json> = response.node.content ?? {};
  const documentedTypes = Object.keys(content);
  let body: Json;
  if (match.bodyless && res.body.length > 0) out.push(`the answer to HEAD has a body of ${res.body.length} bytes`);
  if (documentedTypes.length === 0) {
    if (res.body.length > 0) out.push(`status ${res.status} documents no body, got ${res.body.length} bytes`);
  } else {
    const type = mediaType(res.headers['content-type']);
    if (!type || !documentedTypes.includes(type)) {
      out.push(
        `content type ${JSON.stringify(res.headers['content-type'] ?? null)} is not documented (${documentedTypes.join(', ')})`,
      );
    } else if (match.bodyless) {
      // The GET's content type, without its body: nothing more to check.
    } else if (!parsed.ok || parsed.value === undefined) {
      out.push(`body is not JSON: ${excerpt(res.body)}`);
    } else {
      body = parsed.value;
      const validate = validatorAt(`${response.pointer}${pointerOf('content', type, 'schema')}`);
      if (!validate(body)) out.push(`body does not match the schema of ${res.status}: ${firstError(validate)}`);
      else if (type === 'application/problem+json') out.push(...problemRules(res.status, body));
    }
  }

  // RFC 6750 challenges on operations secured by a bearer credential or the refresh cookie
  // (which `error` a challenge needs depends on the problem code: not for bodiless answers).
  if (
    level === 'full' &&
    !match.bodyless &&
    (operation.security ?? []).length > 0 &&
    [400, 401, 403].includes(res.status)
  )
    out.push(...challengeRules(res.status, res, body));
  return out;
}
