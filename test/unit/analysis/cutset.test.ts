// Cut sets are computed from the reaching leg pairs and shared fabric cuts; they must equal what a
// single-failure simulation of each path's physical alternatives finds, component by component.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateTopology } from '../../../bench/generate';
import { collectComponents } from '../../../server/src/analysis/components';
import { Fabric, survives } from '../../../server/src/analysis/layer2';
import { modelIndex } from '../../../server/src/analysis/modelIndex';
import { buildPaths } from '../../../server/src/analysis/paths';
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
    const index = modelIndex(buildModel(parse(text).tree).model);
    const table = collectComponents(index);
    const fabric = new Fabric(index, table);
    const { paths, routes } = buildPaths(index, fabric);
    assert.ok(paths.length > 0);
    for (const path of paths) {
      const route = routes.get(path.id)!;
      const killers = table.components
        .map((c) => c.id)
        .filter((id) => !survives(fabric, route.hostLegs, route.arrayLegs, route.routed, new Set([id])));
      assert.deepEqual(path.dependsOn, killers, path.id);
      for (const id of killers) assert.ok(route.touches.has(id), `${path.id} touches ${id}`);
    }
  });
}
