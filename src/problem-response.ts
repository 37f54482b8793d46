import { type ErrorCode, isProblem, type Problem } from './errors.js';

/**
 * An error answer kept so that it can be handed to many waiting calls: a Response body
 * can be read once, so each caller gets a fresh Response built from this.
 */
export interface ErrorAnswer {
  status: number;
  statusText: string;
  contentType: string;
  /** The RFC 6750 challenge of a 401, passed on as it came. */
  wwwAuthenticate: string | null;
  body: string;
  problem: Problem | undefined;
}

/**
 * Keeps the error of a call whose body openapi-fetch has already read (`error` is the parsed
 * JSON, or the text when it was no JSON).
 */
export function errorAnswerFrom(error: unknown, response: Response): ErrorAnswer {
  return {
    status: response.status,
    statusText: response.statusText,
    contentType: response.headers.get('Content-Type') ?? 'application/problem+json',
    wwwAuthenticate: response.headers.get('WWW-Authenticate'),
    body: typeof error === 'string' ? error : JSON.stringify(error ?? null),
    problem: isProblem(error) ? error : undefined,
  };
}

/** A new Response carrying a kept error answer, for one waiting call. */
export function toResponse(answer: ErrorAnswer): Response {
  const headers = new Headers({ 'Content-Type': answer.contentType });
  if (answer.wwwAuthenticate !== null) headers.set('WWW-Authenticate', answer.wwwAuthenticate);
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
}

/** The problem `code` of a response without consuming it, or undefined for anything else. */
export async function peekProblemCode(response: Response): Promise<ErrorCode | undefined> {
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!contentType.includes('json')) return undefined;
  try {
    const parsed: unknown = await response.clone().json();
    return isProblem(parsed) ? parsed.code : undefined;
  } catch {
    return undefined;
  }
}
