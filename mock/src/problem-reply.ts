/** Sending a problem through Fastify: status, challenge headers, the problem media type. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../generated/contract.js';
import { type FieldError, PROBLEM_MEDIA_TYPE, ProblemError, problemBody } from './problem.js';

/** Answers `request` with the problem `error`. */
export function replyProblem(request: FastifyRequest, reply: FastifyReply, error: ProblemError): FastifyReply {
  const body = problemBody(error.code, error.detail, request.url, error.fieldErrors);
  return reply.code(body.status).headers(error.headers).type(PROBLEM_MEDIA_TYPE).send(JSON.stringify(body));
}

/** Answers with a problem built on the spot. */
export function replyCode(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  options: { headers?: Record<string, string>; errors?: FieldError[] } = {},
): FastifyReply {
  return replyProblem(request, reply, new ProblemError(code, detail, options));
}
