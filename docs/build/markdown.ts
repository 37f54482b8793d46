/**
 * Escapes text for one cell of a Markdown (GFM) table: a `|` would end the cell and a
 * line break would end the row, so generated tables stay tables whatever the spec says.
 */
function tableCell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

/** A GFM table from a header row and body rows; every row must have one cell per column. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new Error(`a table row has ${row.length} cells but the header has ${header.length}: ${row.join(' / ')}`);
    }
  }
  const line = (cells: readonly string[]) => `| ${cells.map(tableCell).join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** Inline code in Markdown, for names and values taken from the contract. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text}${fence}`;
}
