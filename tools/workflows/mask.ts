/**
 * Keeps secrets out of what a workflow run prints and leaves behind. `redocly respect` masks
 * the inputs marked `format: password` and body fields named `token`, `access_token` or
 * `password`, but prints refresh tokens, API keys and `Authorization` headers as they are in
 * its failure excerpts, its verbose log and its JSON report. Everything the runner shows or
 * writes goes through a masker first.
 */
import { redact } from '../redact.js';

const MASK = '[redacted]';

/** Secrets that may show up whatever their shape: a value, a header or a cookie that carries one. */
const CARRIERS: RegExp[] = [
  // "access_token": "…", "refresh_token": "…", "secret": "…", "password": "…" in JSON text
  /("(?:access_token|refresh_token|secret|password)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
  // Authorization: Bearer … in a header dump or a JSON report
  /(\bauthorization"?\s*[:=]\s*"?Bearer\s+)[^\s"',;]+/gi,
  // the refresh cookie's value, sent or set (not a pattern that describes it)
  /(__Host-novavms_refresh=)[A-Za-z0-9._~+/=-]{8,}/g,
];

/** The forms a secret takes once printed: as is, inside a JSON string, URL-encoded. */
function forms(secret: string): string[] {
  const out = new Set([secret, JSON.stringify(secret).slice(1, -1)]);
  try {
    out.add(encodeURIComponent(secret));
  } catch {
    // a lone surrogate has no URL-encoded form
  }
  return [...out];
}

/**
 * A function that masks `secrets` (passwords and other values known up front, in each printed
 * form, longest first) and every token-, key- or password-shaped value in a text.
 */
export function createMasker(secrets: readonly string[]): (text: string) => string {
  const literals = [...new Set(secrets.filter((s) => s.trim().length > 0).flatMap(forms))].sort(
    (a, b) => b.length - a.length,
  );
  return (text: string) => {
    let out = text;
    for (const literal of literals) out = out.split(literal).join(MASK);
    for (const carrier of CARRIERS)
      out = out.replace(carrier, (match, keep: string) =>
        match.endsWith('"') ? `${keep}"${MASK}"` : `${keep}${MASK}`,
      );
    return redact(out);
  };
}

/**
 * Masks a stream of text line by line, so that a secret split across two chunks is still
 * seen whole; `flush` writes what is left after the last line break.
 */
export function lineMasker(mask: (text: string) => string, write: (text: string) => void) {
  let pending = '';
  return {
    push(chunk: string) {
      pending += chunk;
      const end = pending.lastIndexOf('\n');
      if (end === -1) return;
      write(mask(pending.slice(0, end + 1)));
      pending = pending.slice(end + 1);
    },
    flush() {
      if (pending) write(mask(pending));
      pending = '';
    },
  };
}
