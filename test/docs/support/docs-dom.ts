import type { Page } from 'playwright-core';

/** The cell texts of the first table on the page whose header row has `headerCell`, header row first. */
export async function tableWithHeader(page: Page, headerCell: string): Promise<string[][]> {
  const rows = await page.evaluate((wanted) => {
    const norm = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
    for (const table of Array.from(document.querySelectorAll('table'))) {
      const header = Array.from(table.querySelectorAll('tr:first-child th, thead th')).map((cell) =>
        norm(cell.textContent),
      );
      if (!header.includes(wanted)) continue;
      return Array.from(table.querySelectorAll('tr')).map((row) =>
        Array.from(row.querySelectorAll('th, td')).map((cell) => norm(cell.textContent)),
      );
    }
    return null;
  }, headerCell);
  if (!rows) throw new Error(`no table with the header cell ${JSON.stringify(headerCell)} on ${page.url()}`);
  return rows;
}

/** The rows of a table as objects keyed by the header cells. */
export function rowsByHeader(table: string[][]): Record<string, string>[] {
  const [header = [], ...body] = table;
  return body.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])));
}

/** Whitespace-insensitive text, to compare code shown in the page with the spec's source. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The texts of every code block Redoc shows right now. */
export async function codeBlockTexts(page: Page): Promise<string[]> {
  return (await page.locator('[data-component-name="CodeBlock/CodeBlock"]').allTextContents()).map(squash);
}

/**
 * Switches Redoc's code-sample language (a page-wide choice) by opening the language menu
 * of a request sample and picking `language`. Redoc re-renders while it scrolls to a route,
 * which can detach the menu under the click, so the choice is retried until a language
 * button shows `language`.
 */
export async function chooseSampleLanguage(page: Page, current: string, language: string): Promise<void> {
  const button = (name: string) =>
    page.locator('[data-component-name="Dropdown/Dropdown"] button', { hasText: new RegExp(`^${name}$`) });
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      await button(current).first().click({ timeout: 5_000 });
      await page
        .locator('[data-component-name="Dropdown/DropdownMenuItem"]', { hasText: new RegExp(`^${language}$`) })
        .first()
        .click({ timeout: 5_000 });
      await button(language).first().waitFor({ timeout: 5_000 });
      return;
    } catch (error) {
      lastError = error;
      if ((await button(language).count()) > 0) return;
    }
  }
  throw new Error(`could not switch the code samples from ${current} to ${language}: ${String(lastError)}`);
}

/** The texts of the headings on the page (Redoc gives headings a link whose label would spoil their accessible names). */
export async function headingTexts(page: Page): Promise<string[]> {
  return (await page.locator('h1, h2, h3, h4').allTextContents()).map(squash);
}

/** Waits until a heading with exactly `text` is on the page. */
export async function waitForHeading(page: Page, text: string): Promise<void> {
  await page
    .locator('h1, h2, h3, h4')
    .filter({ hasText: new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) })
    .first()
    .waitFor();
}
