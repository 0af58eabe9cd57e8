// Cut sets are computed from the reaching leg pairs and shared fabric cuts; they must equal what a
// single-failure simulation of each path's physical alternatives finds, component by component.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateTopology } from '../../../bench/generate';
import { analyzeNetwork } from '../../../server/src/analysis';
import { internalsOf } from '../../../server/src/analysis/failure';
import { survives } from '../../../server/src/analysis/layer2';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { buildModel } from '../../../server/src/model/build';
import { parse } from '../../../server/src/syntax/parser';
import { fixture } from './helpers';

const topologies = {
  serverfault: fixture('serverfault.topo'),
  'dual-fabric': fixture('dual-fabric.topo'),
  generated: generateTopology({ hosts: 40, badShare: 0.3 }).text,
};

for (const [name, text] of Object.entries(topologies)) {
  test(`${name}: every path's dependsOn is exactly the components whose single failure kills it`, () => {
    const analysis = analyzeNetwork(buildModel(parse(text).tree).model, { subnetLayout: DEFAULT_SETTINGS.subnetLayout });
    const { fabric, parts } = internalsOf(analysis)!;
    const { paths } = analysis;
    assert.ok(paths.length > 0);
    for (const path of paths) {
      const route = parts.get(path.host)!.routes.get(path.id)!;
      const killers = analysis.components
        .map((c) => c.id)
        .filter((id) => !survives(fabric, route.hostLegs, route.arrayLegs, route.routed, new Set([id])));
      assert.deepEqual(path.dependsOn, killers, path.id);
      for (const id of killers) assert.ok(route.touches.has(id), `${path.id} touches ${id}`);
    }
  });
}
