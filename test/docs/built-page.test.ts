/**
 * The built page without a browser: what `npm run docs` embeds in docs/dist/index.html
 * (the spec Redoc renders, its options) and what it leaves out (remote resources,
 * telemetry). Fast, so that a changed lifetime or error code is caught on every run.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotateOperations } from '../../docs/build/releases.js';
import { REFERENCE_GROUP } from '../../docs/build/spec.js';
import { errorsTable, lifetimesTable, rolesTable, securitySchemesTable } from '../../docs/build/tables.js';
import { errorCodes, errors, lifetimes, operations, refreshCookie, roles } from '../../generated/contract.js';
import { spec, specPath } from '../support/openapi.js';
import { type BuiltDocs, buildDocsForTest } from './support/built-docs.js';

const GUIDES = ['Authenticate to the API', 'Service-account keys', 'Errors', 'Local development'];
const LANGUAGES = ['curl', 'TypeScript', 'Python'];
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let built: BuiltDocs;
let specDigestBefore: string;

beforeAll(async () => {
  specDigestBefore = digest(specPath);
  built = await buildDocsForTest();
}, 60_000);

afterAll(() => built?.remove());

describe('the built page', () => {
  it('is one file, written where asked, with the size the build reports', () => {
    expect(statSync(built.build.outFile).size).toBe(built.build.bytes);
    expect(built.build.guides).toEqual([...GUIDES, 'Changelog']);
  });

  it('loads no script, style, font, image or preload from anywhere', () => {
    const remoteTags = built.html.match(
      /<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\/[^>]*>/gi,
    );
    expect(remoteTags).toBeNull();
    expect(built.html.match(/<link\b[^>]*modulepreload[^>]*>/gi)).toBeNull();
    expect(built.html.match(/.{0,40}cdn\.redoc\.ly.{0,40}/g)).toBeNull();
    expect(built.html.includes('<link rel="icon" href="data:," />')).toBe(true);
    expect(built.build.logoUrlsReplaced).toBe(2);
  });

  it('turns Redoc telemetry off', () => {
    expect(built.options.disableTelemetry).toBe(true);
  });

  it('is rendered on the server too, so the guides are there before any script runs', () => {
    for (const title of GUIDES) expect(built.html).toContain(`>${title}</span>`);
  });
});

describe('the spec the page renders', () => {
  const description = () => built.definition.info.description ?? '';

  it('has the guides, in order, as the description, then the workflow pages and the changelog', () => {
    const prose = description().replace(/^```[\s\S]*?^```/gm, '');
    const titles = [...prose.matchAll(/^# (.+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual([...GUIDES, ...built.build.workflows, 'Changelog']);
  });

  it('has the lifetimes, error, security-scheme and role tables generated from the contract', () => {
    expect(description()).toContain(lifetimesTable(lifetimes, refreshCookie.name));
    expect(description()).toContain(errorsTable(errorCodes, errors));
    expect(description()).toContain(securitySchemesTable(spec.components.securitySchemes, lifetimes, operations));
    expect(description()).toContain(rolesTable(roles));
  });

  // The source page's "Token lifetimes": 1 hour / 1 hour, 7 days / 30 days, no expiry. If a
  // lifetime in the contract changes, the built table changes and this fails.
  it('shows 1 hour, 7 days, 30 days and no expiry in the lifetimes table', () => {
    // Rows of the lifetimes table: credential | scheme | default | remember_me | notes.
    const row = (scheme: string) =>
      description()
        .split('\n')
        .map((line) => line.split(' | '))
        .find((cells) => cells[1] === `\`${scheme}\`` && cells.length === 5);
    expect(row('UserAccessToken')?.slice(2, 4)).toEqual(['1 hour', '1 hour']);
    expect(row('RefreshToken')?.slice(2, 4)).toEqual(['7 days', '30 days']);
    expect(row('RefreshCookie')?.slice(2, 4)).toEqual(['7 days', '30 days']);
    expect(row('ServiceAccountKey')?.slice(2, 4)).toEqual(['no expiry', '—']);
  });

  it('has a row for every error code with its status', () => {
    for (const code of errorCodes) {
      expect(description(), code).toContain(`| \`${code}\` (${errors[code].title}) | ${errors[code].status} |`);
    }
  });

  it('leaves no placeholder unexpanded', () => {
    expect(description()).not.toMatch(/\{\{|\}\}|<!--\s*novavms:/);
  });

  it('is the contract otherwise: only the descriptions (the guides; since and deprecation) and the tag groups differ', () => {
    const { info, 'x-tagGroups': groups, ...rest } = built.definition;
    const annotated = structuredClone(spec);
    annotateOperations(annotated);
    const { info: specInfo, 'x-generated': _notice, ...specRest } = annotated;
    expect(rest).toEqual(specRest);
    expect({ ...info, description: undefined }).toEqual({ ...specInfo, description: undefined });
    expect(groups).toEqual([{ name: REFERENCE_GROUP, tags: spec.tags.map((t: { name: string }) => t.name) }]);
    expect(digest(specPath)).toBe(specDigestBefore);
  });

  it('keeps the curl, TypeScript and Python sample of every operation, in languages Redoc is told to show', () => {
    const shown = ((built.options.codeSamples as { languages?: { lang: string }[] } | undefined)?.languages ?? []).map(
      (l) => l.lang,
    );
    expect(shown).toEqual(LANGUAGES);
    for (const [path, item] of Object.entries(built.definition.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const samples = (operation as { 'x-codeSamples'?: { lang: string; source: string }[] })['x-codeSamples'];
        if (!samples) continue;
        expect(samples.map((s) => s.lang).sort(), `${method} ${path}`).toEqual([...LANGUAGES].sort());
        for (const sample of samples)
          expect(sample.source.trim().length, `${method} ${path} ${sample.lang}`).toBeGreaterThan(0);
      }
    }
    const withSamples = Object.values(built.definition.paths)
      .flatMap((item) => Object.values(item))
      .filter((op) => (op as { 'x-codeSamples'?: unknown })['x-codeSamples']);
    expect(withSamples).toHaveLength(Object.keys(operations).length);
  });
});
