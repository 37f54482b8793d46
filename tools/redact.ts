/**
 * Keeps secrets out of failure messages: a violation quotes bodies and headers, and those
 * may hold access tokens, refresh tokens or API keys.
 */

const SECRET_SHAPES: RegExp[] = [
  /\brt_[A-Za-z0-9_-]{8,}/g, // refresh tokens
  /\bsk_(?:live|test)_[A-Za-z0-9]{8,}/g, // API keys
  /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, // JWTs
  /("password"\s*:\s*)"(?:[^"\\]|\\.)*"/g,
];

/** `text` with every token-, key- or password-shaped value replaced by `[redacted]`. */
export function redact(text: string): string {
  let out = text;
  for (const shape of SECRET_SHAPES)
    out = out.replace(shape, (_m, keep?: string) => (typeof keep === 'string' ? `${keep}"[redacted]"` : '[redacted]'));
  return out;
}
