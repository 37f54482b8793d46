/**
 * fast-check arbitraries for bad requests, derived from the operation's schemas in
 * generated/openapi.json: bodies with a required field missing, a field of the wrong type,
 * an unknown field or an oversized string; bodies that are not JSON or not declared as JSON;
 * bodies over the size limit; garbage Authorization headers; out-of-range query and path
 * parameters. Each case says which answer the contract requires.
 */
import fc from 'fast-check';
import { type ErrorCode, limits } from '../../../generated/contract.js';
import { type Json, type OperationEntry, resolve } from '../../support/openapi.js';

/** A JSON object body. */
type Body = Record<string, unknown>;

/** The resolved JSON schema of an operation's request body, or undefined. */
function requestSchema(entry: OperationEntry): Json | undefined {
  const body = entry.operation.requestBody && resolve(entry.operation.requestBody);
  const schema = body?.content?.['application/json']?.schema;
  return schema ? deref(schema) : undefined;
}

/** A schema with its `$ref` (and the `$ref`s of its properties) followed. */
function deref(schema: Json): Json {
  const s = resolve(schema);
  if (!s.properties) return s;
  return { ...s, properties: Object.fromEntries(Object.entries<Json>(s.properties).map(([k, v]) => [k, resolve(v)])) };
}

/** JSON values whose type the property schema does not allow. */
function wrongTypeValue(property: Json): fc.Arbitrary<unknown> {
  const allowed = new Set<string>(
    [property.type ?? (property.const !== undefined ? typeof property.const : 'string')].flat(),
  );
  if (property.format === 'date-time') allowed.add('string');
  const candidates: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.string({ maxLength: 20 })],
    ['number', fc.double({ noNaN: true, noDefaultInfinity: true })],
    ['integer', fc.integer()],
    ['boolean', fc.boolean()],
    ['object', fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 })],
    ['array', fc.array(fc.integer(), { maxLength: 3 })],
    ['null', fc.constant(null)],
  ];
  const wrong = candidates.filter(([type]) => !allowed.has(type) && !(type === 'integer' && allowed.has('number')));
  // An integer is also a number: a double that is whole would be valid for `number`.
  return fc.oneof(
    ...wrong.map(([type, arb]) =>
      allowed.has('integer') && type === 'number'
        ? fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n))
        : arb,
    ),
  );
}

/** A bad body and the status the contract requires for it. */
export interface BadBody {
  kind:
    | 'missing required field'
    | 'wrong type'
    | 'unknown field'
    | 'oversized string'
    | 'invalid JSON'
    | 'wrong content type'
    | 'body too large';
  body: string;
  contentType: string;
  /** The problem the contract requires. */
  expected: ErrorCode;
}

const JSON_TYPE = 'application/json';

/** Every kind of bad body for an operation whose valid example body is `valid`. */
export function badBodies(entry: OperationEntry, valid: Body): fc.Arbitrary<BadBody> {
  const schema = requestSchema(entry);
  const properties: Record<string, Json> = schema?.properties ?? {};
  const required: string[] = schema?.required ?? [];
  const names = Object.keys(properties);
  const stringy = names.filter((n) => typeof properties[n].maxLength === 'number');
  const json = (kind: BadBody['kind'], value: Body): BadBody => ({
    kind,
    body: JSON.stringify(value),
    contentType: JSON_TYPE,
    expected: 'INVALID_REQUEST',
  });
  const arbs: fc.Arbitrary<BadBody>[] = [];

  if (required.length)
    arbs.push(
      fc
        .constantFrom(...required)
        .map((name) =>
          json('missing required field', Object.fromEntries(Object.entries(valid).filter(([k]) => k !== name))),
        ),
    );
  if (names.length) {
    arbs.push(
      fc
        .constantFrom(...names)
        .chain((name) =>
          wrongTypeValue(properties[name]).map((value) => json('wrong type', { ...valid, [name]: value })),
        ),
    );
  }
  arbs.push(
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !names.includes(k) && k !== '__proto__'),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([key, value]) => json('unknown field', { ...valid, [key]: value })),
  );
  if (stringy.length) {
    arbs.push(
      fc
        .constantFrom(...stringy)
        .chain((name) =>
          fc
            .integer({ min: properties[name].maxLength + 1, max: properties[name].maxLength + 64 })
            .map((n) => json('oversized string', { ...valid, [name]: 'x'.repeat(n) })),
        ),
    );
  }
  arbs.push(
    fc
      .oneof(
        fc.string({ maxLength: 60 }),
        fc
          .constant(JSON.stringify(valid))
          .chain((text) => fc.integer({ min: 1, max: text.length - 1 }).map((cut) => text.slice(0, cut))),
        fc.constantFrom("{'email': 'x'}", '{"a":1,}', '[1, 2', 'NaN', '{"a": undefined}', '\u0000{}'),
      )
      // An empty body is no body at all (RFC 9110 §8.6): that is valid where the body is optional.
      .filter((text) => text !== '' || entry.operation.requestBody?.required === true)
      .filter((text) => {
        try {
          JSON.parse(text);
          return false;
        } catch {
          return true;
        }
      })
      .map((body): BadBody => ({ kind: 'invalid JSON', body, contentType: JSON_TYPE, expected: 'INVALID_REQUEST' })),
  );
  arbs.push(
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'application/octet-stream',
        'text/html; charset=utf-8',
        'multipart/form-data; boundary=xyz',
      )
      .map(
        (contentType): BadBody => ({
          kind: 'wrong content type',
          body: JSON.stringify(valid),
          contentType,
          expected: 'UNSUPPORTED_MEDIA_TYPE',
        }),
      ),
  );
  arbs.push(
    fc.integer({ min: limits.maxBodyBytes + 1, max: limits.maxBodyBytes * 2 }).map((size): BadBody => {
      const prefix = JSON.stringify({ ...valid, padding: '' });
      return {
        kind: 'body too large',
        body: `${prefix.slice(0, -2)}${'x'.repeat(size - prefix.length)}"}`,
        contentType: JSON_TYPE,
        expected: 'PAYLOAD_TOO_LARGE',
      };
    }),
  );
  return fc.oneof(...arbs);
}

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/'.split('');
const b64token = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...B64TOKEN_CHARS), minLength: min, maxLength: max });
const visible = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 40,
});

/** A garbage Authorization value and the answers the contract allows for it. */
export interface GarbageAuthorization {
  value: string;
  /** The problems the contract allows for it. */
  expected: readonly ErrorCode[];
}

/** Garbage Authorization headers for a secured operation. */
export function garbageAuthorization(): fc.Arbitrary<GarbageAuthorization> {
  const notBearer = visible.filter((s) => s.toLowerCase() !== 'bearer');
  return fc.oneof(
    // Anything printable: a malformed header (400) or no Bearer credential (401).
    fc
      .string({
        unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        minLength: 1,
        maxLength: 120,
      })
      .filter((s) => s.trim() === s && s.length > 0)
      .map((value) => ({ value, expected: ['INVALID_REQUEST', 'AUTHENTICATION_REQUIRED', 'INVALID_TOKEN'] as const })),
    // Bearer and a syntactically valid token nobody issued: refused (RFC 6750 §3.1 invalid_token).
    b64token(1, 300).map((token) => ({ value: `Bearer ${token}`, expected: ['INVALID_TOKEN'] as const })),
    // Bearer and a token with a character b64token does not allow: malformed (invalid_request).
    fc
      .tuple(
        b64token(1, 40),
        fc.constantFrom(
          ' ',
          ',',
          ';',
          '"',
          '\\',
          '@',
          '!',
          '#',
          '(',
          ')',
          '<',
          '>',
          '?',
          '{',
          '}',
          '[',
          ']',
          '|',
          '`',
          "'",
          '*',
          '%',
          '&',
          '^',
          'é',
          'ü',
        ),
        b64token(1, 40),
      )
      .map(([a, bad, b]) => ({ value: `Bearer ${a}${bad}${b}`, expected: ['INVALID_REQUEST'] as const })),
    // Another scheme: no Bearer credential.
    fc
      .tuple(
        notBearer.filter((s) => /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(s)),
        b64token(1, 60),
      )
      .map(([scheme, rest]) => ({
        value: `${scheme} ${rest}`,
        expected: ['AUTHENTICATION_REQUIRED'] as const,
      })),
    // Longer than the stated limit.
    fc.integer({ min: limits.maxAuthorizationBytes + 1, max: limits.maxAuthorizationBytes + 3000 }).map((n) => ({
      value: `Bearer ${'A'.repeat(n - 7)}`,
      expected: ['INVALID_REQUEST'] as const,
    })),
  );
}

/** Query values the `limit` and `cursor` parameters must refuse. */
export function badQuery(entry: OperationEntry): fc.Arbitrary<Record<string, string>> | undefined {
  const query = entry.parameters.filter((p: Json) => p.in === 'query');
  if (!query.length) return undefined;
  const arbs: fc.Arbitrary<Record<string, string>>[] = [];
  for (const p of query) {
    const schema = resolve(p.schema);
    if (schema.type === 'integer') {
      arbs.push(
        fc
          .oneof(
            fc.integer({ min: -1_000_000, max: schema.minimum - 1 }).map(String),
            fc.integer({ min: schema.maximum + 1, max: 1_000_000 }).map(String),
            fc
              .double({ noNaN: true, noDefaultInfinity: true, min: schema.minimum, max: schema.maximum })
              .filter((n) => !Number.isInteger(n))
              .map(String),
            fc.string({ unit: fc.constantFrom(...'abcxyz-_ '.split('')), minLength: 1, maxLength: 8 }),
          )
          .map((value) => ({ [p.name]: value })),
      );
    } else if (schema.pattern) {
      const pattern = new RegExp(schema.pattern);
      arbs.push(
        fc
          .oneof(
            fc.string({ minLength: 1, maxLength: 40 }),
            fc
              .integer({ min: (schema.maxLength ?? 200) + 1, max: (schema.maxLength ?? 200) + 100 })
              .map((n) => 'A'.repeat(n)),
          )
          .filter((v) => !pattern.test(v) || v.length > (schema.maxLength ?? Infinity))
          .map((value) => ({ [p.name]: value })),
      );
    }
  }
  return fc.oneof(...arbs);
}

/** Path-parameter values their schema refuses (pattern or length); never empty, "." or "..". */
export function badPathValue(schema: Json): fc.Arbitrary<string> {
  const s = resolve(schema);
  const pattern = new RegExp(s.pattern);
  return fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 40 }),
      fc.integer({ min: (s.maxLength ?? 36) + 1, max: (s.maxLength ?? 36) + 40 }).map((n) => `cam_${'a'.repeat(n)}`),
    )
    .filter(
      (v) => v !== '.' && v !== '..' && v.trim() !== '' && (!pattern.test(v) || v.length > (s.maxLength ?? Infinity)),
    );
}
