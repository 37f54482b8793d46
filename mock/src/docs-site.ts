/**
 * `/docs/`: the rendered documentation, one HTML file, with the reference of each release
 * beside it (`v1.2.0/index.html`, `v1.2.0/openapi.json`). The server serves the page it is
 * given (`--docs FILE`, as `npm start` passes `docs/dist/index.html`) or, by default, the copy
 * packaged next to its bundle (`dist/docs/index.html`). It never builds the page itself: while
 * the file is missing, `/docs/` answers 503 and says how to build it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The page packaged next to the server's bundle (`npm pack` of @novavms/mock puts it there). */
export const packagedDocsPage = path.join(HERE, 'docs', 'index.html');
/** The files of each release's reference, with their media types. */
const RELEASE_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'openapi.json': 'application/json; charset=utf-8',
};

/** What `/docs` answers right now. */
export type DocsAnswer = { status: 200; html: string } | { status: 503; html: string };

/** Serves the documentation page of one file and the releases' references beside it. */
export class DocsSite {
  constructor(private readonly page: string = packagedDocsPage) {}

  /** The page, or a 503 page saying how to build it while the file is missing. */
  async answer(): Promise<DocsAnswer> {
    if (existsSync(this.page)) return { status: 200, html: await readFile(this.page, 'utf8') };
    return {
      status: 503,
      html: page(
        'The documentation is not built',
        `This server serves <code>${escapeHtml(this.page)}</code>, which does not exist yet. In the repository, ` +
          'build it with <code>npm run docs</code> (then reload this page); <code>npm start</code> serves ' +
          '<code>docs/dist/index.html</code>, and <code>novavms-mock --docs FILE</code> serves any file.',
      ),
    };
  }

  /**
   * A file of a release's reference, built beside the page (`v1.2.0/index.html`,
   * `v1.2.0/openapi.json`); null when there is none.
   */
  async releaseFile(folder: string, name: string): Promise<{ body: string; type: string } | null> {
    const type = RELEASE_FILES[name];
    if (!type || !/^v\d+\.\d+\.\d+$/.test(folder) || !existsSync(this.page)) return null;
    try {
      return { body: await readFile(path.join(path.dirname(this.page), folder, name), 'utf8'), type };
    } catch {
      return null;
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title} · NovaVMS</title>
</head>
<body>
<h1>${title}</h1>
<p>${body}</p>
<p>The contract is already here: <a href="/openapi.yaml">/openapi.yaml</a> and <a href="/openapi.json">/openapi.json</a>.</p>
</body>
</html>
`;
}
