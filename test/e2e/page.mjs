// What the workbench tests share: the page of a fresh editor window, its screenshots, and opening
// a file from the Explorer. Every wait is on an element, with a deadline.
import path from 'node:path';

export const FIRST_DIAGNOSTIC_TIMEOUT_MS = 60_000;
export const UI_TIMEOUT_MS = 30_000;

/**
 * Opens the workbench at `url` in the context's page and runs `test` on it, with `screenshot(name)`
 * saving the page to the output folder; a failure saves `<failureName>.png` before it is thrown.
 */
export async function inWorkbench({ context, url, outputDir, log }, failureName, test) {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  const screenshot = async (name) => {
    const file = path.join(outputDir, `${name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot ${path.relative(process.cwd(), file)}`);
  };
  try {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await test(page, screenshot);
  } catch (error) {
    await screenshot(failureName).catch(() => undefined);
    throw error;
  }
}

export async function openFromExplorer(page, name) {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.dblclick();
  await page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor();
}
