/** novavms-path-file-per-path: the root paths map holds only $refs to files named after the paths. */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { ruleOn } from './support/house-rules.js';

const RULE = 'novavms-path-file-per-path';
const ROOT = 'openapi/openapi.yaml';

describe(RULE, () => {
  test('accepts the base fixture, braces and the leading-dot path included', async () => {
    expect(await ruleOn(RULE)).toEqual([]);
  });

  test('accepts a ./-prefixed $ref to the right file', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.replace(ROOT, '$ref: paths/v1_widgets.yaml', '$ref: ./paths/v1_widgets.yaml'),
    );
    expect(findings).toEqual([]);
  });

  test('reports a $ref to a file not named after the path', async () => {
    const findings = await ruleOn(RULE, async (copy) => {
      await copy.rename('openapi/paths/v1_widgets.yaml', 'openapi/paths/widgets.yaml');
      await copy.replace(ROOT, '$ref: paths/v1_widgets.yaml', '$ref: paths/widgets.yaml');
    });
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: ROOT,
        pointer: '#/paths/~1v1~1widgets/$ref',
        message: expect.stringContaining('it must be paths/v1_widgets.yaml'),
      },
    ]);
  });

  test('reports the leading-dot path named as a hidden file', async () => {
    const findings = await ruleOn(RULE, async (copy) => {
      await copy.rename('openapi/paths/_.well-known_jwks.json.yaml', 'openapi/paths/.well-known_jwks.json.yaml');
      await copy.replace(ROOT, '$ref: paths/_.well-known_jwks.json.yaml', '$ref: paths/.well-known_jwks.json.yaml');
    });
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: ROOT,
        pointer: '#/paths/~1.well-known~1jwks.json/$ref',
        message: expect.stringContaining('it must be paths/_.well-known_jwks.json.yaml'),
      },
    ]);
  });

  test('reports a path item written inline in the root file', async () => {
    const findings = await ruleOn(RULE, async (copy) => {
      // Inline it with its $refs made relative to the root file.
      const text = (await readFile(copy.file('openapi/paths/v1_keys.yaml'), 'utf8')).replaceAll(
        '../components/',
        'components/',
      );
      const item = YAML.parse(text);
      await copy.edit(ROOT, (doc) => {
        doc.paths['/v1/keys'] = item;
      });
    });
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: ROOT,
        pointer: '#/paths/~1v1~1keys',
        message: expect.stringContaining('is written inline; move it to paths/v1_keys.yaml'),
      },
    ]);
  });

  test('reports fields beside the $ref', async () => {
    const findings = await ruleOn(RULE, (copy) =>
      copy.edit(ROOT, (doc) => {
        doc.paths['/v1/widgets'].summary = 'Widgets';
      }),
    );
    expect(findings).toEqual([
      {
        rule: RULE,
        severity: 'error',
        file: ROOT,
        pointer: '#/paths/~1v1~1widgets',
        message: expect.stringContaining('has summary beside its $ref'),
      },
    ]);
  });
});
