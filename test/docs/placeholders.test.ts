import { describe, expect, it } from 'vitest';
import { expandPlaceholders } from '../../docs/build/placeholders.js';

describe('expandPlaceholders', () => {
  const values = { 'lifetimes-table': '| a |\n|---|\n| 1 |', 'access.lifetime': '1 hour' };

  it('replaces a block placeholder by a whole table and an inline one by a value', () => {
    const out = expandPlaceholders(
      'Intro\n\n<!-- novavms:lifetimes-table -->\n\nIt lives {{access.lifetime}}, or {{ access.lifetime }}.',
      values,
    );
    expect(out).toBe('Intro\n\n| a |\n|---|\n| 1 |\n\nIt lives 1 hour, or 1 hour.');
  });

  it('fails on an unknown name, naming it and the file, instead of leaving a hole', () => {
    expect(() =>
      expandPlaceholders('{{acess.lifetime}} <!-- novavms:error-table -->', values, 'docs/guides/x.md'),
    ).toThrow(/docs\/guides\/x\.md: unknown placeholder\(s\) error-table, acess\.lifetime/);
  });

  it('leaves other HTML comments and text alone', () => {
    expect(expandPlaceholders('<!-- a note --> {not a placeholder}', values)).toBe(
      '<!-- a note --> {not a placeholder}',
    );
  });
});
