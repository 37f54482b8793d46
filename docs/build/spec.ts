/**
 * The spec the docs render: a copy of generated/openapi.json whose `info.description` is
 * the guides (placeholders expanded) and whose tags are grouped under "API reference".
 * Nothing else changes, and generated/openapi.json itself is never written.
 */

import type { Guide } from './guides.js';
import { expandPlaceholders } from './placeholders.js';
import type { DocsSpec } from './values.js';

/** Group name of the operation tags in the side menu, below the guides. */
export const REFERENCE_GROUP = 'API reference';

/** Builds the docs spec from the bundled spec, the guides and the placeholder values. */
export function docsSpec(spec: DocsSpec, guides: readonly Guide[], values: Readonly<Record<string, string>>): DocsSpec {
  const copy = structuredClone(spec);
  const description = guides.map((guide) => expandPlaceholders(guide.markdown, values, guide.file).trim()).join('\n\n');
  copy.info = { ...copy.info, description: `${description}\n` };
  const tags = (copy.tags ?? []).map((tag) => tag.name);
  if (tags.length > 0) copy['x-tagGroups'] = [{ name: REFERENCE_GROUP, tags }];
  delete copy['x-generated'];
  return copy;
}
