// The workbench over a design of several files (examples/site-a, a folder holding a .topo.json):
// F2 on the array's name in arrays.topo renames it in the cluster files that use it — the one open
// in an editor and the one only on disk — and the design stays free of errors. Every wait is on an
// element or a file event, with a deadline.
import assert from 'node:assert/strict';
import { readFileSync, watch } from 'node:fs';
import path from 'node:path';
import { FIRST_DIAGNOSTIC_TIMEOUT_MS, inWorkbench, openFromExplorer, UI_TIMEOUT_MS } from './page.mjs';

export const DESIGN_FOLDER = 'site-a';
const ARRAYS = 'arrays.topo';
const CLUSTER_DB = 'cluster-db.topo';
const CLUSTER_HV = 'cluster-hv.topo';
const FABRIC = 'fabric.topo';
const OLD_NAME = 'pure';
const NEW_NAME = 'flash';

/** Resolves with the file's text once it matches `pattern`, read again at each change in its folder. */
function waitForFileText(file, pattern, timeoutMs) {
  return new Promise((resolve, reject) => {
    const watcher = watch(path.dirname(file));
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${path.basename(file)} on disk does not match ${pattern} after ${timeoutMs} ms`));
    }, timeoutMs);
    const check = () => {
      const text = readFileSync(file, 'utf8');
      if (!pattern.test(text)) return;
      clearTimeout(timer);
      watcher.close();
      resolve(text);
    };
    watcher.on('change', check);
    check();
  });
}

/** Moves the cursor with Go to Line (`:line:column` in the quick input), which scrolls the line into view. */
async function goToLine(page, line, column = 1) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  // Enter goes to the line only once the quick input lists the place for the text typed; before, it is lost.
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: `Go to line ${line} and character ${column}.` }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
}

/** The 1-based number of the first line of `text` that starts with `start`. */
function lineStarting(text, start, file) {
  const line = text.split('\n').findIndex((candidate) => candidate.startsWith(start)) + 1;
  assert.ok(line > 0, `a line of ${file} starts with "${start}"`);
  return line;
}

export async function runDesignRenameTest({ context, url, workspaceDir, outputDir, log }) {
  const folder = path.join(workspaceDir, DESIGN_FOLDER);
  const arrays = readFileSync(path.join(folder, ARRAYS), 'utf8');
  const sessionLine = lineStarting(readFileSync(path.join(folder, CLUSTER_DB), 'utf8'), `session db01 -> ${OLD_NAME}.db-data`, CLUSTER_DB);
  assert.match(readFileSync(path.join(folder, CLUSTER_HV), 'utf8'), new RegExp(`${OLD_NAME}\\.hv-csv`), `${CLUSTER_HV} uses the array`);
  await inWorkbench({ context, url, outputDir, log }, 'design-rename-failure', async (page, screenshot) => {

    log(`open ${DESIGN_FOLDER}/${CLUSTER_DB}: its findings come from the whole design`);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: DESIGN_FOLDER }).first().click();
    await openFromExplorer(page, CLUSTER_DB);
    await page.locator('.editor-instance .monaco-editor .squiggly-warning').first().waitFor({ state: 'attached', timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
    const problemsItem = page.locator('[id="status.problems"]');
    await problemsItem.click();
    await page.locator('.markers-panel .monaco-list-row', { hasText: `${OLD_NAME}.db-data` }).first().waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
    // The status bar counts every problem of the workbench ("Errors: 2, Warnings: 4", no "Errors"
    // when there are none), where the Problems panel, a virtualized list, shows only the rows in view.
    const findingsBefore = await problemsItem.getAttribute('aria-label');
    assert.ok(findingsBefore && !findingsBefore.includes('Errors'), `the design has no errors before the rename: ${findingsBefore}`);

    log(`F2 on the array's name in ${ARRAYS}, renamed to ${NEW_NAME}`);
    await openFromExplorer(page, ARRAYS);
    // The cursor inside the name, as a user who clicked on it has it.
    await goToLine(page, lineStarting(arrays, `array ${OLD_NAME} `, ARRAYS), 'array '.length + 2);
    await page.keyboard.press('F2');
    const renameInput = page.locator('input.rename-input').first();
    await renameInput.waitFor({ state: 'visible' });
    assert.equal(await renameInput.inputValue(), OLD_NAME, 'the rename starts from the name under the cursor');
    await renameInput.fill(NEW_NAME);
    await screenshot('design-rename-input');
    await page.keyboard.press('Enter');

    log(`${CLUSTER_HV} and ${FABRIC} (not open) change on disk, ${CLUSTER_DB} in its editor`);
    const hv = await waitForFileText(path.join(folder, CLUSTER_HV), new RegExp(`${NEW_NAME}\\.hv-csv`), UI_TIMEOUT_MS);
    assert.doesNotMatch(hv, new RegExp(`\\b${OLD_NAME}\\.`), `every use of ${OLD_NAME} in ${CLUSTER_HV} is renamed`);
    const fabric = await waitForFileText(path.join(folder, FABRIC), new RegExp(`link ${NEW_NAME}\\.ct0`), UI_TIMEOUT_MS);
    assert.doesNotMatch(fabric, new RegExp(`\\b${OLD_NAME}\\.`), `every cable to ${OLD_NAME} in ${FABRIC} is renamed`);
    await page.locator('.tabs-container .tab', { hasText: CLUSTER_DB }).first().click();
    await goToLine(page, sessionLine);
    const dbEditor = page.locator('.editor-instance .monaco-editor').first();
    await dbEditor.locator('.view-lines', { hasText: `session db01 -> ${NEW_NAME}.db-data` }).waitFor();

    log('the design stays free of errors: the findings are those of before, naming the new name');
    // VS Code edits the files, saves them and closes those it opened, and the watcher tells of the
    // saves later: the design may be checked in between. The status bar counts every problem of
    // the workbench, and shows those of before once the last check is in.
    await page.locator(`[id="status.problems"][aria-label="${findingsBefore}"]`).waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS }).catch(async () => {
      throw new Error(`the design's findings after the rename are not those of before (${findingsBefore}): ${await problemsItem.getAttribute('aria-label')}`);
    });
    await dbEditor.locator('.squiggly-error').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS }).catch(async () => {
      throw new Error(`${CLUSTER_DB} still has ${await dbEditor.locator('.squiggly-error').count()} error squiggles after the rename`);
    });
    await page.locator('.markers-panel .monaco-list-row', { hasText: `${NEW_NAME}.db-data` }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    assert.ok(!rows.some((text) => text.includes(`${OLD_NAME}.db-data`)), `no finding in view names ${OLD_NAME} any longer: ${rows.join(' | ')}`);
    await screenshot('design-rename-done');
  });
}
