// The workbench UI test: what a user who installed the .vsix sees. Every wait is on an element
// with a deadline; screenshots go to the output folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIRST_DIAGNOSTIC_TIMEOUT_MS, importCollectedOutputs, inWorkbench, openFromExplorer, runCommand } from './page.mjs';

const SERVERFAULT = 'serverfault-lacp-team.topo';
const DUAL_FABRIC = 'dual-fabric-mpio.topo';
/** Written into the workspace by run.mjs: 1,000 hosts, some of them badly cabled. */
export const LARGE_DESIGN = 'large-1000-hosts.topo';
export const OUTLINE_MAX_SYMBOLS_SETTING = 'storageTopology.outline.maxSymbols';
/** Set by run.mjs: below the symbols of the large design's outline, above those of the examples. */
export const LARGE_DESIGN_OUTLINE_LIMIT = 1000;
/** Written into the workspace by run.mjs: command outputs collected from db01 and its two switches. */
export const STATE_FOLDER = 'topo-state';
/** The built CLI, which lints the imported design as a user would. */
const cliPath = path.resolve(import.meta.dirname, '../../dist/cli.js');

/** The 1-based line of the first occurrence of `text`, as the status bar shows it. */
function lineOf(source, text, from = 0) {
  const offset = source.indexOf(text, from);
  assert.ok(offset >= 0, `"${text}" occurs in ${SERVERFAULT}`);
  return source.slice(0, offset).split('\n').length;
}

/** The ids drawn in the preview, or undefined while it draws nothing. */
async function drawnIds(diagram) {
  return diagram.locator('.stage svg [data-id]').evaluateAll((elements) => elements.map((el) => el.getAttribute('data-id')));
}

/** Waits until the preview draws every one of `present` and none of `absent`. */
async function waitForDrawing(diagram, present, absent) {
  for (const id of present) await diagram.locator(`.stage svg [data-id="${id}"]`).first().waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
  const ids = await drawnIds(diagram);
  for (const id of absent) assert.ok(!ids.includes(id), `the preview draws ${present.join(', ')} but also ${id}, from another file`);
}

/**
 * Records every text the Storage Topology status item shows from now on (a MutationObserver in
 * the page): what the user sees in between, not only where it ends.
 */
async function recordHealthTexts(page) {
  await page.evaluate(() => {
    const seen = [];
    window.__healthTexts = seen;
    const read = () => {
      const item = Array.from(document.querySelectorAll('.part.statusbar .statusbar-item')).find((el) => /Topo: /.test(el.textContent ?? ''));
      const text = item?.textContent?.trim();
      if (text !== undefined && seen[seen.length - 1] !== text) seen.push(text);
    };
    read();
    new MutationObserver(read).observe(document.querySelector('.part.statusbar'), { subtree: true, childList: true, characterData: true });
  });
}

/** The language errors (`TOPO…`) `topo lint` finds in a design, as `CODE file:line`. */
function languageErrors(design) {
  const lint = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'json', design], { encoding: 'utf8' });
  assert.ok(lint.status === 0 || lint.status === 1, `topo lint ${design}: ${lint.stderr}`);
  return JSON.parse(lint.stdout).flatMap((entry) =>
    entry.messages.filter((message) => /^TOPO/.test(message.ruleId)).map((message) => `${message.ruleId} ${entry.filePath}:${message.line}`),
  );
}

export async function runWorkbenchTest({ context, url, workspaceDir, outputDir, log }) {
  const source = readFileSync(path.join(workspaceDir, SERVERFAULT), 'utf8');
  await inWorkbench({ context, url, outputDir, log }, 'workbench-failure', async (page, screenshot) => {
    log('open the serverfault example from the Explorer');
    const explorerRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: SERVERFAULT });
    await explorerRow.waitFor({ timeout: 60_000 });
    await explorerRow.dblclick();
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();
    await page.locator('.statusbar-item', { hasText: /^Topo$/ }).first().waitFor();

    log('wait for the squiggles');
    await editor
      .locator('.squiggly-warning, .squiggly-error')
      .first()
      .waitFor({ state: 'attached', timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });

    log('open the Problems panel');
    await page.locator('[id="status.problems"]').click();
    const problemRow = page.locator('.markers-panel .monaco-list-row', { hasText: 'iscsi-over-team' }).first();
    await problemRow.waitFor();
    await screenshot('serverfault-problems');

    log('open the preview from the command palette');
    await editor.locator('.view-lines').click();
    await runCommand(page, 'Storage Topology: Open Preview to the Side');
    const diagram = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    for (const name of ['hv01', 'core1', 'eonstor']) {
      await diagram.getByText(name, { exact: true }).first().waitFor();
    }
    const diagramText = await diagram.locator('body').innerText();
    assert.match(diagramText, /hv01/);
    assert.match(diagramText, /core1/);
    await screenshot('serverfault-preview');

    log('click core1 in the diagram: the editor takes the focus and selects its definition');
    // The reveal selects the whole switch block, the cursor (its active end) on its first or last line.
    // Read in the editor, not in the status bar: the bar shows the selection of the active group's
    // editor only, and the preview's frame tells the workbench it has the focus on a poll (every
    // 250 ms), so a click's report that comes after the reveal makes the preview's group active again
    // while the focus and the selection are in the text.
    const blockLines = [lineOf(source, 'switch core1'), lineOf(source, '\n}', source.indexOf('switch core1')) + 1];
    await diagram.getByText('core1', { exact: true }).first().click();
    await page.waitForFunction((lines) => {
      const focused = document.querySelector('.editor-instance .monaco-editor.focused');
      const cursorLine = Number(focused?.querySelector('.line-numbers.active-line-number')?.textContent);
      return focused?.contains(document.activeElement) && lines.includes(cursorLine) && focused.querySelector('.selected-text') !== null;
    }, blockLines);

    log('apply "Convert the team to MPIO paths" from the light bulb');
    await problemRow.click();
    await runCommand(page, 'Quick Fix...');
    const convert = page.locator('.action-widget .monaco-list-row', { hasText: /Convert the team to MPIO/ }).first();
    await convert.waitFor();
    await screenshot('serverfault-quick-fix');
    // Until the mouse moves, a pointer block covers the menu; choose the item with the keyboard.
    const focusedTitle = () => page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label');
    for (let moves = 0; !/Convert the team to MPIO/.test((await focusedTitle()) ?? ''); moves++) {
      assert.ok(moves < 10, 'the quick fix menu lets the keyboard reach "Convert the team to MPIO paths"');
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await problemRow.waitFor({ state: 'detached', timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
    const singleSwitchRow = page.locator('.markers-panel .monaco-list-row', { hasText: 'single-switch' }).first();
    await singleSwitchRow.waitFor();
    await screenshot('serverfault-after-quick-fix');

    log("a rule's link in the Problems panel opens its page rendered, not its source");
    await singleSwitchRow.locator('a.monaco-link', { hasText: 'single-switch' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Preview single-switch.md' }).first().waitFor();
    assert.equal(await page.locator('.tabs-container .tab', { hasText: /^single-switch\.md/ }).count(), 0, 'the markdown source is not opened');
    await screenshot('rule-page-rendered');
    await runCommand(page, 'View: Close Editor');
    await page.locator('.tabs-container .tab', { hasText: 'Preview single-switch.md' }).first().waitFor({ state: 'detached' });

    log(`edit ${SERVERFAULT} a few times, then switch to ${DUAL_FABRIC} with the preview open`);
    await page.locator('.tabs-container .tab', { hasText: SERVERFAULT }).first().click();
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    // Each keystroke is a version: serverfault's versions are now well above a fresh file's.
    await page.keyboard.type('\n# cabling reviewed\n', { delay: 20 });
    await waitForDrawing(diagram, ['core1', 'eonstor'], []);
    await openFromExplorer(page, DUAL_FABRIC);
    await page.locator('.tabs-container .tab', { hasText: `Preview ${DUAL_FABRIC}` }).first().waitFor();
    await waitForDrawing(diagram, ['me5', 'sw-a', 'sw-b'], ['core1', 'eonstor']);
    await screenshot('preview-follows-switch');

    log('export the diagram as SVG: the design of the active editor, confirmed with Reveal');
    await runCommand(page, 'Storage Topology: Export Diagram as SVG');
    const pathInput = page.locator('.quick-input-widget input');
    await page.waitForFunction(() => /dual-fabric-mpio\.svg$/.test(document.querySelector('.quick-input-widget input')?.value ?? ''));
    await pathInput.press('Enter');
    const confirmation = page.locator('.notification-toast', { hasText: 'Exported the diagram to dual-fabric-mpio.svg.' }).first();
    await confirmation.waitFor();
    const exported = readFileSync(path.join(workspaceDir, 'dual-fabric-mpio.svg'), 'utf8');
    assert.match(exported, /data-id="me5"/, 'the export is the design of the active editor');
    assert.doesNotMatch(exported, /data-id="(core1|eonstor)"/, 'the export holds nothing of the previous file');
    await confirmation.locator('.monaco-button', { hasText: 'Reveal' }).click();
    await page.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: 'dual-fabric-mpio.svg' }).first().waitFor();
    await screenshot('export-revealed');

    log("click a host's code lens: the hover lists its paths");
    await page.locator('.tabs-container .tab', { hasText: DUAL_FABRIC }).first().click();
    const lens = editor.locator('.codelens-decoration a', { hasText: /path/ }).first();
    await lens.waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
    const lensTitle = await lens.innerText();
    await lens.click();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: lensTitle }).first();
    await hover.waitFor();
    assert.match(await hover.innerText(), /vms-a: \d+ paths?/, "the hover lists the host's paths to each volume");
    await screenshot('code-lens-hover');
    await page.keyboard.press('Escape');

    log(`open ${LARGE_DESIGN}: "checking…", never "no problems", until its first result; progress in the preview`);
    await page.locator('.tabs-container .tab', { hasText: SERVERFAULT }).first().click();
    await page.locator('.statusbar-item', { hasText: /Topo: \d+ (error|warning)/ }).first().waitFor();
    await recordHealthTexts(page);
    await openFromExplorer(page, LARGE_DESIGN);
    await page.locator('.tabs-container .tab', { hasText: `Preview ${LARGE_DESIGN}` }).first().waitFor();
    await diagram.locator('.notice', { hasText: `Drawing ${LARGE_DESIGN}` }).waitFor();
    assert.deepEqual(await drawnIds(diagram), [], 'the preview shows progress, not the previous drawing under the new title');
    await page.locator('.statusbar-item', { hasText: /Topo: \d+ (error|warning)/ }).first().waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
    const healthTexts = await page.evaluate(() => window.__healthTexts);
    log(`status bar: ${healthTexts.join(' → ')}`);
    assert.ok(healthTexts.some((text) => /Topo: checking…/.test(text)), 'the status bar says it is checking');
    assert.ok(!healthTexts.some((text) => /no problems/.test(text)), `never "no problems" before the result: ${healthTexts.join(' → ')}`);
    await diagram.locator('.stage svg [data-id]').first().waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
    await screenshot('large-design');

    log(`${LARGE_DESIGN}'s outline is over ${OUTLINE_MAX_SYMBOLS_SETTING}: the language status says so and opens the setting`);
    // The language status entry names each of its items in its label.
    const languageStatus = page.locator('[id="status.languageStatus"][aria-label*="Outline: top level only"]');
    await languageStatus.waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
    await languageStatus.click();
    const outlineStatus = page.locator('.hover-language-status', { hasText: 'Outline: top level only' }).first();
    await outlineStatus.waitFor();
    const detail = await outlineStatus.locator('.left').innerText();
    const symbolCount = Number(/([\d,]+) symbols, more than/.exec(detail)?.[1]?.replaceAll(',', ''));
    assert.ok(symbolCount > LARGE_DESIGN_OUTLINE_LIMIT, `the detail gives the outline's count: ${detail}`);
    assert.ok(detail.includes(`more than ${OUTLINE_MAX_SYMBOLS_SETTING} (1,000)`), detail);
    await screenshot('outline-limited-status');
    await outlineStatus.locator('.right a', { hasText: 'Change Limit' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'Settings' }).first().waitFor();
    await page.locator('.settings-editor .setting-item-contents', { hasText: 'Max Symbols' }).first().waitFor();
    await screenshot('outline-limit-setting');
    await runCommand(page, 'View: Close Editor');
    await page.locator('.tabs-container .tab', { hasText: 'Settings' }).first().waitFor({ state: 'detached' });

    log('reload the window: the preview comes back, drawing the file it showed');
    await openFromExplorer(page, DUAL_FABRIC);
    // Its outline is within the limit: no outline item (other extensions' items may stay).
    await languageStatus.waitFor({ state: 'detached' });
    await waitForDrawing(diagram, ['me5'], []);
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ state: 'detached', timeout: 60_000 }).catch(() => undefined);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.tabs-container .tab', { hasText: `Preview ${DUAL_FABRIC}` }).first().waitFor({ timeout: 60_000 });
    await waitForDrawing(page.frameLocator('iframe.webview.ready').frameLocator('#active-frame'), ['me5', 'sw-a'], ['core1']);
    await screenshot('preview-after-reload');

    log('import the collected outputs as one file: the design opens beside the folder, the report on request');
    await importCollectedOutputs(page, { outputsFolder: path.join(workspaceDir, STATE_FOLDER), entry: 'db01', layout: 'One design file' });
    await page.locator('.tabs-container .tab.active', { hasText: `${STATE_FOLDER}.topo` }).first().waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
    const imported = readFileSync(path.join(workspaceDir, `${STATE_FOLDER}.topo`), 'utf8');
    assert.match(imported, /^host db01 \{/m, 'the design holds the collected host');
    assert.match(imported, new RegExp(`# ${STATE_FOLDER}/db01/`), 'its lines name the outputs they come from');
    await page.locator('.editor-instance .view-lines', { hasText: 'host db01' }).first().waitFor();
    const summary = page.locator('.notification-toast', { hasText: `Imported 1 host, 2 switches` }).first();
    await summary.waitFor();
    assert.match(await summary.innerText(), new RegExp(`into ${STATE_FOLDER}\\.topo\\.`));
    await screenshot('import-opened');
    await summary.locator('.monaco-button', { hasText: 'Show Report' }).click();
    await page.locator('.part.panel .view-lines', { hasText: 'Import of' }).first().waitFor();
    await screenshot('import-report');
    await runCommand(page, 'Notifications: Clear All Notifications');

    log('import them as a design folder: a file per host, the fabric and the arrays beside the folder; the host file opens, revealed');
    const designFolder = path.join(workspaceDir, `${STATE_FOLDER}-design`);
    await importCollectedOutputs(page, { outputsFolder: path.join(workspaceDir, STATE_FOLDER), entry: 'db01', layout: 'A design folder' });
    await page.locator('.tabs-container .tab.active', { hasText: 'db01.topo' }).first().waitFor({ timeout: FIRST_DIAGNOSTIC_TIMEOUT_MS });
    await page.locator('.editor-instance .view-lines', { hasText: 'host db01' }).first().waitFor();
    await page.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: 'db01.topo' }).first().waitFor();
    const folderSummary = page.locator('.notification-toast', { hasText: `into ${STATE_FOLDER}-design/.` }).first();
    await folderSummary.waitFor();
    assert.deepEqual(readdirSync(designFolder).sort(), ['.topo.json', 'arrays.topo', 'db01.topo', 'fabric.topo']);
    assert.match(readFileSync(path.join(designFolder, 'db01.topo'), 'utf8'), new RegExp(`^host db01 \\{\\s+# ${STATE_FOLDER}/db01/`, 'm'));
    assert.match(readFileSync(path.join(designFolder, 'fabric.topo'), 'utf8'), /^switch [\w-]+ \{/m);
    assert.deepEqual(languageErrors(designFolder), [], 'the design folder lints clean of language errors');
    await screenshot('import-folder-opened');
  });
}
