/**
 * RFC 9457 problems built from the contract's error table (`contract.errors`): every error
 * response of the server is one of these, so status, title and type are never restated.
 */
import { type ErrorCode, errors } from '../../generated/contract.js';
import { randomBase62 } from './random.js';
import { at, type SpecNode } from './spec.js';

/** One offending value of an invalid request (`ProblemFieldError`). */
export interface FieldError {
  location: 'body' | 'path' | 'query' | 'header';
  pointer?: string;
  message: string;
}

/** The JSON body of a problem response (`Problem`). */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  request_id: string;
  errors?: FieldError[];
}

/** Extra parts of a problem response. */
export interface ProblemOptions {
  headers?: Record<string, string>;
  errors?: FieldError[];
}

/**
 * A failure that ends a request with a problem response. Handlers and the security layer
 * throw it; the route wrapper and the error handler turn it into the response.
 */
export class ProblemError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly headers: Record<string, string>;
  readonly fieldErrors: FieldError[] | undefined;

  constructor(code: ErrorCode, detail: string, options: ProblemOptions = {}) {
    super(`${code}: ${detail}`);
    this.name = 'ProblemError';
    this.code = code;
    this.detail = detail;
    this.headers = options.headers ?? {};
    this.fieldErrors = options.errors;
  }

  /** The HTTP status of the code, from the contract. */
  get status(): number {
    return errors[this.code].status;
  }
}

/**
 * 404 for a resource or route that does not exist. A production-only operation called with a
 * `sk_test_` key answers exactly this, as if it did not exist.
 */
export function noSuchResource(): ProblemError {
  return new ProblemError('NOT_FOUND', 'There is no such resource.');
}

/** A fresh request identifier (`req_…`), quoted in problems so support can find the request. */
function newRequestId(): string {
  return `req_${randomBase62(16)}`;
}

const URI_REFERENCE_PATH = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
const MAX_INSTANCE = 2000;

/** The request path as `instance`, when it is a short, well-formed URI reference (else none). */
function instanceOf(url: string): string | undefined {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  return path !== '' && path.length <= MAX_INSTANCE && URI_REFERENCE_PATH.test(path) ? path : undefined;
}

/** The problem body for `code`, with a new request id. */
export function problemBody(code: ErrorCode, detail: string, url: string, fieldErrors?: FieldError[]): ProblemBody {
  const entry = errors[code];
  const body: ProblemBody = {
    type: entry.type,
    title: entry.title,
    status: entry.status,
    detail,
    code,
    request_id: newRequestId(),
  };
  const instance = instanceOf(url);
  if (instance !== undefined) body.instance = instance;
  if (fieldErrors && fieldErrors.length > 0) body.errors = fieldErrors.slice(0, 50);
  return body;
}

/**
 * The media type of every error response: the one media type of the contract's shared error
 * responses (`components.responses`).
 */
export const PROBLEM_MEDIA_TYPE = onlyMediaType(Object.values(at('/components/responses')) as SpecNode[]);

function onlyMediaType(responses: readonly SpecNode[]): string {
  const types = new Set(responses.flatMap((response) => Object.keys((response.content ?? {}) as SpecNode)));
  const [only, ...others] = types;
  if (only === undefined || others.length > 0)
    throw new Error(`the shared error responses must have one media type, not ${[...types].join(', ') || 'none'}`);
  return only;
}
