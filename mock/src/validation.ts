/**
 * Request validation from the contract: for each operation, Ajv (draft 2020-12, with formats)
 * validators of its path, query and header parameters and of its JSON body, each compiled the
 * first time a request needs it, so that start-up compiles none. Parameters arrive as strings
 * and are coerced by their schema's type first. Defaults of the body schema (also behind
 * `$ref`s) are filled in after validation.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { refreshCookie } from '../../generated/contract.js';
import { type FieldError, ProblemError } from './problem.js';
import { at, pointerSegment, resolve, type SpecNode, type SpecOperation, type SpecParameter, spec } from './spec.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** The parts of a request that validation reads. */
interface RawRequest {
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  contentType: string | undefined;
  /** The raw body, or undefined when the request had none. */
  body: Buffer | undefined;
}

/** A request whose parameters and body match the contract. */
interface ValidInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
}

type Location = 'path' | 'query' | 'header';

/** An Ajv validator: whether a value is valid, and the errors of the last value that was not. */
type Validator = ((value: unknown) => boolean) & { readonly errors?: ErrorObject[] | null | undefined };

/** The validator `compile` makes, compiled on its first call. */
function compiledOnFirstUse(compile: () => ValidateFunction): Validator {
  let compiled: ValidateFunction | undefined;
  const validator = (value: unknown) => {
    compiled ??= compile();
    return compiled(value) as boolean;
  };
  return Object.defineProperty(validator, 'errors', { get: () => compiled?.errors });
}

interface ParameterCheck {
  location: Location;
  name: string;
  key: string;
  type: string | undefined;
  required: boolean;
  defaultValue: unknown;
  validate: Validator;
}

interface BodyCheck {
  required: boolean;
  validate: Validator;
  schema: SpecNode;
}

/** Validates requests of one operation. */
export interface OperationValidator {
  validate(request: RawRequest): ValidInput;
}

// The CSRF header is the security layer's business: it matters only with the refresh cookie
// and is ignored otherwise, as the contract says.
const IGNORED_HEADERS = new Set([refreshCookie.csrfHeader.toLowerCase()]);
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;
const EMPTY_PARAMS: Record<string, string> = {};

/** Builds the validators of every operation with one shared Ajv instance. */
export class RequestValidators {
  private readonly ajv: Ajv2020;

  constructor() {
    // The contract is validated by its own tests; compiling the 2020-12 meta-schema here would only
    // slow the start-up.
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: false,
      validateFormats: true,
      coerceTypes: false,
      useDefaults: false,
      validateSchema: false,
    });
    addFormats(this.ajv);
    this.ajv.addSchema(spec as object, 'openapi.json');
  }

  private compilePointer(pointer: string): Validator {
    return compiledOnFirstUse(() => this.ajv.compile({ $ref: `openapi.json#${pointer}` }));
  }

  /** The validator of one operation. */
  forOperation(op: SpecOperation): OperationValidator {
    const checks: ParameterCheck[] = op.parameters
      .filter((p) => p.in !== 'cookie' && !(p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())))
      .map((p) => this.parameterCheck(op, p));
    const body: BodyCheck | null = op.requestBody
      ? {
          required: op.requestBody.required,
          validate: this.compilePointer(op.requestBody.pointer),
          schema: resolve(at(op.requestBody.pointer)),
        }
      : null;
    const hasPath = checks.some((c) => c.location === 'path');
    return {
      validate: (request) => {
        const errors: FieldError[] = [];
        const query: Record<string, unknown> = {};
        for (const check of checks) {
          const source =
            check.location === 'path' ? request.params : check.location === 'query' ? request.query : request.headers;
          const raw = source[check.key];
          if (raw === undefined) {
            if (check.location === 'query' && check.defaultValue !== undefined) query[check.name] = check.defaultValue;
            if (check.required)
              errors.push({
                location: check.location,
                pointer: `/${pointerSegment(check.name)}`,
                message: 'is required',
              });
            continue;
          }
          if (Array.isArray(raw)) {
            errors.push({
              location: check.location,
              pointer: `/${pointerSegment(check.name)}`,
              message: 'must be given once',
            });
            continue;
          }
          const value = coerce(raw, check.type);
          if (!check.validate(value)) {
            for (const e of check.validate.errors ?? [])
              errors.push(fieldError(check.location, `/${pointerSegment(check.name)}`, e));
            continue;
          }
          if (check.location === 'query') query[check.name] = value;
        }
        let parsed: unknown;
        if (body) {
          parsed = parseBody(request, body, errors);
        }
        if (errors.length > 0) throw invalid(errors);
        if (body && parsed !== undefined) applyDefaults(parsed, body.schema);
        return { params: hasPath ? request.params : EMPTY_PARAMS, query, body: parsed };
      },
    };
  }

  private parameterCheck(op: SpecOperation, p: SpecParameter): ParameterCheck {
    const pointer = parameterPointer(op, p);
    const schema = resolve(p.schema);
    return {
      location: p.in as Location,
      name: p.name,
      key: p.in === 'header' ? p.name.toLowerCase() : p.name,
      type: typeof schema.type === 'string' ? schema.type : undefined,
      required: p.required,
      defaultValue: schema.default,
      validate: this.compilePointer(pointer),
    };
  }
}

// The compiled schema of a parameter is referenced where it is, so Ajv resolves its $refs.
function parameterPointer(op: SpecOperation, p: SpecParameter): string {
  const item = (spec.paths as Record<string, SpecNode>)[op.path]!;
  const lists: Array<[string, unknown]> = [
    [
      `/paths/${pointerSegment(op.path)}/${op.method.toLowerCase()}/parameters`,
      (item[op.method.toLowerCase()] as SpecNode).parameters,
    ],
    [`/paths/${pointerSegment(op.path)}/parameters`, item.parameters],
  ];
  for (const [base, list] of lists) {
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const node = list[i] as SpecNode;
      const resolved = resolve(node);
      if (resolved.name === p.name && resolved.in === p.in) {
        return typeof node.$ref === 'string' ? `${node.$ref.slice(1)}/schema` : `${base}/${i}/schema`;
      }
    }
  }
  throw new Error(`parameter ${p.in}:${p.name} of ${op.operationId} not found`);
}

function coerce(raw: string, type: string | undefined): unknown {
  if (type === 'integer' || type === 'number') {
    if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    return raw;
  }
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** UTF-8 as RFC 8259 §8.1 requires of JSON: a malformed byte sequence is an error, not U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** An escape of a surrogate (`\ud800` to `\udfff`): only a body with one can hold a lone surrogate. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
/** A high surrogate without its low one, or a low one without its high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether `value` holds a string (or a key) with a lone surrogate anywhere inside. */
function holdsLoneSurrogate(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsLoneSurrogate);
  return Object.entries(value).some(([key, item]) => LONE_SURROGATE.test(key) || holdsLoneSurrogate(item));
}

/**
 * Parses a JSON body; throws on bytes that are not UTF-8, on text that is not JSON, and on a
 * string with an escaped lone surrogate (`"\ud800"`): no UTF-8 can hold one, so it would be
 * stored as another string than the one the answer confirms (RFC 8259 §8.2).
 */
export function parseJsonBytes(raw: Uint8Array): unknown {
  const text = UTF8.decode(raw);
  const value: unknown = JSON.parse(text);
  if (SURROGATE_ESCAPE.test(text) && holdsLoneSurrogate(value)) throw new SyntaxError('a string with a lone surrogate');
  return value;
}

function parseBody(request: RawRequest, body: BodyCheck, errors: FieldError[]): unknown {
  const raw = request.body;
  const empty = raw === undefined || raw.length === 0;
  if (request.contentType !== undefined && !JSON_MEDIA_TYPE.test(request.contentType) && !(empty && !body.required)) {
    throw new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  if (empty) {
    if (body.required) errors.push({ location: 'body', pointer: '', message: 'a JSON body is required' });
    return undefined;
  }
  if (request.contentType === undefined)
    throw new ProblemError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  let value: unknown;
  try {
    value = parseJsonBytes(raw);
  } catch {
    throw new ProblemError('INVALID_REQUEST', 'The request body is not valid JSON in UTF-8.', {
      errors: [{ location: 'body', pointer: '', message: 'is not valid JSON in UTF-8' }],
    });
  }
  if (!body.validate(value)) {
    for (const e of body.validate.errors ?? []) errors.push(fieldError('body', '', e));
  }
  return value;
}

const MAX_POINTER = 500;

function fieldError(location: FieldError['location'], base: string, e: ErrorObject): FieldError {
  let pointer = base + e.instancePath;
  const params = e.params as { additionalProperty?: unknown; missingProperty?: unknown };
  if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string')
    pointer += `/${pointerSegment(params.additionalProperty)}`;
  if (e.keyword === 'required' && typeof params.missingProperty === 'string')
    pointer += `/${pointerSegment(params.missingProperty)}`;
  let message = e.message ?? 'is not valid';
  if (e.keyword === 'additionalProperties') message = 'is not a known field';
  if (e.keyword === 'required') message = 'is required';
  while (pointer.length > MAX_POINTER) pointer = pointer.slice(0, pointer.lastIndexOf('/'));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are replaced before the message is echoed
  return { location, pointer, message: message.replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, 500) };
}

function invalid(errors: FieldError[]): ProblemError {
  const where = [...new Set(errors.map((e) => (e.location === 'body' ? 'body' : `${e.location} parameters`)))].join(
    ' and ',
  );
  return new ProblemError('INVALID_REQUEST', `The request ${where} are not valid.`.replace('body are', 'body is'), {
    errors,
  });
}

/** Fills in `default`s of an object's properties, following `$ref`s, one level deep. */
function applyDefaults(value: unknown, schema: SpecNode): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return;
  const properties = schema.properties as Record<string, SpecNode> | undefined;
  if (!properties) return;
  const target = value as Record<string, unknown>;
  for (const [name, node] of Object.entries(properties)) {
    if (target[name] !== undefined) continue;
    const own = node.default;
    const resolved = own !== undefined ? own : resolve(node).default;
    if (resolved !== undefined) target[name] = resolved;
  }
}
