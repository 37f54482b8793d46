import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** One guide: its file and Markdown, before placeholders are expanded. */
export interface Guide {
  file: string;
  title: string;
  markdown: string;
}

/**
 * Reads the guides, `docs/guides/*.md`, in file-name order (the numeric prefix sets the
 * order in the rendered docs). Each must open with a `# Title` line: Redoc turns those
 * headings into the guide entries of the side menu.
 */
export async function readGuides(dir: string): Promise<Guide[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  if (files.length === 0) throw new Error(`no guides (*.md) in ${dir}`);
  return Promise.all(
    files.map(async (name) => {
      const file = path.join(dir, name);
      const markdown = await readFile(file, 'utf8');
      const title = /^# (.+)$/m.exec(markdown)?.[1]?.trim();
      if (!title || !markdown.trimStart().startsWith('# ')) throw new Error(`${file} must start with a "# Title" line`);
      return { file, title, markdown };
    }),
  );
}
