/** novavms-path-file-per-path: the root paths map holds only $refs to files named after the paths. */
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { edit, testRule } from './support/house-rules.js';

const ROOT = 'openapi/openapi.yaml';

testRule('novavms-path-file-per-path', [
  { name: 'accepts the base fixture, braces and the leading-dot path included', errors: [] },
  {
    name: 'accepts a ./-prefixed $ref to the right file',
    change: (copy) => copy.replace(ROOT, '$ref: paths/v1_widgets.yaml', '$ref: ./paths/v1_widgets.yaml'),
    errors: [],
  },
  {
    name: 'reports a $ref to a file not named after the path',
    change: async (copy) => {
      await copy.rename('openapi/paths/v1_widgets.yaml', 'openapi/paths/widgets.yaml');
      await copy.replace(ROOT, '$ref: paths/v1_widgets.yaml', '$ref: paths/widgets.yaml');
    },
    errors: [{ file: ROOT, pointer: '#/paths/~1v1~1widgets/$ref', message: 'it must be paths/v1_widgets.yaml' }],
  },
  {
    name: 'reports the leading-dot path named as a hidden file',
    change: async (copy) => {
      await copy.rename('openapi/paths/_.well-known_jwks.json.yaml', 'openapi/paths/.well-known_jwks.json.yaml');
      await copy.replace(ROOT, '$ref: paths/_.well-known_jwks.json.yaml', '$ref: paths/.well-known_jwks.json.yaml');
    },
    errors: [
      {
        file: ROOT,
        pointer: '#/paths/~1.well-known~1jwks.json/$ref',
        message: 'it must be paths/_.well-known_jwks.json.yaml',
      },
    ],
  },
  {
    name: 'reports a path item written inline in the root file',
    change: async (copy) => {
      // Inline it with its $refs made relative to the root file.
      const text = await readFile(copy.file('openapi/paths/v1_keys.yaml'), 'utf8');
      const item = YAML.parse(text.replaceAll('../components/', 'components/'));
      await copy.edit(ROOT, (doc) => {
        doc.paths['/v1/keys'] = item;
      });
    },
    errors: [
      { file: ROOT, pointer: '#/paths/~1v1~1keys', message: 'is written inline; move it to paths/v1_keys.yaml' },
    ],
  },
  {
    name: 'reports fields beside the $ref',
    change: edit(ROOT, (doc) => {
      doc.paths['/v1/widgets'].summary = 'Widgets';
    }),
    errors: [{ file: ROOT, pointer: '#/paths/~1v1~1widgets', message: 'has summary beside its $ref' }],
  },
]);
