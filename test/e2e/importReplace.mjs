// Importing into a design folder that has files: a modal names the files the import would replace,
// nothing is written before the answer, and Replace replaces them. Run in an editor started
// without the smoke-test driver, which refuses modal dialogs (run.mjs).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importCollectedOutputs, inWorkbench, openFromExplorer } from './page.mjs';

/**
 * `outputs`: a folder of collected outputs in the workspace, holding the machine folder `entry`;
 * its design folder (`<outputs>-design/`) was imported already, with the files `written`.
 */
export async function runImportReplaceTest({ context, url, workspaceDir, outputDir, log }, { outputs, entry, written }) {
  const designFolder = path.join(workspaceDir, `${outputs}-design`);
  const edited = path.join(designFolder, written[0]);
  writeFileSync(edited, `${readFileSync(edited, 'utf8')}# a note of our own\n`);
  await inWorkbench({ context, url, outputDir, log }, 'import-replace-failure', async (page, screenshot) => {
    log(`import ${outputs} as a design folder again: a modal names the ${written.length} files it would replace`);
    await openFromExplorer(page, `${outputs}.topo`);
    await page.locator('.statusbar-item', { hasText: /^Topo$/ }).first().waitFor();
    await importCollectedOutputs(page, { outputsFolder: path.join(workspaceDir, outputs), entry, layout: 'A design folder' });
    const dialog = page.locator('.monaco-dialog-box', { hasText: `${outputs}-design already has ${written.length} files the import writes` });
    await dialog.waitFor();
    const listed = await dialog.locator('.dialog-message-detail').innerText();
    assert.deepEqual(listed.split('\n').map((line) => line.trim()).filter((line) => line.endsWith('.topo')), written, 'the modal lists the files replaced');
    assert.match(readFileSync(edited, 'utf8'), /a note of our own/, 'nothing is written before the answer');
    await screenshot('import-replace-question');

    log('Replace: the files are written again and the host file opens');
    await dialog.locator('.monaco-button', { hasText: /^Replace$/ }).click();
    await page.locator('.notification-toast', { hasText: `into ${outputs}-design/.` }).first().waitFor();
    assert.doesNotMatch(readFileSync(edited, 'utf8'), /a note of our own/, 'Replace replaced the file');
    await page.locator('.tabs-container .tab.active', { hasText: written.find((name) => !/^(arrays|fabric)\.topo$/.test(name)) }).first().waitFor();
    await screenshot('import-replaced');
  });
}
