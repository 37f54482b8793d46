/** `getJsonWebKeySet`: the public key that verifies access tokens. */
import type { Handler } from '../context.js';

/** Handles `GET /.well-known/jwks.json`. */
export const getJsonWebKeySet: Handler = (ctx) => ({ body: ctx.accessTokens.jwks });
