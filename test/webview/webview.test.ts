// The preview's webview in real Chromium: drawing, statuses, reveal, cursor selection, failure
// simulation, zoom kept across updates, invalid models, and hostile names that must stay text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixture, openWebview, type Harness } from './harness';

async function showDiagram(h: Harness, name: string, version: number): Promise<void> {
  await h.send({ type: 'diagram', version, model: fixture(name) });
  await h.page.waitForSelector(`body[data-version="${version}"]`);
}

function classOf(h: Harness, id: string): Promise<string> {
  return h.page.evaluate(
    (x) => Array.from(document.querySelectorAll('svg [data-id]')).find((el) => el.getAttribute('data-id') === x)?.getAttribute('class') ?? '',
    id,
  );
}

function clickElement(h: Harness, id: string, modifiers: ('Alt' | 'Shift')[] = []): Promise<void> {
  return h.page.evaluate(
    ({ x, alt }) => {
      const el = Array.from(document.querySelectorAll('svg [data-id]')).find((e) => e.getAttribute('data-id') === x);
      const target = el?.querySelector('.box, .wire') ?? el;
      target?.dispatchEvent(new MouseEvent('click', { bubbles: true, altKey: alt, detail: 1 }));
    },
    { x: id, alt: modifiers.includes('Alt') },
  );
}

function reportLines(h: Harness): Promise<string[]> {
  return h.page.evaluate(() => Array.from(document.querySelectorAll('.report li')).map((li) => li.textContent ?? ''));
}

describe('webview', () => {
  let h: Harness;
  before(async () => {
    h = await openWebview();
  });
  after(async () => {
    await h.close();
  });

  it('announces itself ready', async () => {
    assert.deepEqual((await h.posted())[0], { type: 'ready' });
  });

  it('draws the serverfault design with its statuses, bundles and single points of failure', async () => {
    await showDiagram(h, 'serverfault', 1);
    assert.match(await classOf(h, 'hv01'), /kind-host.*status-warning/);
    assert.match(await classOf(h, 'hv01.team0'), /kind-team.*status-warning/);
    assert.match(await classOf(h, 'core1'), /kind-switch.*spof/);
    assert.match(await classOf(h, 'core1:po1'), /kind-lag/);
    assert.match(await classOf(h, 'eonstor.vms'), /status-warning/);
    assert.match(await classOf(h, 'link@2045'), /bundle/);
    const title = await h.page.evaluate(
      () => Array.from(document.querySelectorAll('svg [data-id]')).find((e) => e.getAttribute('data-id') === 'hv01.team0')?.querySelector('title')?.textContent,
    );
    assert.match(title ?? '', /iscsi-over-team/);
    assert.match((await h.page.textContent('.summary')) ?? '', /1 pair · 1 path · 4 single points of failure/);
    await h.screenshot('serverfault');
  });

  it('posts a reveal message with the span of a clicked element', async () => {
    const before = (await h.posted()).length;
    await clickElement(h, 'core1');
    const posted = await h.posted();
    assert.equal(posted.length, before + 1);
    assert.deepEqual(posted[posted.length - 1], { type: 'reveal', span: { start: 1662, end: 1714 } });
  });

  it('highlights the innermost element at the cursor without posting back', async () => {
    const before = (await h.posted()).length;
    await h.send({ type: 'select', span: { start: 1470, end: 1470 } });
    await h.page.waitForFunction(() => document.querySelector('svg .selected') !== null);
    assert.match(await classOf(h, 'hv01.eth0'), /selected/);
    assert.match(await classOf(h, 'hv01'), /^(?!.*selected)/);
    assert.equal((await h.posted()).length, before);
  });

  it('highlights the paths of a hovered host', async () => {
    await h.page.hover('svg [data-id="hv01"] > .box', { position: { x: 10, y: 10 } });
    assert.match(await classOf(h, 'link@2112'), /highlight/);
    assert.match(await classOf(h, 'eonstor.vms'), /highlight/);
  });

  it('simulates the failure of core1: the host is cut off from its volume', async () => {
    await h.page.click('.fail-mode');
    await clickElement(h, 'core1');
    assert.match(await classOf(h, 'core1'), /failed/);
    assert.match(await classOf(h, 'link@2112'), /dead/);
    assert.match(await classOf(h, 'hv01'), /cut-off/);
    assert.deepEqual(await reportLines(h), ['hv01 → vms: 0/1 paths, cut off']);
    await h.screenshot('serverfault-core1-failed');
    await h.page.click('.reset');
    assert.deepEqual(await reportLines(h), []);
    await h.page.click('.fail-mode');
  });

  it('keeps a team path while one member survives, and loses it when both fail', async () => {
    await clickElement(h, 'hv01.eth0', ['Alt']);
    assert.deepEqual(await reportLines(h), ['hv01 → vms: 1/1 paths, 10G of 10G']);
    await clickElement(h, 'hv01.eth1', ['Alt']);
    assert.deepEqual(await reportLines(h), ['hv01 → vms: 0/1 paths, cut off']);
    await h.page.click('.reset');
  });

  it('keeps zoom and pan across updates', async () => {
    await h.page.mouse.move(500, 350);
    await h.page.mouse.wheel(0, -300);
    const zoomed = await h.page.evaluate(() => (document.querySelector('.stage') as HTMLElement).style.transform);
    await showDiagram(h, 'serverfault', 2);
    const after = await h.page.evaluate(() => (document.querySelector('.stage') as HTMLElement).style.transform);
    assert.equal(after, zoomed);
    await h.page.click('.fit');
  });

  it('reports an invalid model clearly and keeps the last drawing', async () => {
    await h.send({ type: 'diagram', version: 3, model: { nodes: 'not a list' } });
    await h.page.waitForSelector('.notice.error');
    assert.match((await h.page.textContent('.notice')) ?? '', /diagram model is invalid \(nodes: Invalid input: expected array, received string\)/);
    assert.equal(await h.page.locator('svg [data-id="hv01"]').count(), 1);
  });

  it('ignores messages that are not valid', async () => {
    await h.send({ type: 'diagram' });
    await h.send({ type: 'select', span: { start: 'x' } });
    await h.send('<script>');
    assert.equal(await h.page.locator('svg [data-id="hv01"]').count(), 1);
  });

  it('shows surviving paths and bandwidth in a dual-fabric design', async () => {
    await showDiagram(h, 'dual-fabric', 10);
    await clickElement(h, 'sw-a', ['Alt']);
    assert.deepEqual(await reportLines(h), ['esx01 → ds1: 1/2 paths, 25G of 25G', 'esx02 → ds1: 1/2 paths, 25G of 25G']);
    await h.screenshot('dual-fabric-sw-a-failed');
    await clickElement(h, 'sw-b', ['Alt']);
    assert.deepEqual(await reportLines(h), ['esx01 → ds1: 0/2 paths, cut off', 'esx02 → ds1: 0/2 paths, cut off']);
    await h.page.click('.reset');
    await h.screenshot('dual-fabric');
  });

  it('draws groups of hosts: members in the tooltip, paths on hover, pairs under failure, reveal and expand', async () => {
    await showDiagram(h, 'grouped', 15);
    assert.match(await classOf(h, 'group:h00001'), /kind-group.*status-error/);
    const title = await h.page.evaluate(
      () => Array.from(document.querySelectorAll('svg [data-id]')).find((e) => e.getAttribute('data-id') === 'group:h00001')?.querySelector('title')?.textContent,
    );
    assert.match(title ?? '', /hosts \(13\):\nh00001, /);
    assert.match(title ?? '', /iscsi-over-team/);
    await h.page.hover('svg [data-id="group:h00000"] > .box', { position: { x: 10, y: 10 } });
    assert.match(await classOf(h, 'group-link:group:h00000:1'), /highlight/);
    assert.match(await classOf(h, 'sw0b'), /highlight/);
    await h.screenshot('grouped');
    await clickElement(h, 'sw0a', ['Alt']);
    const lines = await reportLines(h);
    assert.ok(lines.includes('13 hosts like h00001 on sw0a → v0g0: 0/2 paths, cut off'), lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('11 hosts like h00000 on sw0a and sw0b → v0g0: 2/4 paths')), lines.join('\n'));
    assert.match(await classOf(h, 'group:h00001'), /cut-off/);
    assert.match(await classOf(h, 'group-link:group:h00001:0'), /dead/);
    await h.page.click('.reset');
    const before = (await h.posted()).length;
    await clickElement(h, 'group:h00001');
    await h.page.evaluate(() => {
      const el = Array.from(document.querySelectorAll('svg [data-id]')).find((e) => e.getAttribute('data-id') === 'group:h00001');
      el?.querySelector('.box')?.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 2 }));
    });
    const posted = (await h.posted()).slice(before);
    assert.equal((posted[0] as { type: string }).type, 'reveal');
    assert.deepEqual(posted[1], { type: 'expandGroup', id: 'group:h00001' });
  });

  it('shows hostile names as text: no script runs, nothing loads, no markup is injected', async () => {
    await showDiagram(h, 'hostile', 20);
    await h.page.hover('svg [data-id^="<script>"] > .box', { position: { x: 10, y: 10 } });
    await clickElement(h, 'x" onload="window.__pwned=1" y="', ['Alt']);
    const facts = await h.page.evaluate(() => {
      const svg = document.querySelector('.stage svg')!;
      const all = Array.from(svg.querySelectorAll('*'));
      return {
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        scripts: svg.querySelectorAll('script').length,
        foreign: all.filter((el) => el.localName.toLowerCase() === 'foreignobject').length,
        iframes: document.querySelectorAll('iframe, img, a').length,
        handlers: all.flatMap((el) => el.getAttributeNames()).filter((name) => name.startsWith('on')),
        hrefs: all.filter((el) => el.hasAttribute('href') || el.hasAttribute('xlink:href')).length,
        text: svg.textContent ?? '',
      };
    });
    assert.equal(facts.pwned, undefined);
    assert.equal(facts.scripts, 0);
    assert.equal(facts.foreign, 0);
    assert.equal(facts.iframes, 0);
    assert.deepEqual(facts.handlers, []);
    assert.equal(facts.hrefs, 0);
    assert.ok(facts.text.includes('<script>window.__pwned=1</script>'));
    assert.ok(!/[\u202e\u200b\u200d\ufeff]/.test(facts.text));
    assert.ok(facts.text.includes('admin\ufffdgnp.exe'));
    await h.screenshot('hostile');
    assert.deepEqual(h.leaked, []);
  });

  it('logged no console errors', () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
