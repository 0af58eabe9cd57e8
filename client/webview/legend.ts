// The legend: what the drawing's outlines, badges and line styles mean. Each sample is drawn with
// the diagram's own classes inside a `.topo-diagram` SVG, so it looks exactly like the drawing in
// every theme. Static markup only: no user text reaches it. The observed path states (from a
// `.topo.json` state) are explained only for the states the diagram shown has.
import type { DiagramModel, ObservedState } from '../../server/src/diagram/schema';

interface Sample {
  /** SVG markup of the sample, in a 44 × 20 box. */
  markup: string;
  meaning: string;
}

const box = (classes: string, extra = '') =>
  `<g class="node ${classes}"><rect class="box" x="4" y="3" width="36" height="14" rx="3"/>${extra}</g>`;
const wire = (classes: string) => `<g class="edge ${classes}"><path class="wire" d="M2 10 H42"/></g>`;
const badge = '<g class="spof-badge"><circle cx="38" cy="5" r="5"/><text x="38" y="8" text-anchor="middle">!</text></g>';

const SECTIONS: { title: string; samples: Sample[] }[] = [
  {
    title: 'Findings',
    samples: [
      { markup: box('status-error'), meaning: 'Error on this element (hover it for the message)' },
      { markup: box('status-warning'), meaning: 'Warning on this element' },
      { markup: box('status-info'), meaning: 'Information on this element' },
      { markup: box('status-ok spof', badge), meaning: 'Single point of failure: losing it cuts a host off' },
    ],
  },
  {
    title: 'Lines and outlines',
    samples: [
      { markup: wire('kind-link'), meaning: 'Cable' },
      { markup: wire('kind-link bundle'), meaning: 'Cables of one team or trunk, drawn as one bundle' },
      { markup: box('kind-lag'), meaning: 'Dashed outline: a LAG or trunk around the ports it bundles' },
      { markup: wire('kind-serves optimized'), meaning: 'Controller owning the volume (ALUA optimized)' },
      { markup: wire('kind-serves'), meaning: 'Dashed line: partner controller (non-optimized), or a vmk uplink' },
    ],
  },
  {
    title: 'Highlights',
    samples: [
      { markup: box('status-ok selected'), meaning: 'The element at the cursor in the editor' },
      { markup: wire('kind-link highlight'), meaning: 'The paths of the host or volume under the mouse' },
      { markup: box('status-ok other-file'), meaning: 'Faded: written in another file of the design (the preview draws the whole design)' },
    ],
  },
  {
    title: 'Fail mode',
    samples: [
      { markup: box('status-ok failed'), meaning: 'Failed by you (click again to repair)' },
      { markup: wire('kind-link dead'), meaning: 'Path lost to the failures' },
      { markup: box('status-ok cut-off'), meaning: 'Host or volume cut off: no path left' },
    ],
  },
];

/** How each observed state is drawn on a cable, in the order they are listed. */
const OBSERVED: { state: ObservedState; meaning: string }[] = [
  { state: 'active', meaning: 'Observed active: logged in and carrying I/O' },
  { state: 'standby', meaning: 'Observed standby: logged in, not carrying I/O (ALUA non-optimized or standby)' },
  { state: 'failed', meaning: 'Observed failed: the session or its LUN paths are down' },
  { state: 'missing', meaning: 'Observed missing: designed, but not on the host' },
];

const SVG_NS = 'http://www.w3.org/2000/svg';

function sampleSvg(markup: string): SVGSVGElement {
  const doc = new DOMParser().parseFromString(
    `<svg xmlns="${SVG_NS}" class="topo-diagram" width="44" height="20" viewBox="0 0 44 20">${markup}</svg>`,
    'image/svg+xml',
  );
  return document.importNode(doc.documentElement, true) as unknown as SVGSVGElement;
}

function sectionElements(section: { title: string; samples: Sample[] }): [HTMLElement, HTMLElement] {
  const title = document.createElement('div');
  title.className = 'legend-title';
  title.textContent = section.title;
  const list = document.createElement('ul');
  for (const sample of section.samples) {
    const item = document.createElement('li');
    const meaning = document.createElement('span');
    meaning.textContent = sample.meaning;
    item.append(sampleSvg(sample.markup), meaning);
    list.append(item);
  }
  return [title, list];
}

/** The legend panel's content: one titled list per section, a drawn sample beside each meaning. */
export function buildLegend(): HTMLElement {
  const root = document.createElement('div');
  root.className = 'legend';
  root.setAttribute('role', 'region');
  root.setAttribute('aria-label', 'Legend');
  for (const section of SECTIONS) root.append(...sectionElements(section));
  const observed = document.createElement('div');
  observed.className = 'legend-observed';
  root.append(observed);
  return root;
}

/** The observed states the diagram's cables and paths show. */
export function observedStatesOf(model: DiagramModel): Set<ObservedState> {
  const states = new Set<ObservedState>();
  for (const edge of model.edges) if (edge.observed !== undefined) states.add(edge.observed);
  for (const path of model.paths) if (path.observed !== undefined) states.add(path.observed);
  return states;
}

/** Lists the observed states `states` holds, in the legend `buildLegend` made; none: no such section. */
export function showObservedStates(legend: HTMLElement, states: ReadonlySet<ObservedState>): void {
  const container = legend.querySelector('.legend-observed');
  if (container === null) return;
  const samples = OBSERVED.filter((entry) => states.has(entry.state)).map((entry) => ({ markup: wire(`kind-link observed-${entry.state}`), meaning: entry.meaning }));
  container.replaceChildren(...(samples.length > 0 ? sectionElements({ title: 'On the running system', samples }) : []));
}
