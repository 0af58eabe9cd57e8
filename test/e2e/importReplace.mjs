// Importing into a design folder that has files: a modal names the files the import would replace,
// nothing is written before the answer, and Replace replaces them; asked again, Choose Another
// Folder… writes the design into a new folder picked in the save dialog and leaves the files in the
// way as they were. A file picked there instead is named as not a folder, and when the folder
// holding it is removed before Choose Another Folder… is clicked again, the import says so and
// writes nothing. Run in an editor started without the smoke-test driver, which refuses modal
// dialogs (run.mjs).
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importCollectedOutputs, inWorkbench, openFromExplorer, runCommand } from './page.mjs';

/** A new folder's name, typed into the save dialog: no name in the workspace starts as it does, so nothing is completed into it. */
const CHOSEN_FOLDER = 'chosen-design';
/** A folder of the workspace removed while the import's question is open, and the file in it picked as the design's folder. */
const REMOVED_FOLDER = 'removed-meanwhile';
const PICKED_FILE = 'notes.txt';

/** Every file of a folder (not recursive) and its bytes. */
function folderFiles(folder) {
  return new Map(readdirSync(folder).sort().map((name) => [name, readFileSync(path.join(folder, name))]));
}

/**
 * `outputs`: a folder of collected outputs in the workspace, holding the machine folder `entry`;
 * its design folder (`<outputs>-design/`) was imported already, with the files `written`.
 */
export async function runImportReplaceTest({ context, url, workspaceDir, outputDir, log }, { outputs, entry, written }) {
  const designFolder = path.join(workspaceDir, `${outputs}-design`);
  const edited = path.join(designFolder, written[0]);
  const hostFile = written.find((name) => !/^(arrays|fabric)\.topo$/.test(name));
  writeFileSync(edited, `${readFileSync(edited, 'utf8')}# a note of our own\n`);
  const filesInTheWay = (page) => page.locator('.monaco-dialog-box', { hasText: `${outputs}-design already has ${written.length} files the import writes` });
  await inWorkbench({ context, url, outputDir, log }, 'import-replace-failure', async (page, screenshot) => {
    log(`import ${outputs} as a design folder again: a modal names the ${written.length} files it would replace`);
    await openFromExplorer(page, `${outputs}.topo`);
    await page.locator('.statusbar-item', { hasText: /^Topo$/ }).first().waitFor();
    await importCollectedOutputs(page, { outputsFolder: path.join(workspaceDir, outputs), entry, layout: 'A design folder' });
    const dialog = filesInTheWay(page);
    await dialog.waitFor();
    const listed = await dialog.locator('.dialog-message-detail').innerText();
    assert.deepEqual(listed.split('\n').map((line) => line.trim()).filter((line) => line.endsWith('.topo')), written, 'the modal lists the files replaced');
    assert.match(readFileSync(edited, 'utf8'), /a note of our own/, 'nothing is written before the answer');
    await screenshot('import-replace-question');

    log('Replace: the files are written again and the host file opens');
    await dialog.locator('.monaco-button', { hasText: /^Replace$/ }).click();
    await page.locator('.notification-toast', { hasText: `into ${outputs}-design/.` }).first().waitFor();
    assert.doesNotMatch(readFileSync(edited, 'utf8'), /a note of our own/, 'Replace replaced the file');
    await page.locator('.tabs-container .tab.active', { hasText: hostFile }).first().waitFor();
    await screenshot('import-replaced');
    await runCommand(page, 'Notifications: Clear All Notifications');

    log(`import again and Choose Another Folder…: the dialog offers a new folder beside ${outputs}-design; ${CHOSEN_FOLDER} is typed over it`);
    const inTheWay = folderFiles(designFolder);
    await importCollectedOutputs(page, { outputsFolder: path.join(workspaceDir, outputs), entry, layout: 'A design folder' });
    await filesInTheWay(page).locator('.monaco-button', { hasText: /^Choose Another Folder…$/ }).click();
    const pathInput = page.locator('.quick-input-widget input');
    const offered = `${workspaceDir}/${outputs}-design-2`;
    // The dialog selects the offered name once it has listed the folder, so that typing replaces it.
    await page.waitForFunction(
      (value) => {
        const input = document.querySelector('.quick-input-widget input');
        return input?.value === value && input.value.slice(input.selectionStart, input.selectionEnd) === value.split('/').pop();
      },
      offered,
    );
    await screenshot('import-another-folder');
    await page.keyboard.type(CHOSEN_FOLDER);
    assert.equal(await pathInput.inputValue(), `${workspaceDir}/${CHOSEN_FOLDER}`);
    await pathInput.press('Enter');

    log(`the design is written into ${CHOSEN_FOLDER}/ and its host file opens, revealed; ${outputs}-design is left as it was`);
    const chosenFolder = path.join(workspaceDir, CHOSEN_FOLDER);
    await page.locator('.notification-toast', { hasText: `into ${CHOSEN_FOLDER}/.` }).first().waitFor();
    // Labelled by the file's path: both folders have a file of that name.
    const opened = `.monaco-icon-label[aria-label="${path.join(chosenFolder, hostFile)}"]`;
    await page.locator(`.tabs-container .tab.active ${opened}`).waitFor();
    await page.locator(`.explorer-folders-view .monaco-list-row.selected ${opened}`).waitFor();
    const chosen = folderFiles(chosenFolder);
    assert.deepEqual([...chosen.keys()], ['.topo.json', ...written], `${CHOSEN_FOLDER} holds the design's files`);
    for (const [name, bytes] of chosen) assert.ok(bytes.equals(inTheWay.get(name)), `${CHOSEN_FOLDER}/${name} is the design ${outputs}-design/${name} was replaced with`);
    const after = folderFiles(designFolder);
    assert.deepEqual([...after.keys()], [...inTheWay.keys()], `${outputs}-design has the same files`);
    for (const [name, bytes] of inTheWay) assert.ok(after.get(name).equals(bytes), `${outputs}-design/${name} is untouched`);
    await screenshot('import-another-folder-written');
    await runCommand(page, 'Notifications: Clear All Notifications');

    log(`import again, Choose Another Folder… and ${REMOVED_FOLDER}/${PICKED_FILE} picked: a modal says it is not a folder`);
    const removed = path.join(workspaceDir, REMOVED_FOLDER);
    mkdirSync(removed);
    writeFileSync(path.join(removed, PICKED_FILE), 'not a design folder\n');
    const workspaceBefore = readdirSync(workspaceDir).filter((name) => name !== REMOVED_FOLDER).sort();
    await importCollectedOutputs(page, { outputsFolder: path.join(workspaceDir, outputs), entry, layout: 'A design folder' });
    await filesInTheWay(page).locator('.monaco-button', { hasText: /^Choose Another Folder…$/ }).click();
    await page.waitForFunction((value) => document.querySelector('.quick-input-widget input')?.value === value, offered);
    const picked = path.join(removed, PICKED_FILE);
    await pathInput.fill(picked);
    assert.equal(await pathInput.inputValue(), picked);
    // Typed into another folder, the dialog lists it first; an Enter before that is not taken.
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: PICKED_FILE }).waitFor();
    await pathInput.press('Enter');
    // The dialog asks whether to overwrite the file it was given; Enter says yes.
    await page.locator('.quick-input-widget', { hasText: `${PICKED_FILE} already exists` }).waitFor();
    await page.keyboard.press('Enter');
    const notAFolder = page.locator('.monaco-dialog-box', { hasText: `${PICKED_FILE} exists and is not a folder` });
    await notAFolder.waitFor();

    log(`${REMOVED_FOLDER} is removed while the modal is open; Choose Another Folder… says so, and nothing is written`);
    rmSync(removed, { recursive: true });
    await notAFolder.locator('.monaco-button', { hasText: /^Choose Another Folder…$/ }).click();
    const failure = page.locator('.notification-toast', { hasText: 'Import failed:' }).first();
    await failure.waitFor();
    const shown = await failure.innerText();
    assert.ok(shown.includes(`Import failed: cannot offer another folder beside '${PICKED_FILE}' in '${removed}': it no longer exists`), shown);
    await screenshot('import-folder-removed');
    assert.deepEqual(readdirSync(workspaceDir).sort(), workspaceBefore, 'no folder or file is written');
    const still = folderFiles(designFolder);
    for (const [name, bytes] of inTheWay) assert.ok(still.get(name).equals(bytes), `${outputs}-design/${name} is untouched`);
  });
}
