// Loads the built webview bundle in headless Chromium, inside a page with the preview's CSP and an
// `acquireVsCodeApi` stand-in that records posted messages. Every request the page makes outside
// its own origin is recorded and refused, so a test can assert that nothing leaves the page.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';

const ORIGIN = 'https://webview.test';
/** Tests run from the repository root (npm scripts do). */
const ROOT = process.cwd();
export const SCREENSHOTS = path.join(ROOT, '.test-output', 'webview');

export interface Harness {
  page: Page;
  /** Messages the webview posted, in order. */
  posted(): Promise<unknown[]>;
  /** What the webview last asked VS Code to keep across a reload. */
  state(): Promise<unknown>;
  /** Requests that tried to leave the page's origin. */
  leaked: string[];
  consoleErrors: string[];
  send(message: unknown): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

function page(nonce: string): string {
  const csp = [
    "default-src 'none'",
    `img-src ${ORIGIN} data:`,
    `style-src ${ORIGIN} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" nonce="${nonce}" href="${ORIGIN}/webview.css">
</head><body>
<script nonce="${nonce}">
window.__posted = [];
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  getState: () => window.__state,
});
</script>
<script nonce="${nonce}" src="${ORIGIN}/webview.js"></script>
</body></html>`;
}

export async function openWebview(): Promise<Harness> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'topo-webview-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1000, height: 700 },
    args: CHROMIUM_ARGS,
  });
  const leaked: string[] = [];
  const consoleErrors: string[] = [];
  const files: Record<string, { body: Buffer; type: string }> = {
    '/index.html': { body: Buffer.from(page('test-nonce-3f9a')), type: 'text/html' },
    '/webview.js': { body: readFileSync(path.join(ROOT, 'dist', 'webview.js')), type: 'text/javascript' },
    '/webview.css': { body: readFileSync(path.join(ROOT, 'dist', 'webview.css')), type: 'text/css' },
  };
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    const file = url.origin === ORIGIN ? files[url.pathname] : undefined;
    if (file === undefined) {
      leaked.push(route.request().url());
      await route.abort();
      return;
    }
    await route.fulfill({ status: 200, body: file.body, contentType: file.type });
  });
  const p = context.pages()[0] ?? (await context.newPage());
  p.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  p.on('pageerror', (error) => consoleErrors.push(error.message));
  await p.goto(`${ORIGIN}/index.html`);
  await p.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    page: p,
    leaked,
    consoleErrors,
    posted: () => p.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    state: () => p.evaluate(() => (window as unknown as { __state: unknown }).__state),
    send: (message) => p.evaluate((m) => window.postMessage(m, '*'), message),
    screenshot: async (name) => {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await p.screenshot({ path: file });
      return file;
    },
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'diagram', `${name}.json`), 'utf8'));
}
