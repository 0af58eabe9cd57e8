// The preview's webview in real Chromium: drawing, statuses, reveal, cursor selection, failure
// simulation, zoom kept across updates, invalid models, and hostile names that must stay text.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { NetworkAnalysis } from '../../server/src/analysis/types';
import { buildDiagram } from '../../server/src/diagram/build';
import type { DiagramModel } from '../../server/src/diagram/schema';
import { simulateComponentFailures } from '../../server/src/report/simulation';
import { analyzeDocument } from '../../server/src/service/languageService';
import { PAYLOADS } from '../robustness/hostileStrings';
import { fixture, openWebview, type Harness } from './harness';

const DOCUMENT = 'file:///designs/a.topo';

/** Draws fixture `name` as `version` of the document the webview follows (`DOCUMENT` by default). */
async function showDiagram(h: Harness, name: string, version: number, uri = DOCUMENT): Promise<void> {
  await h.send({ type: 'diagram', uri, version, resultId: `r${version}`, model: fixture(name) });
  await h.page.waitForSelector(`body[data-version="${version}"][data-uri="${uri}"]`);
}

function follow(h: Harness, uri: string): Promise<void> {
  return h.send({ type: 'show', uri, name: uri.split('/').pop() });
}

/**
 * Records, at every change of the page's busy state, whether it is busy, what the stage shows
 * (the drawn element ids) and the notice: what a user sees while a layout runs.
 */
function recordBusyStates(h: Harness): Promise<void> {
  return h.page.evaluate(() => {
    const states: { busy: boolean; ids: string[]; notice: string; progressVisible: boolean }[] = [];
    (window as unknown as { __busyStates: typeof states }).__busyStates = states;
    const progress = document.querySelector('.progress')!;
    new MutationObserver(() => {
      const busy = document.body.classList.contains('busy');
      if (states.length > 0 && states[states.length - 1]!.busy === busy) return;
      states.push({
        busy,
        ids: Array.from(document.querySelectorAll('.stage svg [data-id]'), (el) => el.getAttribute('data-id') ?? ''),
        notice: document.querySelector('.notice')?.textContent ?? '',
        progressVisible: getComputedStyle(progress).visibility === 'visible' && progress.getBoundingClientRect().height > 0,
      });
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  });
}

function busyStates(h: Harness): Promise<{ busy: boolean; ids: string[]; notice: string; progressVisible: boolean }[]> {
  return h.page.evaluate(() => (window as unknown as { __busyStates: never[] }).__busyStates);
}

function drawnIds(h: Harness): Promise<string[]> {
  return h.page.evaluate(() => Array.from(document.querySelectorAll('.stage svg [data-id]'), (el) => el.getAttribute('data-id') ?? ''));
}

/** The stage's drawn size against the pane's, after the current zoom. */
function fill(h: Harness): Promise<{ width: number; height: number; scale: number }> {
  return h.page.evaluate(() => {
    const drawing = document.querySelector('.stage svg')!.getBoundingClientRect();
    const pane = document.querySelector('.viewport')!.getBoundingClientRect();
    const scale = Number(/scale\(([\d.]+)\)/.exec((document.querySelector('.stage') as HTMLElement).style.transform)?.[1]);
    return { width: drawing.width / pane.width, height: drawing.height / pane.height, scale };
  });
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

/** The analysis of a design, and its diagram as the server sends it. */
function designOf(file: string): { analysis: NetworkAnalysis; diagram: unknown } {
  const doc = analyzeDocument(readFileSync(file, 'utf8'));
  return { analysis: doc.analysis, diagram: buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true }) };
}

const serverfault = analyzeDocument(readFileSync('test/fixtures/analysis/serverfault.topo', 'utf8')).analysis;
const grouped = analyzeDocument(readFileSync('test/fixtures/diagram/grouped.topo', 'utf8')).analysis;

interface SimulationRequest {
  type: 'simulateFailures';
  id: number;
  uri: string;
  version: number;
  failed: string[];
}

async function lastSimulationRequest(h: Harness): Promise<SimulationRequest> {
  const request = (await h.posted()).filter((m) => (m as { type?: string }).type === 'simulateFailures').pop();
  assert.ok(request !== undefined, 'the webview asked for a failure simulation');
  return request as SimulationRequest;
}

/**
 * Plays the extension and the server: answers the webview's newest failure simulation with what
 * the analysis of its design says, and waits until the report shows it.
 */
async function answerSimulation(h: Harness, analysis: NetworkAnalysis): Promise<SimulationRequest> {
  const request = await lastSimulationRequest(h);
  const result = { version: request.version, ...simulateComponentFailures(analysis, request.failed) };
  await h.send({ type: 'failures', id: request.id, uri: request.uri, version: request.version, result });
  await h.page.waitForFunction(() => document.querySelector('.report-status') === null);
  return request;
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

  it('shows progress, not an empty pane, until the first drawing of the document it follows', async () => {
    await recordBusyStates(h);
    await follow(h, DOCUMENT);
    await showDiagram(h, 'serverfault', 1);
    const states = await busyStates(h);
    assert.deepEqual(states[0], { busy: true, ids: [], notice: 'Drawing a.topo…', progressVisible: true });
    const last = states[states.length - 1]!;
    assert.equal(last.busy, false);
    assert.ok(last.ids.includes('hv01'));
    assert.equal(await h.page.textContent('.notice'), '');
    assert.deepEqual(await h.state(), { uri: DOCUMENT }, 'the followed document is kept for a reload');
  });

  it('draws the serverfault design with its statuses, bundles and single points of failure', async () => {
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
    assert.equal(await h.page.textContent('.report-status'), 'Working out what is left…');
    const { uri, version, failed } = await answerSimulation(h, serverfault);
    assert.deepEqual({ uri, version, failed }, { uri: DOCUMENT, version: 1, failed: ['core1'] });
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
    await answerSimulation(h, serverfault);
    assert.deepEqual(await reportLines(h), ['hv01 → vms: 1/1 paths, 10G of 10G']);
    await clickElement(h, 'hv01.eth1', ['Alt']);
    assert.deepEqual((await answerSimulation(h, serverfault)).failed, ['hv01.eth0', 'hv01.eth1']);
    assert.deepEqual(await reportLines(h), ['hv01 → vms: 0/1 paths, cut off']);
    await h.page.click('.reset');
  });

  it('Fit zooms the drawing to fill the pane, up to a readable size', async () => {
    await h.page.mouse.move(500, 350);
    await h.page.mouse.wheel(0, 600);
    const zoomedOut = await fill(h);
    assert.ok(zoomedOut.width < 0.5 && zoomedOut.height < 0.5, `zoomed out: ${JSON.stringify(zoomedOut)}`);
    await h.page.click('.fit');
    const fitted = await fill(h);
    const fills = Math.max(fitted.width, fitted.height);
    assert.ok(fitted.scale === 1.5 || (fills > 0.9 && fills <= 1), `after Fit: ${JSON.stringify(fitted)}`);
    assert.ok(fitted.width <= 1 && fitted.height <= 1, 'the whole drawing is in view');
    assert.ok(fitted.scale > zoomedOut.scale);
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
    await h.send({ type: 'diagram', uri: DOCUMENT, version: 3, resultId: 'r3', model: { nodes: 'not a list' } });
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

  it('draws the document it follows after a switch, though its versions are lower than the last document\'s', async () => {
    const other = 'file:///designs/b.topo';
    await recordBusyStates(h);
    await follow(h, other);
    // A late answer for the previous document, newer than anything drawn: not for this pane now.
    await h.send({ type: 'diagram', uri: DOCUMENT, version: 50, resultId: 'r50', model: fixture('serverfault') });
    await showDiagram(h, 'dual-fabric', 1, other);
    const ids = await drawnIds(h);
    assert.ok(ids.includes('sw-a') && !ids.includes('hv01'), ids.join(', '));
    const states = await busyStates(h);
    assert.deepEqual(states[0], { busy: true, ids: [], notice: 'Drawing b.topo…', progressVisible: true });
    // An older version of the followed document is dropped as well.
    await h.send({ type: 'diagram', uri: other, version: 0, resultId: 'r0', model: fixture('serverfault') });
    await showDiagram(h, 'dual-fabric', 2, other);
    assert.ok((await drawnIds(h)).includes('sw-a'));
    await follow(h, DOCUMENT);
  });

  it('exports the model it is given, whatever it shows', async () => {
    const before = (await h.posted()).length;
    await h.send({ type: 'export', id: 7, format: 'svg', style: 'light', model: fixture('dual-fabric') });
    await h.page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, before);
    const answer = (await h.posted())[before] as { type: string; id: number; data?: string };
    assert.equal(answer.type, 'exported');
    assert.equal(answer.id, 7);
    assert.match(answer.data ?? '', /^<svg[^>]*class="topo-diagram style-light"/);
    assert.match(answer.data ?? '', /data-id="sw-a"/);
    assert.doesNotMatch(answer.data ?? '', /data-id="hv01"/);
  });

  it('opens a legend from the toolbar that draws each outline, badge and line as the diagram does', async () => {
    assert.equal(await h.page.isVisible('.legend'), false);
    await h.page.click('.legend-toggle');
    await h.page.waitForSelector('.legend', { state: 'visible' });
    assert.equal(await h.page.getAttribute('.legend-toggle', 'aria-expanded'), 'true');
    const legend = await h.page.evaluate(() =>
      Array.from(document.querySelectorAll('.legend li'), (li) => ({
        text: li.textContent ?? '',
        classes: Array.from(li.querySelectorAll('svg g'), (g) => g.getAttribute('class') ?? '').join(' '),
        // The sample is drawn with the diagram's stylesheet: its outline or line has the diagram's stroke.
        stroke: getComputedStyle(li.querySelector('.box, .wire')!).stroke,
        dashed: getComputedStyle(li.querySelector('.box, .wire')!).strokeDasharray !== 'none',
      })),
    );
    const entry = (pattern: RegExp) => {
      const found = legend.find((item) => pattern.test(item.text));
      assert.ok(found, `the legend explains ${pattern}: ${legend.map((item) => item.text).join(' | ')}`);
      return found;
    };
    assert.match(entry(/^Error/).classes, /status-error/);
    assert.match(entry(/^Warning/).classes, /status-warning/);
    assert.match(entry(/Single point of failure/).classes, /spof-badge/);
    assert.ok(entry(/LAG or trunk/).dashed);
    assert.ok(entry(/partner controller/).dashed);
    assert.ok(!entry(/owning the volume/).dashed);
    assert.match(entry(/at the cursor/).classes, /selected/);
    assert.match(entry(/another file of the design/).classes, /other-file/);
    assert.notEqual(entry(/^Error/).stroke, entry(/^Warning/).stroke);
    await h.screenshot('legend');
    await h.page.click('.legend-toggle');
    assert.equal(await h.page.isVisible('.legend'), false);
  });

  it('explains in the legend the observed path states the diagram shows, and only those', async () => {
    const observedDocument = 'file:///designs/observed.topo';
    await follow(h, observedDocument);
    const model = fixture('dual-fabric') as { edges: Array<{ id: string; kind: string; observed?: string }>; paths: Array<{ observed?: string }> };
    const links = model.edges.filter((edge) => edge.kind === 'link');
    for (const edge of links) edge.observed = 'active';
    links[0]!.observed = 'failed';
    links[1]!.observed = 'missing';
    for (const path of model.paths) path.observed = 'active';
    await h.send({ type: 'diagram', uri: observedDocument, version: 1, resultId: 'o1', model });
    await h.page.waitForSelector(`body[data-version="1"][data-uri="${observedDocument}"]`);
    await h.page.click('.legend-toggle');
    const observed = () =>
      h.page.evaluate(() =>
        Array.from(document.querySelectorAll('.legend-observed li'), (li) => {
          const wire = li.querySelector('.wire')!;
          return { text: li.textContent ?? '', classes: li.querySelector('svg g')?.getAttribute('class') ?? '', stroke: getComputedStyle(wire).stroke, dashes: getComputedStyle(wire).strokeDasharray };
        }),
      );
    const entries = await observed();
    assert.deepEqual(entries.map((entry) => entry.text.split(':')[0]), ['Observed active', 'Observed failed', 'Observed missing']);
    assert.equal(await h.page.textContent('.legend-observed .legend-title'), 'On the running system');
    const [active, failed, missing] = entries;
    assert.match(failed!.classes, /observed-failed/);
    assert.notEqual(failed!.stroke, active!.stroke, 'a failed cable is drawn in another colour');
    assert.equal(active!.dashes, 'none');
    assert.notEqual(missing!.dashes, 'none');
    // The sample looks like the cable it explains.
    const drawn = await h.page.evaluate((id) => {
      const edge = Array.from(document.querySelectorAll('svg.topo-diagram [data-id]')).find((e) => e.getAttribute('data-id') === id);
      return edge ? getComputedStyle(edge.querySelector('.wire')!).stroke : undefined;
    }, links[0]!.id);
    assert.equal(drawn, failed!.stroke);
    // The same document without a state: no observed section.
    await h.send({ type: 'diagram', uri: observedDocument, version: 2, resultId: 'o2', model: fixture('dual-fabric') });
    await h.page.waitForSelector(`body[data-version="2"][data-uri="${observedDocument}"]`);
    assert.deepEqual(await observed(), []);
    assert.equal(await h.page.$('.legend-observed .legend-title'), null);
    await h.page.click('.legend-toggle');
    await follow(h, DOCUMENT);
  });

  it('shows surviving paths and bandwidth in a dual-fabric design', async () => {
    const design = designOf('test/fixtures/analysis/dual-fabric.topo');
    await h.send({ type: 'diagram', uri: DOCUMENT, version: 10, resultId: 'r10', model: design.diagram });
    await h.page.waitForSelector('body[data-version="10"]');
    await clickElement(h, 'sw-a', ['Alt']);
    await answerSimulation(h, design.analysis);
    assert.deepEqual(await reportLines(h), ['hv01 → vms: 2/4 paths, 10G of 20G', 'hv02 → vms: 2/4 paths, 10G of 20G']);
    await h.screenshot('dual-fabric-sw-a-failed');
    await clickElement(h, 'sw-b', ['Alt']);
    await answerSimulation(h, design.analysis);
    assert.deepEqual(await reportLines(h), ['hv01 → vms: 0/4 paths, cut off', 'hv02 → vms: 0/4 paths, cut off']);
    await h.page.click('.reset');
    await h.screenshot('dual-fabric');
  });

  it("shows the analysis' bandwidth under failure: the surviving array port is shared, whatever the paths' own speeds", async () => {
    // 2 × 25G host, a 40G inter-switch link, 2 × 25G array ports: losing port p0 leaves two paths
    // of 25G each, but both run through p1, so the host keeps 25 of 40 Gb/s (not 40).
    const text = readFileSync('test/fixtures/rules/bandwidth-inter-switch-link.topo', 'utf8').replace('{ speed 10G }', '{ speed 40G }');
    const doc = analyzeDocument(text);
    const diagram = buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: false });
    await h.send({ type: 'diagram', uri: DOCUMENT, version: 11, resultId: 'r11', model: diagram });
    await h.page.waitForSelector('body[data-version="11"]');
    await clickElement(h, 'st.A.p0', ['Alt']);
    const first = await lastSimulationRequest(h);
    // An edit arrives before the answer: the answer for version 11 is of no use to version 12.
    await h.send({ type: 'diagram', uri: DOCUMENT, version: 12, resultId: 'r12', model: diagram });
    await h.page.waitForSelector('body[data-version="12"]');
    const second = await lastSimulationRequest(h);
    assert.deepEqual([first.version, second.version, second.failed], [11, 12, ['st.A.p0']]);
    const stale = { version: 11, ...simulateComponentFailures(doc.analysis, []) };
    await h.send({ type: 'failures', id: first.id, uri: DOCUMENT, version: 11, result: stale });
    await h.send({ type: 'failures', id: second.id, uri: DOCUMENT, version: 11, result: stale });
    assert.equal(await h.page.textContent('.report-status'), 'Working out what is left…', 'answers for another version or request are dropped');
    await answerSimulation(h, doc.analysis);
    assert.deepEqual(await reportLines(h), ['app01 → v1: 2/4 paths, 25G of 40G', 'app02 → v1: 2/4 paths, 25G of 40G']);
    assert.match(await classOf(h, 'link@st.A.p0--s2:41'), /dead/);
    await h.page.click('.reset');
    assert.deepEqual(await reportLines(h), []);
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
    await answerSimulation(h, grouped);
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
    await h.page.hover('svg [data-id^="<script>"] > .box', { position: { x: 3, y: 3 } });
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

  it('takes patches: one that moves spans redraws nothing, one that changes a label redraws, one it cannot apply asks for the whole diagram', async () => {
    await showDiagram(h, 'serverfault', 30);
    await h.page.evaluate(() => ((document.querySelector('.stage svg') as unknown as { __kept: boolean }).__kept = true));
    const kept = () => h.page.evaluate(() => (document.querySelector('.stage svg') as unknown as { __kept?: boolean }).__kept === true);
    await h.send({ type: 'select', span: { start: 1662, end: 1662 } });
    await h.page.waitForFunction(() => document.querySelector('svg [data-id="core1"].selected') !== null);
    // Five characters typed before core1 (at 1662): its span, everything after it and the cursor move.
    await h.send({ type: 'patch', uri: DOCUMENT, version: 31, resultId: 'p31', base: 'r30', patch: { shift: { at: 1600, by: 5 } } });
    await h.page.waitForSelector(`body[data-version="31"]`);
    assert.equal(await kept(), true, 'the drawing is the same elements');
    assert.ok(await h.page.$('svg [data-id="core1"].selected'), 'the element selected stays so');
    const before = (await h.posted()).length;
    await clickElement(h, 'core1');
    assert.deepEqual((await h.posted())[before], { type: 'reveal', span: { start: 1667, end: 1719 } });
    await h.send({ type: 'select', span: { start: 1475, end: 1475 } });
    await h.page.waitForFunction(() => document.querySelector('svg [data-id="hv01.eth0"].selected') !== null);

    const core1 = (fixture('serverfault') as { nodes: { id: string; label: string; span: { start: number; end: number } }[] }).nodes.find((n) => n.id === 'core1')!;
    const renamed = { ...core1, label: 'core1-renamed', span: { start: 1667, end: 1719 } };
    await h.send({ type: 'patch', uri: DOCUMENT, version: 32, resultId: 'p32', base: 'p31', patch: { nodes: { changed: [renamed] } } });
    await h.page.waitForSelector(`body[data-version="32"]`);
    assert.equal(await kept(), false, 'drawn anew');
    assert.match((await h.page.textContent('.stage svg')) ?? '', /core1-renamed/);

    const posted = (await h.posted()).length;
    await h.send({ type: 'patch', uri: DOCUMENT, version: 33, resultId: 'p33', base: 'p31', patch: { shift: { at: 0, by: 1 } } });
    await h.page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, posted);
    assert.deepEqual((await h.posted())[posted], { type: 'resync' });
    assert.equal(await h.page.getAttribute('body', 'data-version'), '32', 'nothing applied');
  });

  it(`draws ${PAYLOADS.length} hostile strings in every string of a diagram as text, in the page and in its SVG and PNG exports: no script runs, nothing loads`, async () => {
    // Every string the webview shows (ids, labels, detail lines, messages and codes in tooltips,
    // port and cable labels, pair bandwidth) holds a payload; ids stay unique and references follow.
    type Model = { nodes: Record<string, unknown>[]; ports: Record<string, unknown>[]; edges: Record<string, unknown>[]; paths: Record<string, unknown>[]; pairs: Record<string, unknown>[] };
    const base = fixture('serverfault') as Model;
    let n = 0;
    const next = () => PAYLOADS[n++ % PAYLOADS.length]!;
    /** A payload in a place the page shows (not an id): it must come out as written. */
    const shown = new Set<string>();
    const visible = () => {
      const payload = next();
      shown.add(payload);
      return payload;
    };
    const ids = new Map<string, string>();
    const id = (old: string) => ids.get(old) ?? ids.set(old, `${next()}#${ids.size}`).get(old)!;
    const status = (s: { level: string; messages: { severity: string }[]; spof?: boolean }) => ({
      ...s,
      messages: [...s.messages, { severity: 'error' }].map((m) => ({ ...m, code: visible(), message: visible() })),
      level: 'error',
    });
    const ref = (x: unknown) => (typeof x === 'string' ? id(x) : x);
    const model = {
      nodes: base.nodes.map((node) => ({
        ...node,
        id: id(node.id as string),
        parent: ref(node.parent),
        bundles: (node.bundles as string[] | undefined)?.map(id),
        label: visible(),
        detail: [visible(), visible()],
        status: status(node.status as never),
      })),
      ports: base.ports.map((port) => ({ ...port, id: id(port.id as string), node: id(port.node as string), label: visible(), status: status(port.status as never) })),
      edges: base.edges.map((edge) => ({
        ...edge,
        id: id(edge.id as string),
        source: id(edge.source as string),
        target: id(edge.target as string),
        sourcePort: ref(edge.sourcePort),
        targetPort: ref(edge.targetPort),
        bundle: ref(edge.bundle),
        label: visible(),
        status: status(edge.status as never),
      })),
      paths: base.paths.map((path) => ({ ...path, id: next(), host: id(path.host as string), volume: id(path.volume as string), nodes: (path.nodes as string[]).map(id), edges: (path.edges as string[]).map(id) })),
      pairs: base.pairs.map((pair) => ({ ...pair, host: id(pair.host as string), volume: id(pair.volume as string), bandwidth: visible(), spof: (pair.spof as string[]).map(id) })),
    };
    assert.ok(shown.size >= 50, `${shown.size} payloads in shown places`);
    await h.page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      w.alert = () => (w.__pwned = 'alert');
    });
    await h.send({ type: 'diagram', uri: DOCUMENT, version: 40, resultId: 'r40', model });
    await h.page.waitForSelector('body[data-version="40"]');
    assert.equal(await h.page.textContent('.notice'), '', 'the model was accepted');
    // Hover every host and volume, fail every failable element (the report names them), show the legend.
    const core1 = id('core1');
    await clickElement(h, core1, ['Alt']);
    // Its ids are payloads: the analysis knows none of them, and every pair is written intact.
    await answerSimulation(h, serverfault);
    await h.page.waitForFunction(() => document.querySelectorAll('.report li').length > 0);
    for (const target of [id('hv01'), id('eonstor.vms')]) {
      await h.page.evaluate((x) => {
        const el = Array.from(document.querySelectorAll('svg [data-id]')).find((e) => e.getAttribute('data-id') === x);
        el?.querySelector('.box')?.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      }, target);
    }
    await h.page.click('.legend-toggle');
    await h.page.click('.legend-toggle');
    const exports: string[] = [];
    for (const [i, format] of (['svg', 'png'] as const).entries()) {
      const before = (await h.posted()).length;
      await h.send({ type: 'export', id: 100 + i, format, style: i === 0 ? 'light' : 'theme', model });
      await h.page.waitForFunction((k) => (window as unknown as { __posted: unknown[] }).__posted.length > k, before);
      const answer = (await h.posted())[before] as { data?: string; error?: string };
      assert.ok(answer.data, answer.error);
      exports.push(answer.data);
    }
    assert.match(exports[1]!, /^data:image\/png;base64,/);
    const facts = await h.page.evaluate((svgText) => {
      // Its stylesheet (ours) left out: a parsed <style> would meet the page's CSP.
      const exported = new DOMParser().parseFromString(svgText.replace(/<style>[^<]*<\/style>/, ''), 'image/svg+xml').documentElement;
      const [page, inExport] = [document.body, exported].map((root) => {
        const all = Array.from(root.querySelectorAll('*'));
        return {
          scripts: root.querySelectorAll('script').length,
          foreign: all
            .filter((el) => ['foreignobject', 'iframe', 'img', 'image', 'a', 'use'].includes(el.localName.toLowerCase()) || (el.localName === 'style' && el.parentElement !== root))
            .map((el) => el.localName),
          handlers: all.flatMap((el) => el.getAttributeNames()).filter((name) => name.toLowerCase().startsWith('on') || name.includes('href')),
          text: root.textContent ?? '',
        };
      });
      return {
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        page: page!,
        exported: inExport!,
        report: document.querySelector('.report')?.textContent ?? '',
      };
    }, exports[0]!);
    assert.equal(facts.pwned, undefined);
    assert.equal(facts.page.scripts, 2, 'only the page\'s own two scripts');
    assert.equal(facts.exported.scripts, 0);
    for (const drawing of [facts.page, facts.exported]) {
      assert.deepEqual(drawing.foreign, []);
      assert.deepEqual(drawing.handlers, []);
    }
    // Shown as written (labels are cut at 40 characters, so look for each payload's start).
    for (const payload of [...shown].filter((p) => !/[\u0000-\u001f\u202e]/.test(p))) {
      const start = payload.slice(0, 12);
      assert.ok(facts.page.text.includes(start) || facts.report.includes(start), `${payload} shows as text in the page`);
      assert.ok(facts.exported.text.includes(start), `${payload} shows as text in the export`);
    }
    assert.deepEqual(h.leaked, [], 'nothing was loaded from outside the page');
  });

  it('fades the elements written in the design’s other files, and keeps them faded through a patch that moves spans', async () => {
    const uri = 'file:///designs/site/cluster.topo';
    await follow(h, uri);
    const model = fixture('serverfault') as DiagramModel;
    // The followed file's part of the design's text: here, the host's block.
    const emphasis = model.nodes.find((node) => node.id === 'hv01')!.span!;
    await h.send({ type: 'diagram', uri, version: 1, resultId: 'd1', model, emphasis });
    await h.page.waitForSelector(`body[data-version="1"][data-uri="${uri}"]`);
    const faded = async (id: string) => /\bother-file\b/.test(await classOf(h, id));
    assert.equal(await faded('hv01'), false);
    assert.equal(await faded('hv01.eth0'), false);
    assert.equal(await faded('core1'), true);
    assert.equal(await faded('eonstor.vms'), true);
    const opacity = await h.page.evaluate(() => getComputedStyle(document.querySelector('svg [data-id="core1"]')!).opacity);
    assert.equal(opacity, '0.4');
    const moved = { start: emphasis.start + 5, end: emphasis.end + 5 };
    await h.send({ type: 'patch', uri, version: 2, resultId: 'd2', base: 'd1', patch: { shift: { at: 0, by: 5 } }, emphasis: moved });
    await h.page.waitForSelector(`body[data-version="2"][data-uri="${uri}"]`);
    assert.equal(await faded('hv01'), false);
    assert.equal(await faded('core1'), true);
    await h.screenshot('design-file');
  });

  it('logged no console errors', () => {
    assert.deepEqual(h.consoleErrors, []);
  });
});
