import { describe, expect, it } from 'vitest';
import { errorCodes, errors } from '../../generated/contract.js';
import { createClient, isNovaVmsError, isProblem, NovaVmsError, toNovaVmsError, unwrap } from '../../src/index.js';
import { problemResponse } from './support/fake-auth-server.js';
import { observedFetch } from './support/observed-fetch.js';

function clientAnswering(answer: () => Response) {
  return createClient({ apiKey: 'sk_test_abc123', baseUrl: 'http://novavms.test', fetch: observedFetch(answer).fetch });
}

describe('NovaVmsError', () => {
  it('carries code, status, request id and the problem of every code of the spec', async () => {
    for (const code of errorCodes) {
      const result = await clientAnswering(() => problemResponse(code, `req_${code}`)).GET('/api/v1/me');
      const error = toNovaVmsError(result);
      expect(error).toBeInstanceOf(NovaVmsError);
      expect(error).toMatchObject({
        name: 'NovaVmsError',
        code,
        status: errors[code].status,
        requestId: `req_${code}`,
      });
      expect(error.problem?.title).toBe(errors[code].title);
      expect(error.message).toContain(code);
      expect(isNovaVmsError(error)).toBe(true);
    }
  });

  it('reports an answer that is no NovaVMS problem (a gateway page) as INTERNAL_ERROR without a problem', async () => {
    const result = await clientAnswering(
      () => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    ).GET('/api/v1/me');
    const error = toNovaVmsError(result);
    expect(error).toMatchObject({ code: 'INTERNAL_ERROR', status: 502, requestId: undefined, problem: undefined });
  });

  it('does not take a body with an unknown code for a problem', () => {
    expect(isProblem({ code: 'TOKEN_EXPIRED', status: 401 })).toBe(true);
    expect(isProblem({ code: 'NOT_A_CODE', status: 401 })).toBe(false);
    expect(isProblem('TOKEN_EXPIRED')).toBe(false);
    expect(isProblem(null)).toBe(false);
  });

  it('unwrap returns the data of a success and throws the typed error of a failure', async () => {
    const ok = clientAnswering(() => Response.json({ data: [], next_cursor: null }));
    expect(unwrap(await ok.GET('/api/v1/cameras'))).toEqual({ data: [], next_cursor: null });
    const refused = clientAnswering(() => problemResponse('API_KEY_REVOKED', 'req_revoked'));
    const result = await refused.GET('/api/v1/cameras');
    expect(() => unwrap(result)).toThrow(NovaVmsError);
    expect(() => unwrap(result)).toThrow(
      expect.objectContaining({ code: 'API_KEY_REVOKED', status: 401, requestId: 'req_revoked' }),
    );
  });
});
