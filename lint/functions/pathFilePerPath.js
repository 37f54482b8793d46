/**
 * novavms-path-file-per-path: the root document's `paths` map holds nothing but one `$ref`
 * per path, to a file in the paths folder named after the path, so that every path is
 * reviewed in its own file and can be found from its URL alone.
 *
 * File name: drop the leading "/", turn every other "/" into "_", keep braces and hyphens
 * (`/api/v1/cameras/{camera_id}` → `api_v1_cameras_{camera_id}.yaml`); a name that would be
 * empty or start with "." (a hidden file) gets a leading "_" (`/.well-known/jwks.json` →
 * `_.well-known_jwks.json.yaml`).
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject } from './lib/openapi.js';

/** The file name a path's path item lives in, per the convention above. */
function pathFileName(path, extension) {
  const name = path.replace(/^\//, '').replace(/\//g, '_');
  return `${name === '' || name.startsWith('.') ? `_${name}` : name}${extension}`;
}

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: {
        directory: { type: 'string', minLength: 1 },
        extension: { type: 'string', pattern: '^\\.' },
      },
      required: ['directory', 'extension'],
      additionalProperties: false,
    },
  },
  function pathFilePerPath(paths, { directory, extension }, context) {
    const results = [];
    for (const [path, item] of Object.entries(paths)) {
      if (!path.startsWith('/')) continue;
      const expected = `${directory}/${pathFileName(path, extension)}`;
      const at = [...context.path, path];
      if (!isObject(item) || typeof item.$ref !== 'string') {
        results.push({ message: `Path ${path} is written inline; move it to ${expected} and $ref it`, path: at });
        continue;
      }
      const extra = Object.keys(item).filter((key) => key !== '$ref');
      if (extra.length > 0) {
        results.push({
          message: `Path ${path} has ${extra.join(', ')} beside its $ref; move them into ${expected}`,
          path: at,
        });
      }
      const ref = item.$ref.replace(/^\.\//, '');
      if (ref !== expected) {
        results.push({ message: `Path ${path} refers to ${item.$ref}; it must be ${expected}`, path: [...at, '$ref'] });
      }
    }
    return results;
  },
);
