/**
 * The docs of the contract's evolution: each operation's `since`, a deprecated operation's
 * sunset and replacement, the Changelog page with a link to each release's reference, and
 * that reference itself (the frozen bundle, rendered, with the bundle beside it).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotateOperations, changelogGuide } from '../../docs/build/releases.js';
import type { DocsSpec } from '../../docs/build/values.js';
import { releasedVersions, releaseFile, repositoryFiles } from '../../tools/diff/releases.js';
import { operations, spec } from '../support/openapi.js';
import { type BuiltDocs, buildDocsForTest } from './support/built-docs.js';

const versions = releasedVersions().map((v) => `${v.major}.${v.minor}.${v.patch}`);

describe('annotateOperations', () => {
  it('says since which version each operation exists', () => {
    const copy = structuredClone(spec) as DocsSpec;
    annotateOperations(copy);
    for (const op of operations()) {
      const annotated = (copy.paths[op.path]![op.method] as { description: string }).description;
      expect(annotated, op.operationId).toContain(`*Available since API ${op.operation['x-novavms-since']}.*`);
      expect(annotated).toContain(op.operation.description.trim());
    }
  });

  it('says when a deprecated operation goes and what replaces it, with a link', () => {
    const copy = structuredClone(spec) as DocsSpec;
    const audit = copy.paths['/api/v1/audit-events']!.get as Record<string, unknown>;
    audit.deprecated = true;
    audit['x-novavms-deprecation'] = { announced: '2026-11-02', sunset: '2027-06-30', replacement: 'listCameras' };
    annotateOperations(copy);
    expect(audit.description).toMatch(
      /^\*\*Deprecated\*\* since 2026-11-02\. Sunset: \*\*2027-06-30\*\*; from that day on it may be removed\. Use \[listCameras\]\(#operation\/listCameras\) \(`GET \/api\/v1\/cameras`\) instead\./,
    );
    const cameras = copy.paths['/api/v1/cameras']!.get as Record<string, unknown>;
    expect(cameras.description).not.toContain('Deprecated');
  });
});

describe('changelogGuide', () => {
  it('links each released version to its reference and its contract, and leaves other headings alone', () => {
    const page = changelogGuide('# Changelog\n\n## 1.3.0 — 2027-01-02\n\nx\n\n## 1.2.0 — 2026-12-01\n\ny\n', ['1.2.0']);
    expect(page).toBe(
      '# Changelog\n\n## 1.3.0 — 2027-01-02\n\nx\n\n## 1.2.0 — 2026-12-01\n\n' +
        '[Reference of 1.2.0](v1.2.0/index.html) · [its contract, openapi.json](v1.2.0/openapi.json)\n\ny\n',
    );
  });
});

describe('the built docs', () => {
  let docs: BuiltDocs;
  beforeAll(async () => {
    docs = await buildDocsForTest();
  }, 120_000);
  afterAll(() => docs?.remove());

  it('end with the Changelog page: CHANGELOG.md, every release linked', async () => {
    const description = docs.definition.info.description!;
    const changelog = description.slice(description.indexOf('\n# Changelog\n'));
    expect(changelog.length).toBeGreaterThan(20);
    expect(docs.build.guides.at(-1)).toBe('Changelog');
    for (const version of versions) {
      expect(changelog).toContain(`[Reference of ${version}](v${version}/index.html)`);
      expect(changelog).toMatch(new RegExp(`^## ${version.replace(/\./g, '\\.')} — \\d{4}-\\d{2}-\\d{2}$`, 'm'));
    }
    const source = await readFile(repositoryFiles.changelog, 'utf8');
    for (const line of source.split('\n').filter((l) => l.startsWith('- '))) expect(changelog).toContain(line);
  });

  it('render every release beside the latest page, each with its frozen contract to download', async () => {
    expect(docs.build.releases).toEqual(versions);
    const dir = path.dirname(docs.build.outFile);
    for (const version of versions) {
      const frozen = await readFile(releaseFile(version), 'utf8');
      expect(await readFile(path.join(dir, `v${version}`, 'openapi.json'), 'utf8')).toBe(frozen);
      const html = await readFile(path.join(dir, `v${version}`, 'index.html'), 'utf8');
      expect(html).toContain(`<title>${JSON.parse(frozen).info.title} ${version} (release)</title>`);
      expect(html).toContain(`This is release **${version}** of the contract`);
      expect(html).not.toMatch(/<(script|link|img)\b[^>]*\b(src|href)="https?:\/\//);
    }
  });
});
