const BLOCK = /<!--\s*novavms:([a-z0-9.-]+)\s*-->/gi;
const INLINE = /\{\{\s*([A-Za-z0-9.-]+)\s*\}\}/g;

/**
 * Replaces the placeholders of a guide with values generated from the contract: a block
 * `<!-- novavms:NAME -->` (a whole table) or an inline `{{NAME}}` (a lifetime, a limit).
 * Guides never type those values; an unknown name fails the build instead of leaving a
 * hole in the docs.
 */
export function expandPlaceholders(
  markdown: string,
  values: Readonly<Record<string, string>>,
  source = 'guide',
): string {
  const unknown = new Set<string>();
  const lookup = (name: string) => {
    const value = values[name];
    if (value === undefined) unknown.add(name);
    return value ?? '';
  };
  const expanded = markdown
    .replace(BLOCK, (_match, name: string) => lookup(name))
    .replace(INLINE, (_match, name: string) => lookup(name));
  if (unknown.size > 0) {
    throw new Error(
      `${source}: unknown placeholder(s) ${[...unknown].join(', ')}; known: ${Object.keys(values).sort().join(', ')}`,
    );
  }
  return expanded;
}
