import { isProblem, type Problem } from './errors.js';

/**
 * An error answer kept so that it can be handed to many waiting calls: a Response body
 * can be read once, so each caller gets a fresh Response built from this.
 */
export interface ErrorAnswer {
  status: number;
  statusText: string;
  contentType: string;
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
    body: typeof error === 'string' ? error : JSON.stringify(error ?? null),
    problem: isProblem(error) ? error : undefined,
  };
}

/** A new Response carrying a kept error answer, for one waiting call. */
export function toResponse(answer: ErrorAnswer): Response {
  return new Response(answer.body, {
    status: answer.status,
    statusText: answer.statusText,
    headers: { 'Content-Type': answer.contentType },
  });
}

/** The problem `code` of a response without consuming it, or undefined for anything else. */
export async function peekProblemCode(response: Response): Promise<string | undefined> {
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!contentType.includes('json')) return undefined;
  try {
    const parsed: unknown = await response.clone().json();
    return isProblem(parsed) ? parsed.code : undefined;
  } catch {
    return undefined;
  }
}
