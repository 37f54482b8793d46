/**
 * Rendering the benchmark tables, as aligned text for the terminal and as Markdown for
 * docs/benchmarks.md, from the same rows, so that what is printed is what is recorded.
 */

/** A table: a header row and body rows of the same width. */
export interface Table {
  header: readonly string[];
  rows: readonly (readonly string[])[];
}

function checkWidth(table: Table): void {
  for (const row of table.rows) {
    if (row.length !== table.header.length)
      throw new Error(`a row has ${row.length} cells, the header ${table.header.length}`);
  }
}

/** Column widths in characters (code points), so that "≥" and "×" count as one. */
function widths(table: Table): number[] {
  return table.header.map((cell, i) => Math.max([...cell].length, ...table.rows.map((row) => [...row[i]!].length)));
}

function pad(cell: string, width: number): string {
  return cell + ' '.repeat(width - [...cell].length);
}

/** The table as aligned text: columns padded, a dashed line under the header. */
export function renderText(table: Table): string {
  checkWidth(table);
  const w = widths(table);
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => pad(cell, w[i]!))
      .join('  ')
      .trimEnd();
  return [line(table.header), w.map((n) => '-'.repeat(n)).join('  '), ...table.rows.map(line)].join('\n');
}

/** A cell as Markdown table text: pipes escaped, line breaks turned into spaces. */
export function markdownCell(cell: string): string {
  return cell.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The table as GitHub-flavoured Markdown. */
export function renderMarkdown(table: Table): string {
  checkWidth(table);
  const line = (row: readonly string[]) => `| ${row.map(markdownCell).join(' | ')} |`;
  return [line(table.header), `|${table.header.map(() => '---').join('|')}|`, ...table.rows.map(line)].join('\n');
}
