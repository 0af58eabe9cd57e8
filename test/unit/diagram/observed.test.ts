// Observed path states in the diagram: with a state, each designed path (iSCSI or Fibre Channel)
// carries how it is seen on its host, each cable the state most in use among the paths over it, drawn and named in the SVG.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildDiagram } from '../../../server/src/diagram/build';
import { renderSvg } from '../../../server/src/diagram/render';
import { DiagramModelSchema } from '../../../server/src/diagram/schema';
import { observedPathStates } from '../../../server/src/drift';
import { matchDesign } from '../../../server/src/drift/context';
import { readState } from '../../../server/src/drift/stateFiles';
import { analyzeDocument } from '../../../server/src/service/languageService';

async function diagramOf(fixture: string, withState: boolean) {
  const dir = path.resolve(__dirname, '../../fixtures/drift', fixture);
  const document = analyzeDocument(readFileSync(path.join(dir, 'design.topo'), 'utf8'));
  const { model } = document.modelResult;
  const { observed } = await readState(dir, ['state']);
  const observedPaths = observedPathStates(matchDesign(model, document.analysis, observed));
  return buildDiagram(model, document.analysis, document.problems, { groupHosts: true, ...(withState ? { observedPaths } : {}) });
}

describe('observed path states in the diagram', () => {
  it('paths carry their state; a cable shows the state most in use over it; the model validates', async () => {
    const diagram = await diagramOf('drift-missing-path', true);
    assert.ok(DiagramModelSchema.safeParse(diagram).success);
    assert.equal(diagram.paths.find((p) => p.id === 'db01.ens2f0->e4000.B.p1@e4000.pgdata')?.observed, 'missing');
    assert.ok(diagram.paths.every((p) => p.observed !== undefined));
    const edge = (id: string) => diagram.edges.find((e) => e.id === id)?.observed;
    assert.equal(edge('link@e4000.B.p1--sw-b:22'), 'missing', 'only the missing path crosses the controller B port cable');
    assert.equal(edge('link@db01.ens2f0--sw-b:1'), 'active', 'the host cable also carries a path that is logged in');
    const svg = await renderSvg(diagram, { style: 'light' });
    assert.match(svg, /class="edge kind-link[^"]*observed-missing" data-id="link@e4000\.B\.p1--sw-b:22"><title>cable[^<]*\nobserved: missing/);
  });

  it('Fibre Channel paths carry their state where the host ties LUN paths to HBA and target port (Linux), none on Windows', async () => {
    const diagram = await diagramOf('drift-path-state--fc', true);
    const state = (id: string) => diagram.paths.find((p) => p.id === id)?.observed;
    assert.equal(state('app01.fc1->me5.B.b1@me5.appdata'), 'failed');
    assert.equal(state('app01.fc0->me5.B.b0@me5.appdata'), 'active');
    assert.equal(state('app01.fc0->me5.A.a0@me5.appdata'), 'standby', 'the ALUA non-optimized group stands by');
    assert.deepEqual(diagram.paths.filter((p) => p.host === 'sql01').map((p) => p.observed), [undefined, undefined, undefined, undefined], 'Get-InitiatorPort and Get-Disk do not say which target port a path leads to');
    const missing = await diagramOf('drift-missing-path--fc', true);
    assert.equal(missing.paths.find((p) => p.id === 'app01.fc1->me5.A.a1@me5.appdata')?.observed, 'missing');
  });

  it('without a state nothing is observed', async () => {
    const diagram = await diagramOf('drift-path-state', false);
    assert.ok(diagram.paths.every((p) => p.observed === undefined) && diagram.edges.every((e) => e.observed === undefined));
    assert.doesNotMatch(await renderSvg(diagram, { style: 'light' }), /class="[^"]*observed-/);
  });
});
