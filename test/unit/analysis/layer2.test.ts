// The switch fabric: components per VLAN, routes, cuts, and routing between VLANs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectComponents } from '../../../server/src/analysis/components';
import { Fabric } from '../../../server/src/analysis/layer2';
import { modelIndex } from '../../../server/src/analysis/modelIndex';
import { buildModel } from '../../../server/src/model/build';
import { parse } from '../../../server/src/syntax/parser';

function fabricOf(text: string): Fabric {
  const index = modelIndex(buildModel(parse(text).tree).model);
  return new Fabric(index, collectComponents(index));
}

const chain = `
switch s1 { vlans 10, 20 }
switch s2 { vlans 10 }
switch s3 { vlans 10, 20  routing on }
link s1:49 -- s2:49
link s2:50 -- s3:50
`;

test('VLAN components: a switch that does not carry a VLAN splits it', () => {
  const fabric = fabricOf(chain);
  assert.equal(fabric.label('s1', 10), fabric.label('s3', 10));
  assert.notEqual(fabric.label('s1', 20), fabric.label('s3', 20));
  assert.equal(fabric.label('s2', 20), -1);
  assert.equal(fabric.label('s1', 'any'), fabric.label('s3', 'any'));
});

test('route and cut through a chain: every switch and link on it is a cut', () => {
  const fabric = fabricOf(chain);
  const route = fabric.route(['s1', 10], ['s3', 10], false)!;
  assert.deepEqual(route.map((s) => s.switch), ['s1', 's2', 's3']);
  assert.equal(route[0]!.link, undefined);
  assert.equal(fabric.cut([['s1', 10]], [['s3', 10]], false).length, 5);
});

test('routed reach changes VLAN at a routing switch', () => {
  const fabric = fabricOf(chain);
  assert.equal(fabric.route(['s1', 10], ['s3', 20], false), null);
  const route = fabric.route(['s1', 10], ['s3', 20], true)!;
  assert.deepEqual(route.map((s) => s.switch), ['s1', 's2', 's3']);
  assert.deepEqual(fabric.routersNear('s1', 10), [2]);
});

test('stack members are one failure domain and joined without a written link', () => {
  const fabric = fabricOf('switch a { stack b }\nswitch b { }');
  assert.equal(fabric.domainOf('a'), 'stack:a+b');
  assert.equal(fabric.label('a', 1), fabric.label('b', 1));
  assert.deepEqual(fabric.cut([['a', 1]], [['b', 1]], false), ['stack:a+b']);
  assert.equal(fabric.connected([['a', 1]], [['b', 1]], false, new Set(['stack:a+b'])), false);
});

test('a ring has no single inter-switch link as a cut', () => {
  const fabric = fabricOf(`
switch a { }
switch b { }
switch c { }
link a:1 -- b:1
link b:2 -- c:2
link c:3 -- a:3`);
  assert.deepEqual(fabric.cut([['a', 1]], [['b', 1]], false), ['a', 'b']);
});
