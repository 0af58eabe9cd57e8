// Value parsers as tables: text in, value (or problem code) out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Parsed } from '../../../server/src/model/values';
import {
  parseBoolean,
  parseChoice,
  parseIp,
  parseMtu,
  parseSize,
  parseSpeed,
  parseVlan,
  parseWholeNumber,
  parseWwpn,
} from '../../../server/src/model/values';

const SPAN = { start: 10, end: 20 };

/** The value, or `!CODE` for a problem, plus `+CODE` when a warning comes with the value. */
function outcome<T>(result: Parsed<T>): unknown {
  if (!result.ok) {
    assert.deepEqual(result.problem.span, SPAN);
    return `!${result.problem.code}`;
  }
  return result.warning ? [result.value, `+${result.warning.code}`] : result.value;
}

function table<T>(parser: (text: string, span: typeof SPAN) => Parsed<T>, rows: [string, unknown][]): void {
  for (const [text, expected] of rows) assert.deepEqual(outcome(parser(text, SPAN)), expected, text);
}

test('speeds in Mb/s', () => {
  table(parseSpeed, [
    ['100M', 100], ['1G', 1000], ['2.5G', 2500], ['10G', 10000], ['25Gb', 25000], ['100g', 100000],
    ['10Gbps', 10000], ['16Gb/s', 16000],
    ['10X', '!TOPO310'], ['10000', '!TOPO310'], ['fast', '!TOPO310'], ['0G', '!TOPO310'], ['1T', '!TOPO310'],
  ]);
});

test('the unknown speed unit message names the unit and shows an example', () => {
  const result = parseSpeed('10X', SPAN);
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.problem.message, "unknown speed unit 'X' in '10X'; use M or G, e.g. 10G");
});

test('sizes in bytes, binary multiples', () => {
  table(parseSize, [
    ['500G', 500 * 2 ** 30], ['4T', 4 * 2 ** 40], ['1.5T', 1.5 * 2 ** 40], ['512MiB', 512 * 2 ** 20],
    ['2TB', 2 * 2 ** 40], ['1P', 2 ** 50], ['64K', 65536], ['100B', 100],
    ['500', '!TOPO311'], ['4X', '!TOPO311'], ['big', '!TOPO311'],
  ]);
});

test('MTU: 576..9216, larger up to 65535 kept with a warning', () => {
  table(parseMtu, [
    ['1500', 1500], ['9000', 9000], ['576', 576], ['9216', 9216], ['9217', [9217, '+TOPO313']], ['65535', [65535, '+TOPO313']],
    ['575', '!TOPO312'], ['65536', '!TOPO312'], ['9000.5', '!TOPO312'], ['jumbo', '!TOPO312'],
  ]);
});

test('VLAN 1..4094 and whole numbers', () => {
  table(parseVlan, [['1', 1], ['4094', 4094], ['0', '!TOPO314'], ['4095', '!TOPO314'], ['10a', '!TOPO314']]);
  table((text, span) => parseWholeNumber(text, span, 'LUN'), [['0', 0], ['12', 12], ['1.5', '!TOPO319'], ['x', '!TOPO319']]);
});

test('booleans and choices', () => {
  table(parseBoolean, [['on', true], ['off', false], ['true', true], ['no', false], ['YES', true], ['maybe', '!TOPO317']]);
  const modes = ['lacp', 'static'] as const;
  table((text, span) => parseChoice(text, span, modes, 'mode'), [['lacp', 'lacp'], ['LACP', 'lacp'], ['lcap', '!TOPO318']]);
  const result = parseChoice('lcap', SPAN, modes, 'mode');
  assert.equal(!result.ok && result.problem.message, "unknown mode 'lcap'; did you mean 'lacp'? (one of lacp, static)");
});

test('WWPNs are normalised to lowercase colon form', () => {
  table(parseWwpn, [
    ['10:00:00:00:C9:12:34:56', '10:00:00:00:c9:12:34:56'],
    ['10000000c9123456', '10:00:00:00:c9:12:34:56'],
    ['10:00:00:00:c9:12:34', '!TOPO316'], ['10:00:00:00:c9:12:34:5g', '!TOPO316'], ['10-00-00-00-c9-12-34-56', '!TOPO316'],
  ]);
});

test('IPv4 addresses with prefix: address and subnet', () => {
  const ip = (text: string) => {
    const result = parseIp(text, SPAN);
    return result.ok ? `${result.value.version} ${result.value.address} ${result.value.prefix} ${result.value.subnet}` : `!${result.problem.code}`;
  };
  const rows: [string, string][] = [
    ['172.24.0.10/24', '4 172.24.0.10 24 172.24.0.0/24'],
    ['10.10.1.11/20', '4 10.10.1.11 20 10.10.0.0/20'],
    ['192.168.1.1/32', '4 192.168.1.1 32 192.168.1.1/32'],
    ['8.8.8.8/0', '4 8.8.8.8 0 0.0.0.0/0'],
    ['10.0.0.129/25', '4 10.0.0.129 25 10.0.0.128/25'],
    ['10.0.0.256/24', '!TOPO315'], ['10.0.0/24', '!TOPO315'], ['10.0.0.1/33', '!TOPO315'], ['10.0.0.1', '!TOPO315'],
    ['010.0.0.1/8', '!TOPO315'], ['10.0.0.1/', '!TOPO315'], ['10.0.0.1/x', '!TOPO315'], ['a.b.c.d/8', '!TOPO315'],
    ['255.255.255.255/31', '4 255.255.255.255 31 255.255.255.254/31'], ['200.1.2.3/1', '4 200.1.2.3 1 128.0.0.0/1'],
    ['10.0.0.1/024', '4 10.0.0.1 24 10.0.0.0/24'], ['10.0.0.0/08', '4 10.0.0.0 8 10.0.0.0/8'], ['1.2.3.4.5/8', '!TOPO315'],
    ['1..3.4/8', '!TOPO315'], ['1.2.3.1000/8', '!TOPO315'], ['0.0.0.0/0', '4 0.0.0.0 0 0.0.0.0/0'],
  ];
  for (const [text, expected] of rows) assert.equal(ip(text), expected, text);
});

test('IPv6 addresses: RFC 5952 normalisation, :: rules, subnets', () => {
  const ip = (text: string) => {
    const result = parseIp(text, SPAN);
    return result.ok ? `${result.value.address} ${result.value.subnet}` : `!${result.problem.code}`;
  };
  const rows: [string, string][] = [
    ['fd00:10::5/64', 'fd00:10::5 fd00:10::/64'],
    ['FD00:0010:0000:0000:0000:0000:0000:0005/64', 'fd00:10::5 fd00:10::/64'],
    ['fe80::1/64', 'fe80::1 fe80::/64'],
    ['::1/128', '::1 ::1/128'],
    ['::/0', ':: ::/0'],
    ['2001:db8:0:0:1:0:0:1/48', '2001:db8::1:0:0:1 2001:db8::/48'],
    ['2001:db8:0:1:1:1:1:1/64', '2001:db8:0:1:1:1:1:1 2001:db8:0:1::/64'],
    ['2001:db8::abcd:ffff/120', '2001:db8::abcd:ffff 2001:db8::abcd:ff00/120'],
    ['::ffff:192.0.2.1/96', '::ffff:c000:201 ::ffff:0:0/96'],
    ['1:2:3:4:5:6:7::/64', '1:2:3:4:5:6:7:0 1:2:3:4::/64'],
    ['fe80::1::2/64', '!TOPO315'], ['1:2:3:4:5:6:7:8:9/64', '!TOPO315'], ['1:2:3:4:5:6:7/64', '!TOPO315'],
    ['1::2:3:4:5:6:7:8/64', '!TOPO315'], ['2001:db8::g/64', '!TOPO315'], ['2001:db8::12345/64', '!TOPO315'],
    [':1:2:3:4:5:6:7/64', '!TOPO315'], ['1:::2/64', '!TOPO315'], ['fe80::1/129', '!TOPO315'], ['::1.2.3.4.5/64', '!TOPO315'],
    ['1.2.3.4::/64', '!TOPO315'],
  ];
  for (const [text, expected] of rows) assert.equal(ip(text), expected, text);
});

test('an address keeps the span of its value', () => {
  const result = parseIp('10.0.0.1/24', SPAN);
  assert.ok(result.ok);
  assert.deepEqual(result.value.span, SPAN);
});
