// The preview's webview: receives diagram models from the extension, validates them, lays them out
// and draws them; highlights paths, shows what the analysis says a set of failed components
// costs (asked through the extension, for the version drawn), and reports clicks back as `reveal`
// messages. Every message in and out is validated.
// It draws only the document the extension last said it follows (`show`), newest version first,
// and shows progress while a layout runs instead of a drawing it is about to replace. After the
// first diagram it mostly receives patches (what changed): one that moves only spans redraws
// nothing, and a layout is reused whenever what it places is unchanged (LayoutCache).
import './style.css';
import { en } from 'zod/locales';
import { config } from 'zod/mini';
import { LayoutCache } from '../../server/src/diagram/layout';
import {
  FailureSimulationSchema,
  FromWebviewSchema,
  ToWebviewSchema,
  type FailureSimulationResult,
  type FromWebview,
  type ToWebview,
} from '../../server/src/diagram/messages';
import { changesDrawing, DiagramPatchSchema, heldDiagram, moveSpan, shiftedModel, takePatch, type HeldDiagram } from '../../server/src/diagram/patch';
import { DiagramModelSchema, formatMbps, type DiagramModel, type DiagramSpan } from '../../server/src/diagram/schema';
import { diagramStyles, renderDiagramSvg, type DiagramStyle } from '../../server/src/diagram/svg';
import { buildLegend, observedStatesOf, showObservedStates } from './legend';

// zod/mini keeps its issue messages out of a bundle until a locale is chosen; the notice for an
// invalid diagram model shows them.
config(en());

interface VsCodeApi {
  postMessage(message: unknown): void;
  /** Kept by VS Code across reloads; handed to the extension's WebviewPanelSerializer. */
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

function post(message: FromWebview): void {
  vscode.postMessage(FromWebviewSchema.parse(message));
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

// Page structure: toolbar, a progress bar, a notice line, the drawing (with the legend over it),
// and the failure simulation's report.
const toolbar = element('div', 'toolbar');
const fitButton = element('button', 'fit', 'Fit');
fitButton.title = 'Zoom to show the whole diagram';
const failMode = element('button', 'fail-mode', 'Fail mode: off');
failMode.title = 'When on, clicking a component fails it and shows which paths and hosts survive (Alt+click works anytime)';
const resetButton = element('button', 'reset', 'Reset failures');
const legendButton = element('button', 'legend-toggle', 'Legend');
legendButton.setAttribute('aria-expanded', 'false');
const summary = element('span', 'summary');
toolbar.append(fitButton, failMode, resetButton, legendButton, summary);
const progress = element('div', 'progress');
progress.setAttribute('role', 'progressbar');
progress.setAttribute('aria-label', 'Laying out the diagram');
const notice = element('div', 'notice');
const viewport = element('div', 'viewport');
const stage = element('div', 'stage');
const legend = buildLegend();
legend.hidden = true;
viewport.append(stage, legend);
const report = element('div', 'report');
document.body.append(toolbar, progress, notice, viewport, report);

const sheet = new CSSStyleSheet();
sheet.replaceSync(diagramStyles('theme'));
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

interface View {
  scale: number;
  x: number;
  y: number;
}

/** The document the extension follows, and the newest version of it received. */
let followed: { uri: string; name: string; newestVersion: number } | undefined;
/** The newest diagram received for the followed document, which the next patch applies to. */
let received: { uri: string; resultId: string; diagram: HeldDiagram } | undefined;
/** The diagram drawn (its spans moved since by the patches that moved only spans), and the SVG text it was drawn as. */
let diagram: HeldDiagram | undefined;
let drawnUri: string | undefined;
/** The version of the document the diagram shown was built from. */
let drawnVersion: number | undefined;
let drawnSvg: string | undefined;
let svg: SVGSVGElement | undefined;
let elements = new Map<string, Element[]>();
let view: View | undefined;
let failing = false;
const failed = new Set<string>();
/** The last failure simulation asked for; answers to older ones are dropped. */
let simulationId = 0;
/** The analysis' answer for the current failures and the version drawn, once it came. */
let simulation: FailureSimulationResult | undefined;
let simulationError: string | undefined;
let renderSequence = 0;
const layouts = new LayoutCache();

function showNotice(text: string, kind: 'error' | 'info'): void {
  notice.textContent = text;
  notice.className = `notice ${kind}`;
}

function clearNotice(): void {
  notice.textContent = '';
  notice.className = 'notice';
}

function applyView(): void {
  if (view === undefined) return;
  stage.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
}

/** Labels are 12px: drawn larger than this they stop helping and push the rest out of view. */
const MAX_FIT_SCALE = 1.5;
/** Below this a drawing is unreadable whatever the pane; the user pans instead. */
const MIN_SCALE = 0.02;
/** Whether the view is Fit's own (not zoomed or panned since): it then follows the pane's size. */
let fitted = false;

/** Zooms so that the whole drawing fills the pane, up to a readable size, and centres it. */
function fit(): void {
  if (svg === undefined) return;
  const width = Number(svg.getAttribute('width')) || 1;
  const height = Number(svg.getAttribute('height')) || 1;
  const box = viewport.getBoundingClientRect();
  // A hidden pane has no size yet: fit when it gets one.
  if (box.width === 0 || box.height === 0) {
    view = undefined;
    return;
  }
  const scale = Math.min(MAX_FIT_SCALE, Math.max(MIN_SCALE, Math.min(box.width / width, box.height / height) * 0.95));
  view = { scale, x: (box.width - width * scale) / 2, y: (box.height - height * scale) / 2 };
  fitted = true;
  applyView();
}

new ResizeObserver(() => {
  if (svg !== undefined && (view === undefined || fitted)) fit();
}).observe(viewport);

function byId(id: string): Element[] {
  return elements.get(id) ?? [];
}

function setClass(ids: Iterable<string>, className: string): void {
  for (const id of ids) for (const el of byId(id)) el.classList.add(className);
}

function clearClass(className: string): void {
  if (svg === undefined) return;
  for (const el of Array.from(svg.querySelectorAll(`.${className}`))) el.classList.remove(className);
}

/**
 * The diagram drawn with its spans where they are now: moved once, when first read after patches
 * that moved only spans (the newest diagram received is then the same, moved alike).
 */
function drawnSpans(): DiagramModel | undefined {
  if (diagram === undefined || diagram.shifts.length === 0) return diagram?.model;
  const moved = heldDiagram(shiftedModel(diagram));
  if (received?.diagram === diagram) received = { ...received, diagram: moved };
  diagram = moved;
  return moved.model;
}

/** Every element with a source span, smallest first, for clicks and cursor selection. */
function spanOf(id: string): DiagramSpan | undefined {
  const model = drawnSpans();
  if (model === undefined) return undefined;
  return model.nodes.find((n) => n.id === id)?.span ?? model.edges.find((e) => e.id === id)?.span ?? model.ports.find((p) => p.id === id)?.span;
}

function isFailable(id: string): boolean {
  const model = diagram?.model;
  return model !== undefined && (model.nodes.some((n) => n.id === id && n.failable) || model.edges.some((e) => e.id === id && e.failable));
}

function label(id: string): string {
  return diagram?.model.nodes.find((n) => n.id === id)?.label ?? id;
}

/** The components a failed element stands for: a group's cable for its members' cables. */
function failedComponents(): string[] {
  return [...failed].flatMap((id) => diagram?.model.edges.find((e) => e.id === id)?.links ?? [id]);
}

/**
 * Asks the analysis what the current failures cost, for the version drawn. Until it answers the
 * drawing marks only the failed elements: which paths die, and the bandwidth left, are the
 * analysis' alone (several failures together cut paths no one of them cuts).
 */
function requestSimulation(): void {
  simulationId++;
  simulation = undefined;
  simulationError = undefined;
  if (drawnUri === undefined || drawnVersion === undefined || failed.size === 0) return;
  post({ type: 'simulateFailures', id: simulationId, uri: drawnUri, version: drawnVersion, failed: failedComponents() });
}

/** The failed elements changed, or the diagram did: forgets those no longer drawn and asks again. */
function failuresChanged(): void {
  for (const id of [...failed]) if (byId(id).length === 0) failed.delete(id);
  requestSimulation();
  showFailures();
}

function figures(pathsAfter: number, pathsBefore: number, bandwidth: string): string {
  return `${pathsAfter}/${pathsBefore} paths, ${bandwidth}`;
}

/** Marks the failed elements, and what the analysis' answer says died, and writes its report. */
function showFailures(): void {
  clearClass('failed');
  clearClass('dead');
  clearClass('cut-off');
  report.replaceChildren();
  resetButton.disabled = failed.size === 0;
  if (diagram === undefined || failed.size === 0) return;
  const model = diagram.model;
  setClass(failed, 'failed');
  report.append(element('div', 'report-title', `Failed: ${[...failed].map(label).join(', ')}`));
  if (simulation === undefined) {
    report.append(element('div', 'report-status', simulationError ?? 'Working out what is left…'));
    return;
  }
  // Diagram paths are named `<path>@<volume>`: the analysis' pair of each, by its paths.
  const pairOfPath = new Map<string, FailureSimulationResult['pairs'][number]>();
  const dead = new Set<string>();
  for (const pair of simulation.pairs) {
    for (const id of pair.deadPaths) dead.add(`${id}@${pair.volume}`);
    for (const id of [...pair.deadPaths, ...pair.survivingPaths]) pairOfPath.set(`${id}@${pair.volume}`, pair);
  }
  const aliveIds = new Set<string>();
  const deadIds = new Set<string>();
  for (const path of model.paths) for (const id of path.edges) (dead.has(path.id) ? deadIds : aliveIds).add(id);
  setClass([...deadIds].filter((id) => !aliveIds.has(id)), 'dead');
  const list = element('ul', 'pairs');
  for (const pair of model.pairs) {
    const impact = pair.paths.map((index) => pairOfPath.get(model.paths[index]!.id)).find((found) => found !== undefined);
    const cutOff = impact?.cutOff ?? pair.paths.length === 0;
    if (cutOff) setClass([pair.host, pair.volume], 'cut-off');
    let text: string;
    if (impact === undefined) {
      text = figures(pair.paths.length, pair.paths.length, pair.mbps === 0 ? 'speed not declared' : `${formatMbps(pair.mbps)} of ${formatMbps(pair.mbps)}`);
    } else {
      const bandwidth = impact.cutOff ? 'cut off' : !impact.known ? 'speed not declared' : `${formatMbps(impact.mbpsAfter)} of ${formatMbps(impact.mbpsBefore)}`;
      text = figures(impact.pathsAfter, impact.pathsBefore, bandwidth);
    }
    const item = element('li', cutOff ? 'pair cut-off' : impact !== undefined ? 'pair degraded' : 'pair intact', `${label(pair.host)} → ${label(pair.volume)}: ${text}`);
    item.dataset.host = pair.host;
    item.dataset.volume = pair.volume;
    list.append(item);
  }
  report.append(list);
}

function highlightPaths(id: string): void {
  if (diagram === undefined) return;
  const ids = new Set<string>();
  for (const path of diagram.model.paths) {
    if (path.host !== id && path.volume !== id) continue;
    for (const x of path.nodes) ids.add(x);
    for (const x of path.edges) ids.add(x);
  }
  setClass(ids, 'highlight');
}

function targetId(event: Event): string | undefined {
  const target = event.target instanceof Element ? event.target.closest('[data-id]') : null;
  return target?.getAttribute('data-id') ?? undefined;
}

function indexElements(root: SVGSVGElement): Map<string, Element[]> {
  const map = new Map<string, Element[]>();
  for (const el of Array.from(root.querySelectorAll('[data-id]'))) {
    const id = el.getAttribute('data-id')!;
    const list = map.get(id) ?? [];
    list.push(el);
    map.set(id, list);
  }
  return map;
}

/** Parses our own SVG text as XML (never as HTML) and adopts it into the page. */
function toSvgElement(text: string): SVGSVGElement | undefined {
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) return undefined;
  return document.importNode(root, true) as unknown as SVGSVGElement;
}

let selectedSpan: DiagramSpan | undefined;
/**
 * The followed file's part of its design's text (a design of several files), as the last message
 * said: the elements outside it are drawn faded. A patch that only moves spans moves it with them,
 * so what it holds stays the same and nothing is drawn again.
 */
let emphasis: DiagramSpan | undefined;

function select(span: DiagramSpan | undefined): void {
  selectedSpan = span;
  clearClass('selected');
  const model = drawnSpans();
  if (model === undefined || span === undefined) return;
  let best: { id: string; length: number } | undefined;
  const consider = (id: string, s: DiagramSpan | undefined) => {
    if (s === undefined || s.start > span.start || span.end > s.end) return;
    const length = s.end - s.start;
    if (best === undefined || length < best.length) best = { id, length };
  };
  for (const n of model.nodes) consider(n.id, n.span);
  for (const e of model.edges) consider(e.id, e.span);
  if (best !== undefined) setClass([best.id], 'selected');
}

function setBusy(busy: boolean): void {
  document.body.classList.toggle('busy', busy);
  progress.setAttribute('aria-busy', String(busy));
}

/** Forgets the drawing of another document: its failures, zoom and report mean nothing here. */
function clearDrawing(): void {
  renderSequence++;
  received = undefined;
  diagram = undefined;
  drawnUri = undefined;
  drawnVersion = undefined;
  showObservedStates(legend, new Set());
  drawnSvg = undefined;
  svg = undefined;
  elements = new Map();
  view = undefined;
  fitted = false;
  failed.clear();
  requestSimulation();
  selectedSpan = undefined;
  stage.replaceChildren();
  summary.textContent = '';
  report.replaceChildren();
  resetButton.disabled = true;
  delete document.body.dataset.version;
  delete document.body.dataset.uri;
}

function follow(uri: string, name: string): void {
  vscode.setState({ uri });
  if (followed?.uri === uri) return;
  followed = { uri, name, newestVersion: -Infinity };
  if (drawnUri !== uri) {
    clearDrawing();
    setBusy(true);
    showNotice(`Drawing ${name}…`, 'info');
  }
}

/** The diagram shown is of `version` now: the failures are simulated again for it. */
function showVersion(uri: string, version: number): void {
  const changed = drawnVersion !== version;
  drawnVersion = version;
  if (changed && failed.size > 0) failuresChanged();
  document.body.dataset.uri = uri;
  document.body.dataset.version = String(version);
}

async function draw(uri: string, held: HeldDiagram, version: number): Promise<void> {
  const sequence = ++renderSequence;
  const model = shiftedModel(held);
  setBusy(true);
  let layout;
  try {
    layout = await layouts.layout(model);
  } finally {
    if (sequence === renderSequence) setBusy(false);
  }
  if (sequence !== renderSequence) return;
  const text = renderDiagramSvg(model, layout, { style: 'theme', embedStyles: false, ...(emphasis ? { emphasis } : {}) });
  // The same drawing (a message or span changed that it does not show): keep the page's elements.
  if (text !== drawnSvg || drawnUri !== uri) {
    const next = toSvgElement(text);
    if (next === undefined) {
      showNotice('The diagram could not be drawn.', 'error');
      return;
    }
    svg = next;
    drawnSvg = text;
    elements = indexElements(next);
    stage.replaceChildren(next);
  }
  diagram = held;
  drawnUri = uri;
  showObservedStates(legend, observedStatesOf(model));
  clearNotice();
  const spofs = new Set(model.pairs.flatMap((p) => p.spof)).size;
  summary.textContent =
    `${model.pairs.length} pair${model.pairs.length === 1 ? '' : 's'} · ${model.paths.length} path${model.paths.length === 1 ? '' : 's'}` +
    (spofs > 0 ? ` · ${spofs} single point${spofs === 1 ? '' : 's'} of failure` : '');
  if (view === undefined) fit();
  else applyView();
  // The elements failed are marked again in the new drawing; the answer for it follows.
  drawnVersion = version;
  failuresChanged();
  select(selectedSpan);
  showVersion(uri, version);
}

/**
 * Takes the newest diagram of the followed document: one whose drawing is that of the diagram
 * shown (only spans moved) replaces it without drawing, and the element selected stays so.
 */
function update(uri: string, resultId: string, next: HeldDiagram, version: number, redraw: boolean): void {
  const shown = diagram;
  const base = received?.diagram;
  received = { uri, resultId, diagram: next };
  if (!redraw && shown !== undefined && shown === base && drawnUri === uri) {
    diagram = next;
    showVersion(uri, version);
    return;
  }
  draw(uri, next, version).catch((error: unknown) => showNotice(`The diagram could not be laid out: ${String(error)}`, 'error'));
}

function resolvedThemeStyles(): string {
  const computed = getComputedStyle(document.documentElement);
  return diagramStyles('theme').replace(/var\((--[\w-]+),\s*([^)]+)\)/g, (_, name: string, fallback: string) => {
    const value = computed.getPropertyValue(name).trim();
    return value !== '' ? value : fallback;
  });
}

async function exportDrawing(raw: unknown, format: 'svg' | 'png', style: DiagramStyle): Promise<string> {
  const parsed = DiagramModelSchema.safeParse(raw);
  if (!parsed.success) throw new Error('the diagram model is invalid');
  const model = parsed.data;
  const layout = await layouts.layout(model);
  let text = renderDiagramSvg(model, layout, { style, embedStyles: true });
  if (style === 'theme') text = text.replace(/<style>[\s\S]*?<\/style>/, () => `<style>${resolvedThemeStyles()}</style>`);
  if (format === 'svg') return text;
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth * 2;
  canvas.height = image.naturalHeight * 2;
  const context = canvas.getContext('2d')!;
  context.scale(2, 2);
  context.drawImage(image, 0, 0);
  return canvas.toDataURL('image/png');
}

function receive(message: ToWebview): void {
  switch (message.type) {
    case 'show':
      follow(message.uri, message.name);
      return;
    case 'diagram': {
      // Another document's diagram, or an older version of this one, arrived late.
      if (followed === undefined || message.uri !== followed.uri || message.version < followed.newestVersion) return;
      const parsed = DiagramModelSchema.safeParse(message.model);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        showNotice(`The diagram model is invalid (${issue?.path.join('.') || 'model'}: ${issue?.message ?? 'unknown'}); showing the last valid one.`, 'error');
        return;
      }
      followed.newestVersion = message.version;
      emphasis = message.emphasis;
      update(message.uri, message.resultId, heldDiagram(parsed.data), message.version, true);
      return;
    }
    case 'patch': {
      if (followed === undefined || message.uri !== followed.uri || message.version < followed.newestVersion) return;
      const parsed = DiagramPatchSchema.safeParse(message.patch);
      const base = received?.uri === message.uri && received.resultId === message.base ? received.diagram : undefined;
      const next = base !== undefined && parsed.success ? takePatch(base, parsed.data) : undefined;
      // Made against a diagram this page does not hold (it reloaded, or dropped one), or invalid.
      if (next === undefined || !parsed.success) {
        post({ type: 'resync' });
        return;
      }
      followed.newestVersion = message.version;
      emphasis = message.emphasis;
      // The text moved under the selection as it did under the elements.
      if (selectedSpan !== undefined) selectedSpan = moveSpan(selectedSpan, parsed.data.shift);
      update(message.uri, message.resultId, next, message.version, changesDrawing(parsed.data));
      return;
    }
    case 'select':
      select(message.span);
      return;
    case 'status':
      showNotice(message.message, 'info');
      return;
    case 'export':
      exportDrawing(message.model, message.format, message.style).then(
        (data) => post({ type: 'exported', id: message.id, format: message.format, data }),
        (error: unknown) => post({ type: 'exported', id: message.id, format: message.format, error: String(error) }),
      );
      return;
    case 'failures':
      receiveSimulation(message);
      return;
  }
}

/** Takes the analysis' answer to the latest simulation, for the version drawn; drops any other. */
function receiveSimulation(message: Extract<ToWebview, { type: 'failures' }>): void {
  if (message.id !== simulationId || message.uri !== drawnUri) return;
  if (message.error !== undefined) {
    simulationError = message.error;
  } else {
    const parsed = FailureSimulationSchema.safeParse(message.result);
    if (!parsed.success) simulationError = 'The failure simulation is invalid.';
    else if (parsed.data.version !== drawnVersion) return;
    else simulation = parsed.data;
  }
  showFailures();
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = ToWebviewSchema.safeParse(event.data);
  if (parsed.success) receive(parsed.data);
});

viewport.addEventListener('mouseover', (event) => {
  const id = targetId(event);
  clearClass('highlight');
  const node = id === undefined ? undefined : diagram?.model.nodes.find((n) => n.id === id);
  if (node !== undefined && (node.kind === 'host' || node.kind === 'group' || node.kind === 'volume')) highlightPaths(node.id);
});

viewport.addEventListener('click', (event) => {
  if (dragged) return;
  const id = targetId(event);
  if (id === undefined || diagram === undefined) return;
  if (failing || event.altKey) {
    if (!isFailable(id)) return;
    if (failed.has(id)) failed.delete(id);
    else failed.add(id);
    failuresChanged();
    return;
  }
  const node = diagram.model.nodes.find((n) => n.id === id);
  if (node?.kind === 'group' && event.detail >= 2) {
    post({ type: 'expandGroup', id });
    return;
  }
  const span = spanOf(id);
  if (span !== undefined) post({ type: 'reveal', span });
});

viewport.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    if (view === undefined) return;
    const box = viewport.getBoundingClientRect();
    const px = event.clientX - box.left;
    const py = event.clientY - box.top;
    const factor = Math.exp(-event.deltaY * 0.0015);
    const scale = Math.min(8, Math.max(MIN_SCALE, view.scale * factor));
    const ratio = scale / view.scale;
    view = { scale, x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio };
    fitted = false;
    applyView();
  },
  { passive: false },
);

let drag: { x: number; y: number } | undefined;
let dragged = false;
viewport.addEventListener('mousedown', (event) => {
  drag = { x: event.clientX, y: event.clientY };
  dragged = false;
});
window.addEventListener('mousemove', (event) => {
  if (drag === undefined || view === undefined) return;
  const dx = event.clientX - drag.x;
  const dy = event.clientY - drag.y;
  if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
  dragged = true;
  fitted = false;
  view = { ...view, x: view.x + dx, y: view.y + dy };
  drag = { x: event.clientX, y: event.clientY };
  applyView();
});
window.addEventListener('mouseup', () => {
  drag = undefined;
});

fitButton.addEventListener('click', fit);
legendButton.addEventListener('click', () => {
  legend.hidden = !legend.hidden;
  legendButton.setAttribute('aria-expanded', String(!legend.hidden));
  legendButton.classList.toggle('active', !legend.hidden);
});
failMode.addEventListener('click', () => {
  failing = !failing;
  failMode.textContent = `Fail mode: ${failing ? 'on' : 'off'}`;
  failMode.classList.toggle('active', failing);
  document.body.classList.toggle('failing', failing);
});
resetButton.addEventListener('click', () => {
  failed.clear();
  failuresChanged();
});
resetButton.disabled = true;

post({ type: 'ready' });
