/**
 * Access tokens an attacker could craft without the server's private key (RFC 8725 §2,
 * §3.1): `alg: none`, HS256 keyed with the published public key, a tampered payload under
 * the original signature, and tokens re-signed with a foreign ES256 key — under the server's
 * `kid`, with wrong `iss`/`aud`/`typ`, with the key embedded in the header.
 */
import { createHmac, createPublicKey } from 'node:crypto';
import { CompactSign, exportJWK, generateKeyPair, type JWK } from 'jose';

type Claims = Record<string, unknown>;

/** Header and payload of a compact JWS, decoded (no verification). */
export function decodeJwt(token: string): { header: Claims; payload: Claims; signature: string } {
  const [h, p, s] = token.split('.');
  const decode = (part: string | undefined) =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Claims;
  return { header: decode(h), payload: decode(p), signature: s ?? '' };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** The token's claims under `alg: none` and an empty signature. */
export function algNone(token: string): string {
  const { header, payload } = decodeJwt(token);
  return `${b64({ ...header, alg: 'none' })}.${b64(payload)}.`;
}

/**
 * The token re-signed with HS256, keyed with the server's public key (the classic
 * key-confusion attack): as PEM, as its JWK JSON, as its `x` coordinate, or (`jwks-json`,
 * with the JWKS as `jwk`) as the whole published JWKS.
 */
export function hs256WithPublicKey(
  token: string,
  jwk: JWK | { keys: JWK[] },
  form: 'pem' | 'jwk-json' | 'x' | 'jwks-json',
): string {
  const { header, payload } = decodeJwt(token);
  const secret =
    form === 'pem'
      ? createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' })
      : form === 'x'
        ? String((jwk as JWK).x)
        : JSON.stringify(jwk);
  const input = `${b64({ ...header, alg: 'HS256' })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** The token with its payload changed and the original signature kept. */
export function tamperedPayload(token: string, changes: Claims): string {
  const { header, payload, signature } = decodeJwt(token);
  return `${b64(header)}.${b64({ ...payload, ...changes })}.${signature}`;
}

/** The token with `alg` in its header changed and the original signature kept. */
export function withHeader(token: string, changes: Claims): string {
  const { header, payload, signature } = decodeJwt(token);
  return `${b64({ ...header, ...changes })}.${b64(payload)}.${signature}`;
}

/** A private key as jose generates it (typed without the DOM library, which the server's tests leave out). */
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** A foreign ES256 key pair (what an attacker has). */
async function foreignKey(): Promise<{ privateKey: PrivateKey; publicJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

/** The token's claims, changed by `payloadChanges`, signed ES256 with a foreign key under `header`. */
export async function resignedWithForeignKey(
  token: string,
  headerChanges: Claims = {},
  payloadChanges: Claims = {},
): Promise<string> {
  const { header, payload } = decodeJwt(token);
  const { privateKey, publicJwk } = await foreignKey();
  const finalHeader: Claims = { ...header, alg: 'ES256', ...headerChanges };
  if (finalHeader.jwk === true) finalHeader.jwk = publicJwk;
  return new CompactSign(new TextEncoder().encode(JSON.stringify({ ...payload, ...payloadChanges })))
    .setProtectedHeader(finalHeader as never)
    .sign(privateKey);
}
