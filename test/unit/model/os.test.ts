// OS names → family and version; unknown names become `other` with a suggestion.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOs } from '../../../server/src/model/os';

const SPAN = { start: 3, end: 9 };

test('known OS names', () => {
  const rows: [string, string, string | undefined][] = [
    ['windows-server-2008', 'windows-server', '2008'],
    ['windows-server-2012r2', 'windows-server', '2012r2'],
    ['windows-server-2025', 'windows-server', '2025'],
    ['hyper-v-server-2019', 'windows-server', '2019'],
    ['windows-xp', 'windows-client', 'xp'],
    ['windows-vista', 'windows-client', 'vista'],
    ['windows-7', 'windows-client', '7'],
    ['windows-8.1', 'windows-client', '8.1'],
    ['windows-11', 'windows-client', '11'],
    ['linux', 'linux', undefined],
    ['rhel-9', 'linux', '9'],
    ['centos-7', 'linux', '7'],
    ['rocky-9.3', 'linux', '9.3'],
    ['alma-8', 'linux', '8'],
    ['ubuntu-24.04', 'linux', '24.04'],
    ['debian-12', 'linux', '12'],
    ['sles-15', 'linux', '15'],
    ['oracle-linux-8', 'linux', '8'],
    ['ubuntu', 'linux', undefined],
    ['esxi', 'esxi', undefined],
    ['esxi-8', 'esxi', '8'],
    ['esxi-8.0', 'esxi', '8.0'],
    ['esxi-7.0.3', 'esxi', '7.0.3'],
    ['ESXi-6.7', 'esxi', '6.7'],
  ];
  for (const [name, family, version] of rows) {
    const { os, warning } = parseOs(name, SPAN);
    assert.deepEqual([os.family, os.version, os.raw, warning], [family, version, name, undefined], name);
    assert.deepEqual(os.span, SPAN);
  }
});

test('unknown OS names: family other, a warning with a suggestion', () => {
  const rows: [string, string | undefined][] = [
    ['windows-server-2012-r2', 'windows-server-2012r2'],
    ['windows-10-pro', 'windows-10'],
    ['esx-8.0', 'esxi-8.0'],
    ['rhel9', 'rhel-9'],
    ['solaris-11', undefined],
    ['esxi-8.0-u2', 'esxi-8.0'],
  ];
  for (const [name, suggestion] of rows) {
    const { os, warning } = parseOs(name, SPAN);
    assert.equal(os.family, 'other', name);
    assert.equal(warning?.code, 'TOPO320', name);
    assert.equal(warning?.severity, 'warning');
    if (suggestion) assert.match(warning!.message, new RegExp(`did you mean '${suggestion.replaceAll('.', '\\.')}'`), name);
    else assert.doesNotMatch(warning!.message, /did you mean/, name);
  }
});

test('a Windows Server or ESXi version that never existed is a located warning naming the known ones, and keeps the family', () => {
  const { os, warning } = parseOs('windows-server-2023', SPAN);
  assert.equal(os.family, 'windows-server');
  assert.equal(warning?.code, 'TOPO321');
  assert.deepEqual(warning?.span, SPAN);
  assert.match(warning!.message, /unknown Windows Server version '2023' in 'windows-server-2023'.*did you mean 'windows-server-2022'\?.*known versions: 2008, .*2025/);
  assert.equal(parseOs('esxi-7.5', SPAN).warning?.code, 'TOPO321');
  for (const name of ['esxi-8', 'esxi-8.0.2', 'esxi-6.7', 'windows-server-2019', 'hyper-v-server-2016', 'rhel-10']) assert.equal(parseOs(name, SPAN).warning, undefined, name);
});
