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

/**
 * Runs "Import from Collected Outputs…" on a folder of the workspace, typed into the folder dialog
 * (which lists `entry`, one of its machine folders, before it accepts it), and picks the layout.
 */
export async function importCollectedOutputs(page, { outputsFolder, entry, layout }) {
  await runCommand(page, 'Storage Topology: Import from Collected Outputs…');
  const folderInput = page.locator('.quick-input-widget input');
  await folderInput.waitFor({ state: 'visible' });
  // The dialog fills in the workspace folder once it has listed it; typing before that appends to it.
  await page.waitForFunction(() => /\/workspace\/?$/.test(document.querySelector('.quick-input-widget input')?.value ?? ''));
  await folderInput.fill(`${outputsFolder}/`);
  // The dialog accepts a typed folder once it has listed it: a click before that is lost.
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: entry }).first().waitFor({ timeout: 60_000 });
  await page.locator('.quick-input-widget .monaco-button', { hasText: 'Import' }).first().click();
  const choice = page.locator('.quick-input-widget .monaco-list-row', { hasText: layout }).first();
  await choice.waitFor();
  await choice.click();
}

export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await row.click();
}
