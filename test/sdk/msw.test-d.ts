import { describe, expectTypeOf, it } from 'vitest';
import type { components } from '../../src/index.js';
import { http, type ResponseBody, scenarios } from '../../src/msw/index.js';

declare const camera: components['schemas']['Camera'];
declare const problem: components['schemas']['Problem'];

describe('@novavms/sdk/msw types', () => {
  it('takes only the contract paths, with the documented bodies', () => {
    http.get('/api/v1/cameras/{camera_id}', ({ params, response }) => {
      expectTypeOf(params.camera_id).toEqualTypeOf<string>();
      return response(200).json(camera);
    });
    // @ts-expect-error a path the contract does not have
    http.get('/api/v1/nothing', ({ response }) => response.untyped(new Response()));
    // @ts-expect-error a method the path does not have
    http.delete('/api/v1/cameras', ({ response }) => response.untyped(new Response()));
    // @ts-expect-error a body that is not the Camera schema
    http.get('/api/v1/cameras/{camera_id}', ({ response }) => response(200).json({ id: 42 }));
    // @ts-expect-error a status the operation does not document
    http.get('/api/v1/cameras/{camera_id}', ({ response }) => response(418).json(problem));
  });

  it('offers one scenario per documented response, with bodies of its type', () => {
    scenarios.loginWithPassword.rateLimited({ body: { ...problem, code: 'RATE_LIMITED' } });
    scenarios.getCamera.camera({ body: camera, once: true });
    expectTypeOf<ResponseBody<'getCamera', 'camera'>>().toEqualTypeOf<components['schemas']['Camera']>();
    expectTypeOf<ResponseBody<'logoutSession', 'noContent'>>().toBeNever();
    // @ts-expect-error a response the operation does not document
    scenarios.loginWithPassword.teapot();
    // @ts-expect-error a body that is not the Camera schema
    scenarios.getCamera.camera({ body: { id: 42 } });
    // @ts-expect-error a problem is not a camera
    scenarios.getCamera.camera({ body: problem });
  });
});
