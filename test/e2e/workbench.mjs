// The workbench UI test: what a user who installed the .vsix sees. Every wait is on an element
// with a deadline; screenshots go to the output folder.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const SERVERFAULT = 'serverfault-lacp-team.topo';
const FIRST_DIAGNOSTIC_TIMEOUT_MS = 60_000;
const UI_TIMEOUT_MS = 30_000;

/** The 1-based line of the first occurrence of `text`, as the status bar shows it. */
function lineOf(source, text, from = 0) {
  const offset = source.indexOf(text, from);
  assert.ok(offset >= 0, `"${text}" occurs in ${SERVERFAULT}`);
  return source.slice(0, offset).split('\n').length;
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  await row.click();
}

export async function runWorkbenchTest({ context, url, workspaceDir, outputDir, log }) {
  const source = readFileSync(path.join(workspaceDir, SERVERFAULT), 'utf8');
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

    log('click core1 in the diagram: the editor selects its definition');
    // The reveal selects the whole switch block; the status bar shows the selection's active end.
    const blockLines = [lineOf(source, 'switch core1'), lineOf(source, '\n}', source.indexOf('switch core1')) + 1];
    await diagram.getByText('core1', { exact: true }).first().click();
    await page
      .locator('[id="status.editor.selection"]', { hasText: new RegExp(`^Ln (${blockLines.join('|')}), Col \\d+ \\(\\d+ selected\\)`) })
      .waitFor();

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
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'single-switch' }).first().waitFor();
    await screenshot('serverfault-after-quick-fix');
  } catch (error) {
    await screenshot('workbench-failure').catch(() => undefined);
    throw error;
  }
}
