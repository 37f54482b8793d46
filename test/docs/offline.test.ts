import { describe, expect, it } from 'vitest';
import { makeOffline, REDOC_LOGO_URLS } from '../../docs/build/offline.js';

/** The shape of a page from `redocly build-docs --inlineBundle`, with only what matters here. */
function page(options: Record<string, unknown>, extra = ''): string {
  return `<!DOCTYPE html><html><head><style>body{}</style>${extra}</head><body><div id="redoc"></div>
<script type="module">
const logo = e ? \`${REDOC_LOGO_URLS[0]}\` : \`${REDOC_LOGO_URLS[1]}\`;
const __redoc_definition = {"openapi":"3.1.0"};
const __redoc_options = ${JSON.stringify(options)};
hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));
</script></body></html>`;
}

describe('makeOffline', () => {
  it('inlines both CDN logo URLs as SVG data URIs', () => {
    const { html, report } = makeOffline(page({ skipBundle: true, disableTelemetry: true }));
    expect(report.logoUrlsReplaced).toBe(2);
    expect(html).not.toContain('cdn.redoc.ly');
    expect(html.match(/data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+/g)).toHaveLength(2);
  });

  it('refuses a page whose Redoc telemetry is on', () => {
    expect(() => makeOffline(page({ skipBundle: true, disableTelemetry: false }))).toThrow(/telemetry is on/);
    expect(() => makeOffline(page({ skipBundle: true }))).toThrow(/telemetry is on/);
  });

  it('refuses a page that still loads a script, a font or a preload from elsewhere', () => {
    const options = { disableTelemetry: true };
    expect(() =>
      makeOffline(
        page(options, '<script src="https://cdn.redocly.com/redoc/v3.0.1/bundles/redoc.standalone.js"></script>'),
      ),
    ).toThrow(/remote resource/);
    expect(() => makeOffline(page(options, '<link rel="modulepreload" href="https://cdn.redocly.com/x.js">'))).toThrow(
      /remote resource/,
    );
    expect(() => makeOffline(page(options, '<link rel="stylesheet" href="//fonts.googleapis.com/css">'))).toThrow(
      /remote resource/,
    );
  });

  it('refuses a page that is not what build-docs makes, or no longer has the logo to inline', () => {
    expect(() => makeOffline('<html></html>')).toThrow(/no __redoc_options/);
    expect(() => makeOffline(page({ disableTelemetry: true }).replace(REDOC_LOGO_URLS[1], 'x'))).toThrow(
      /logo-mini\.svg/,
    );
  });
});
