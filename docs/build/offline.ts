/**
 * Makes the HTML of `redocly build-docs --inlineBundle` (Redoc 3) open without any
 * network request. Two things in it still reach out when the page is opened:
 *
 * - Telemetry: Redoc posts OpenTelemetry traces to otel.cloud.redocly.com unless its
 *   option `disableTelemetry` is true. The CLI writes that option from its own telemetry
 *   setting (REDOCLY_TELEMETRY=off, or `telemetry: off` in the config), so the build runs
 *   with both and this module refuses a page whose options do not say so.
 * - The "API docs by" logo in the side menu: an <img> of cdn.redoc.ly/redoc/logo-mini*.svg
 *   that no option hides. Its two URLs are replaced by inline SVG data URIs.
 */

/** The image URLs Redoc 3 loads from its CDN for the side-menu logo. */
export const REDOC_LOGO_URLS = [
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg',
  'https://cdn.redoc.ly/redoc/logo-mini.svg',
] as const;

function svgDataUri(width: number, text: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="14" viewBox="0 0 ${width} 14">` +
    `<text x="0" y="11" font-family="sans-serif" font-size="12" font-weight="600" fill="#0044d4">${text}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

const LOGO_REPLACEMENTS: Record<(typeof REDOC_LOGO_URLS)[number], string> = {
  'https://cdn.redoc.ly/redoc/logo-mini-full.svg': svgDataUri(40, 'Redoc'),
  'https://cdn.redoc.ly/redoc/logo-mini.svg': svgDataUri(10, 'R'),
};

/** What `makeOffline` changed, for the build's summary. */
export interface OfflineReport {
  logoUrlsReplaced: number;
}

/**
 * Returns the page with the CDN logo inlined, after checking that telemetry is disabled
 * and that no script, style or preload is fetched from elsewhere. Throws when the page is
 * not what this module expects (another Redoc version), so that a change is seen at build
 * time rather than by a reader without network.
 */
export function makeOffline(html: string): { html: string; report: OfflineReport } {
  const options = /const __redoc_options = (\{.*?\});/.exec(html)?.[1];
  if (!options) throw new Error('the built page has no __redoc_options: is this the output of redocly build-docs 2.x?');
  if ((JSON.parse(options) as { disableTelemetry?: unknown }).disableTelemetry !== true) {
    throw new Error(
      'Redoc telemetry is on in the built page: run build-docs with REDOCLY_TELEMETRY=off or `telemetry: off`',
    );
  }
  let out = html;
  let logoUrlsReplaced = 0;
  for (const url of REDOC_LOGO_URLS) {
    const parts = out.split(url);
    if (parts.length === 1) throw new Error(`the built page no longer references ${url}; check the Redoc logo again`);
    logoUrlsReplaced += parts.length - 1;
    out = parts.join(LOGO_REPLACEMENTS[url]);
  }
  const remote = /<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i.exec(out);
  if (remote) throw new Error(`the built page still loads a remote resource: ${remote[0]}`);
  if (out.includes('cdn.redoc.ly')) throw new Error('the built page still mentions cdn.redoc.ly');
  return { html: out, report: { logoUrlsReplaced } };
}
