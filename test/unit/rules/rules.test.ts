// Valid/invalid tables per rule, ESLint style: each invalid case lists where every finding of the
// rule starts (the first, or n-th, occurrence of a marker text) and the message it must match, and
// where a quick fix is named, the text the fix leaves (re-checked as the editor offers it) or that
// it is not offered.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS, type Settings } from '../../../server/src/config/schema';
import { safeFix } from '../../../server/src/features/codeActions';
import { applyEdits } from '../../../server/src/features/fixes/textEdits';
import { RULES } from '../../../server/src/rules';
import { analyzeDocument } from '../../../server/src/service/languageService';
import { docExample, lint } from './lint';

interface Expected {
  at: string;
  occurrence?: number;
  message?: RegExp;
  /** A quick fix of the finding and the whole text it leaves; `output: undefined` when it is not offered. */
  fix?: { id: string; output: string | undefined };
}
interface Case {
  name: string;
  text: string;
  settings?: Partial<Settings>;
}
interface InvalidCase extends Case {
  errors: Expected[];
}

const root = join(import.meta.dirname, '..', '..', '..');
const doc = (id: string, heading: 'Bad example' | 'Good example'): string =>
  docExample(readFileSync(join(root, 'docs', 'rules', `${id}.md`), 'utf8'), heading) ?? '';
const example = (name: string): string => readFileSync(join(root, 'examples', name), 'utf8');

// Portals: a Dell SC design whose virtual ports fail over, and an EqualLogic group.
const SC_FAULT_DOMAINS = readFileSync(join(root, 'test', 'fixtures', 'rules', 'portals-sc-fault-domains.topo'), 'utf8');
const EQL_GROUP = readFileSync(join(root, 'test', 'fixtures', 'rules', 'portals-equallogic-group.topo'), 'utf8');
const FD1_TOP = 'portal fd1-top { ip 10.61.0.11/24  ports top.p1, bottom.p1  mode float }';
/** The EqualLogic group design with jumbo frames end to end: vmks, their uplinks and every array port. */
const EQL_JUMBO = EQL_GROUP.replaceAll('{ speed 10G }', '{ speed 10G  mtu 9000 }').replaceAll('/24  speed 10G }', '/24  speed 10G  mtu 9000 }').replaceAll('bound on }', 'bound on  mtu 9000 }');

function offsetOf(text: string, marker: string, occurrence = 1): number {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(marker, at + 1);
    assert.ok(at >= 0, `marker '${marker}' #${occurrence} not in the test text`);
  }
  return at;
}

function run(ruleId: string, tables: { valid: Case[]; invalid: InvalidCase[] }) {
  describe(ruleId, () => {
    for (const test of tables.valid) {
      it(`valid: ${test.name}`, () => {
        const result = lint(test.text, test.settings);
        assert.deepEqual(result.inputErrors, []);
        assert.deepEqual(result.problems.filter((p) => p.code === ruleId).map((p) => p.message), []);
      });
    }
    for (const test of tables.invalid) {
      it(`invalid: ${test.name}`, () => {
        const result = lint(test.text, test.settings);
        assert.deepEqual(result.inputErrors, []);
        const found = result.problems.filter((p) => p.code === ruleId);
        assert.deepEqual(
          found.map((p) => p.span.start),
          test.errors.map((e) => offsetOf(test.text, e.at, e.occurrence)),
          found.map((p) => p.message).join('\n'),
        );
        test.errors.forEach((expected, i) => {
          if (expected.message) assert.match(found[i].message, expected.message);
          if (expected.fix) {
            const settings = { ...DEFAULT_SETTINGS, ...test.settings };
            const before = analyzeDocument(test.text, settings);
            const problem = before.problems.find((p) => p.code === ruleId && p.span.start === found[i].span.start);
            assert.ok(problem);
            const edits = safeFix(before, problem, expected.fix.id, (next) => analyzeDocument(next, settings));
            assert.equal(edits && applyEdits(test.text, edits), expected.fix.output, `${expected.fix.id} on: ${found[i].message}`);
          }
        });
      });
    }
  });
}

const TEAM = doc('iscsi-over-team', 'Bad example');
const BASE = doc('iscsi-over-team', 'Good example');

run('duplicate-address', {
  valid: [
    { name: 'distinct addresses', text: BASE },
    { name: 'a discovery address written as one of its own ports’ addresses', text: readFileSync(join(root, 'test', 'fixtures', 'rules', 'portals-send-targets.topo'), 'utf8') },
  ],
  invalid: [
    {
      name: 'a group address that is also a host’s',
      text: EQL_GROUP.replace('portal group { ip 10.50.0.10/24', 'portal group { ip 10.50.0.21/24'),
      errors: [{ at: '10.50.0.21/24', occurrence: 2, message: /10\.50\.0\.21 is assigned to esx01\.vmk1 and eql\.group/ }],
    },
    {
      name: 'two array ports with one address',
      text: doc('duplicate-address', 'Bad example'),
      errors: [{ at: '10.10.1.101/24', occurrence: 2, message: /10\.10\.1\.101 is assigned to me5\.A\.p0 and me5\.B\.p0/ }],
    },
  ],
});

run('esxi-port-binding', {
  valid: [
    { name: 'one active uplink per bound port, one subnet', text: doc('esxi-port-binding', 'Good example') },
    {
      name: "bound ports whose port groups override an IP-hash vSwitch's teaming with explicit failover order",
      text: doc('esxi-port-binding', 'Good example')
        .replace('nic vmnic3 { speed 25G  card slot2 }', 'nic vmnic3 { speed 25G  card slot2 }\n  vswitch vSwitch1 { uplinks vmnic2, vmnic3  teaming ip-hash }')
        .replace(/active vmnic(\d)  bound on/g, 'vswitch vSwitch1  active vmnic$1  teaming failover-order  bound on'),
    },
  ],
  invalid: [
    { name: 'two active uplinks', text: doc('esxi-port-binding', 'Bad example'), errors: [{ at: 'vmk vmk1', message: /2 active uplinks/ }] },
    {
      name: 'standby uplink and portals in two subnets',
      text: doc('esxi-port-binding', 'Good example')
        .replace('active vmnic3  bound on', 'active vmnic3  standby vmnic2  bound on')
        .replace('port p1 { ip 10.20.0.102/24', 'port p1 { ip 10.20.1.102/24'),
      errors: [{ at: 'host esx01', message: /span 2 subnets/ }, { at: 'vmk vmk2', message: /1 standby/ }],
    },
    {
      name: 'one subnet over two switches that are not joined',
      text: doc('esxi-port-binding', 'Good example').replace('link sw-a:49 -- sw-b:49\nlink sw-a:50 -- sw-b:50\n', ''),
      errors: [{ at: 'host esx01', message: /not in one broadcast domain: esx01\.vmk1 cannot reach me5\.A\.p1, me5\.B\.p1; .*ESXi tries 8 paths \(2 bound ports x 4 portals\) and 4 of them fail/ }],
    },
    {
      name: 'bound ports with one active uplink each, on an IP-hash vSwitch',
      text: doc('esxi-port-binding', 'Good example')
        .replace('nic vmnic3 { speed 25G  card slot2 }', 'nic vmnic3 { speed 25G  card slot2 }\n  vswitch vSwitch1 { uplinks vmnic2, vmnic3  teaming ip-hash }')
        .replace(/active vmnic(\d)  bound on/g, 'vswitch vSwitch1  active vmnic$1  bound on'),
      errors: [
        { at: 'vmk vmk1', message: /on esx01\.vSwitch1, which aggregates its uplinks \(teaming ip-hash\): VMware advises against port binding over link aggregation/ },
        { at: 'vmk vmk2', message: /aggregates its uplinks/ },
      ],
    },
    {
      name: "a bound port whose port group overrides the vSwitch's teaming with IP hash",
      text: doc('esxi-port-binding', 'Good example')
        .replace('nic vmnic3 { speed 25G  card slot2 }', 'nic vmnic3 { speed 25G  card slot2 }\n  vswitch vSwitch1 { uplinks vmnic2, vmnic3 }')
        .replace(/active vmnic(\d)  bound on/g, 'vswitch vSwitch1  active vmnic$1  bound on')
        .replace('active vmnic2  bound on', 'active vmnic2  teaming ip-hash  bound on'),
      errors: [{ at: 'vmk vmk1', message: /esx01\.vmk1 is bound to the software iSCSI adapter with its port group's teaming ip-hash, which aggregates its uplinks/ }],
    },
    ...routedBindingCases(),
  ],
});

/** Port binding towards routed portals, by ESXi version and the bound ports' own gateways. */
function routedBindingCases(): InvalidCase[] {
  // The good example with the array in 10.21.0.0/24 behind routing switch sw-a.
  const routed = doc('esxi-port-binding', 'Good example').replace(/ip 10\.20\.0\.(10\d)\/24/g, 'ip 10.21.0.$1/24').replace('switch sw-a { }', 'switch sw-a { routing on }');
  const gateways = routed.replace(/(ip 10\.20\.0\.\d+\/24)( {2}active)/g, '$1  gateway 10.20.0.1$2');
  return [
    { name: 'routed portals before ESXi 6.5', text: routed.replace(/esxi-8\.0/g, 'esxi-6.0'), errors: [{ at: 'host esx01', message: /reached through a router: .*ESXi 6\.0 cannot route the logins of bound ports/ }] },
    { name: 'routed portals, bound ports without gateways', text: gateways.replace('gateway 10.20.0.1  active vmnic3', 'active vmnic3'), errors: [{ at: 'host esx01', message: /esx01\.vmk2 has no gateway of its own/ }] },
    { name: 'routed portals, a gateway on every bound port', text: gateways, errors: [{ at: 'host esx01', message: /VMware advises against port binding towards routed portals \(KB 2038869\)/ }] },
  ];
}

run('failover-only-policy', {
  valid: [{ name: 'round-robin-subset', text: doc('failover-only-policy', 'Good example') }],
  invalid: [{ name: 'failover-only over two optimized paths', text: doc('failover-only-policy', 'Bad example'), errors: [{ at: 'policy failover-only', message: /2 optimized paths/ }] }],
});

run('fc-single-fabric', {
  valid: [{ name: 'two fabrics', text: doc('fc-single-fabric', 'Good example') }],
  invalid: [{ name: 'both HBAs in fabric A', text: doc('fc-single-fabric', 'Bad example'), errors: [{ at: 'host db01', message: /fabric A/ }] }],
});

run('iscsi-over-team', {
  valid: [{ name: 'MPIO over two NICs', text: BASE }],
  invalid: [
    { name: 'LACP team with a session', text: TEAM, errors: [{ at: 'team team0', message: /LACP team of 2 NICs/ }] },
    {
      name: 'switch-independent team, derived path',
      text: TEAM.replace('mode lacp  ip', 'mode switch-independent  ip').replace(/\nsession [^\n]*/, ''),
      errors: [{ at: 'team team0', message: /switch-independent team/ }],
    },
  ],
});

run('iscsi-over-vmk-team', {
  valid: [
    { name: 'one bound port per uplink', text: doc('iscsi-over-vmk-team', 'Good example') },
    { name: 'one active and one standby uplink', text: doc('iscsi-over-vmk-team', 'Bad example').replace('active vmnic2, vmnic3', 'active vmnic2  standby vmnic3') },
    {
      name: 'bound with two uplinks is esxi-port-binding',
      text: doc('iscsi-over-vmk-team', 'Bad example').replace('active vmnic2, vmnic3 }', 'active vmnic2, vmnic3  bound on }'),
    },
  ],
  invalid: [
    { name: 'two active uplinks, not bound', text: doc('iscsi-over-vmk-team', 'Bad example'), errors: [{ at: 'vmk vmk1', message: /2 active uplinks \(esx01\.vmnic2 and esx01\.vmnic3\) without port binding/ }] },
    {
      name: 'two active uplinks under load-based teaming, not bound',
      text: doc('iscsi-over-vmk-team', 'Bad example')
        .replace('  vmk vmk1 { ip 10.60.0.11/24  active vmnic2, vmnic3 }', '  vswitch dvs1 { type distributed  uplinks vmnic2, vmnic3  teaming physical-nic-load }\n  vmk vmk1 { ip 10.60.0.11/24  vswitch dvs1 }'),
      errors: [{ at: 'vmk vmk1', message: /2 active uplinks .* without port binding: load-based teaming keeps the port on one uplink at a time, moving it only when that uplink is busy/ }],
    },
  ],
});

run('lag-switch-mismatch', {
  valid: [
    { name: 'LACP team on an LACP LAG', text: doc('lag-switch-mismatch', 'Good example') },
    { name: 'switch-independent team needs no LAG', text: doc('lag-switch-mismatch', 'Bad example').replace('mode lacp  ip', 'mode switch-independent  ip') },
  ],
  invalid: [
    { name: 'ports not in a LAG', text: doc('lag-switch-mismatch', 'Bad example'), errors: [{ at: 'mode lacp', message: /not all in a LAG/ }] },
    { name: 'static team on an LACP LAG', text: TEAM.replace('mode lacp  ip', 'mode static  ip'), errors: [{ at: 'mode static', message: /same mode/ }] },
  ],
});

run('linux-arp-flux', {
  valid: [{ name: 'arp-filter on', text: doc('linux-arp-flux', 'Good example') }],
  invalid: [{ name: 'two NICs in one subnet', text: doc('linux-arp-flux', 'Bad example'), errors: [{ at: 'host db01', message: /db01\.ens1f0 and db01\.ens2f0/ }] }],
});

run('mlag-lag-pairing', {
  valid: [
    { name: 'paired LAGs', text: doc('mlag-lag-pairing', 'Good example') },
    { name: 'pairing written on the other side', text: doc('mlag-lag-pairing', 'Good example').replace('  peer leaf-b:po2', '').replace('lag po2 { ports 2  mode lacp }\n}\n\narray', 'lag po2 { ports 2  mode lacp  peer leaf-a:po2 }\n}\n\narray') },
    { name: 'switch-independent team needs no LAG', text: doc('mlag-lag-pairing', 'Bad example').replace('mode lacp  ip', 'mode switch-independent  ip') },
  ],
  invalid: [
    { name: 'unpaired LAGs of a dual-homed team', text: doc('mlag-lag-pairing', 'Bad example'), errors: [{ at: 'lag po2', message: /not paired as one MLAG interface.*write peer leaf-b:po2 in leaf-a:po2/ }] },
    {
      name: 'paired across switches that are not MLAG peers',
      text: doc('mlag-lag-pairing', 'Good example').replace('  mlag leaf-b\n', ''),
      errors: [{ at: 'po2 }', message: /leaf-a and leaf-b are not MLAG peers/ }],
    },
    {
      name: 'paired in different modes',
      text: doc('mlag-lag-pairing', 'Good example').replace('lag po2 { ports 2  mode lacp }', 'lag po2 { ports 2  mode static }'),
      errors: [{ at: 'po2 }', message: /same mode/ }],
    },
    {
      name: 'the other side names another LAG',
      text: doc('mlag-lag-pairing', 'Good example')
        .replace('lag po2 { ports 2  mode lacp }', 'lag po2 { ports 2  mode lacp  peer leaf-a:po9 }')
        .replace('peer leaf-b:po2 }', 'peer leaf-b:po2 }\n  lag po9 { ports 9 }'),
      errors: [{ at: 'po2 }', message: /which is paired with leaf-a:po9: both sides must name each other/ }],
    },
    {
      name: 'paired LAGs that lead to different devices',
      text: doc('mlag-lag-pairing', 'Good example').replace('link hv02.eth1 -- leaf-b:2', 'link hv02.eth1 -- leaf-b:3').replace('link san.B.p0 -- leaf-b:41', 'link san.B.p0 -- leaf-b:2'),
      errors: [{ at: 'po2 }', message: /leads to hv02 but its MLAG pair leaf-b:po2 to san/ }],
    },
  ],
});

run('mcs-across-controllers', {
  valid: [{ name: 'connections on one controller', text: doc('mcs-across-controllers', 'Good example') }],
  invalid: [{ name: 'connections to A and B', text: doc('mcs-across-controllers', 'Bad example'), errors: [{ at: 'session ws01', message: /ds\.A and ds\.B/ }] }],
});

run('mcs-target-unsupported', {
  valid: [{ name: 'array declares mcs', text: doc('mcs-target-unsupported', 'Good example') }],
  invalid: [
    { name: 'MC/S session to an array without mcs', text: doc('mcs-target-unsupported', 'Bad example'), errors: [{ at: 'session ws01' }] },
    {
      name: 'multipath mcs without sessions',
      text: doc('mcs-target-unsupported', 'Bad example').replace(/\nsession [^\n]*/, ''),
      errors: [{ at: 'multipath mcs', message: /set to MC\/S, but ds/ }],
    },
  ],
});

run('mcs-unsupported-os', {
  valid: [{ name: 'Linux with MPIO', text: doc('mcs-unsupported-os', 'Good example') }],
  invalid: [{ name: 'Linux with MC/S', text: doc('mcs-unsupported-os', 'Bad example'), errors: [{ at: 'multipath mcs', message: /rhel-9/ }] }],
});

run('mpio-unsupported-os', {
  valid: [{ name: 'Windows 10 with MC/S', text: doc('mpio-unsupported-os', 'Good example') }],
  invalid: [{ name: 'Windows 10 with MPIO', text: doc('mpio-unsupported-os', 'Bad example'), errors: [{ at: 'multipath mpio', message: /windows-10/ }] }],
});

run('mtu-mismatch', {
  valid: [{ name: 'switch MTU above the endpoints', text: doc('mtu-mismatch', 'Good example') }],
  invalid: [
    {
      name: 'a group whose standby controller port is left at a smaller MTU',
      text: EQL_JUMBO.replace('port eth0 { speed 10G  mtu 9000 }', 'port eth0 { speed 10G  mtu 1500 }'),
      errors: [{ at: 'port eth0 { speed 10G  mtu 1500', message: /^eql\.cm1\.eth0 has MTU 1500 but eql\.group above it sends 9000-byte frames: the port it fails over to drops them .*set MTU 9000 on eql\.cm1\.eth0$/ }],
    },
    { name: 'switch smaller than the endpoints', text: doc('mtu-mismatch', 'Bad example'), errors: [{ at: 'switch sw-a', message: /MTU 1500 .* 9000-byte/ }] },
    {
      name: 'host NIC larger than the array port',
      text: BASE.replaceAll('speed 25G  mtu 9000 }', 'speed 25G }'),
      errors: [{ at: 'nic eth0', message: /MTU 9000 but portal me5\.A\.p0 uses 1500/ }, { at: 'nic eth1' }],
    },
  ],
});

run('multipath-disabled', {
  valid: [
    { name: 'a group address with jumbo frames on every port behind it', text: EQL_JUMBO },
    { name: 'MPIO enabled', text: doc('multipath-disabled', 'Good example') },
    { name: 'one session over a team', text: TEAM },
  ],
  invalid: [{ name: 'four paths, multipath none', text: doc('multipath-disabled', 'Bad example'), errors: [{ at: 'multipath none', message: /4 sessions/ }] }],
});

run('no-optimized-path', {
  valid: [{ name: 'paths to both controllers', text: doc('no-optimized-path', 'Good example') }],
  invalid: [{ name: 'paths to B only, owner A', text: doc('no-optimized-path', 'Bad example'), errors: [{ at: 'host hv01', message: /only through controller me5\.B/ }] }],
});

run('no-path', {
  valid: [
    { name: 'four paths', text: doc('no-path', 'Good example') },
    { name: 'one path is single-path', text: doc('single-path', 'Bad example') },
    { name: 'a volume without hosts is offered to every host, not required by it', text: doc('no-path', 'Bad example').replace('  hosts hv01, hv02', '') },
    {
      name: 'a written session that cannot log in is unreachable-portal',
      text: `${doc('single-path', 'Bad example').replace('link me5.A.p0 -- sw-a:11', '')}session hv01 -> me5 via eth0 -> me5.A.p0\n`,
    },
  ],
  invalid: [
    {
      name: 'nothing cabled: an error on each host, saying both sides lack cables',
      text: doc('no-path', 'Bad example'),
      errors: [
        { at: 'host hv01', message: /^me5\.vms is mapped to hv01, but hv01 has no path to it: no NIC or HBA of hv01 and no port of me5 has a cable$/ },
        { at: 'host hv02', message: /^me5\.vms is mapped to hv02, but hv02 has no path to it: no NIC or HBA of hv02 and no port of me5 has a cable$/ },
      ],
    },
    {
      name: 'the array cabled, the host not',
      text: doc('single-path', 'Bad example').replace('link hv01.eth0 -- sw-a:1', ''),
      errors: [{ at: 'host hv01', message: /no NIC or HBA of hv01 has a cable$/ }],
    },
    {
      name: 'both cabled, to switches that are not joined',
      text: doc('single-path', 'Bad example').replace('switch sw-a { }', 'switch sw-a { }\nswitch sw-b { }').replace('me5.A.p0 -- sw-a:11', 'me5.A.p0 -- sw-b:11'),
      errors: [{ at: 'host hv01', message: /the cables of hv01 and me5 join no interface to a port in its subnet/ }],
    },
    {
      name: 'two volumes of one array in one finding',
      text: doc('no-path', 'Bad example').replace('  volume vms { size 8T  owner A  hosts hv01, hv02 }', '  volume vms { size 8T  owner A  hosts hv01 }\n  volume logs { size 1T  owner B  hosts hv01 }'),
      errors: [{ at: 'host hv01', message: /^me5\.logs and me5\.vms are mapped to hv01, but hv01 has no path to them/ }],
    },
  ],
});



run('portal-no-failover', {
  valid: [
    { name: 'every virtual port has a partner port in its fault domain', text: SC_FAULT_DOMAINS },
    { name: 'a group over both controllers', text: EQL_GROUP },
    { name: 'a discovery address over one controller’s ports', text: SC_FAULT_DOMAINS.replace(FD1_TOP, 'portal fd1-top { ip 10.61.0.11/24  ports top.p1  mode discovery }') },
    { name: 'an array with one controller', text: 'array a { controller A { port p1 { ip 10.0.0.2/24 } }  portal g { ip 10.0.0.1/24  ports A.p1  mode redirect } }\n' },
  ],
  invalid: [
    {
      name: 'a virtual port on one controller only: the fix adds the partner’s port of the same name',
      text: SC_FAULT_DOMAINS.replace(FD1_TOP, 'portal fd1-top { ip 10.61.0.11/24  ports top.p1  mode float }'),
      errors: [
        {
          at: 'portal fd1-top',
          message: /^every port of float portal sc\.fd1-top is on controller sc\.top: a failover or upgrade of sc\.top leaves 10\.61\.0\.11 on no port and every session to it down; add sc\.bottom\.p1 to its ports$/,
          fix: { id: 'add-partner-ports', output: SC_FAULT_DOMAINS },
        },
      ],
    },
    {
      name: 'a group over the active controller’s ports: both partner ports are added',
      text: EQL_GROUP.replace('ports cm0.eth0, cm0.eth1, cm1.eth0, cm1.eth1', 'ports cm0.eth0, cm0.eth1'),
      errors: [
        {
          at: 'portal group',
          message: /redirect portal eql\.group is on controller eql\.cm0.*add eql\.cm1\.eth0 to its ports$/,
          fix: { id: 'add-partner-ports', output: EQL_GROUP.replace('ports cm0.eth0, cm0.eth1, cm1.eth0, cm1.eth1', 'ports cm0.eth0, cm0.eth1, cm1.eth0') },
        },
      ],
    },
    {
      name: 'no partner port of that name: no fix',
      text: EQL_GROUP.replace('ports cm0.eth0, cm0.eth1, cm1.eth0, cm1.eth1', 'ports cm0.eth0').replace(/port eth0 \{ speed 10G \}/, 'port eth9 { speed 10G }').replace('link eql.cm1.eth0', 'link eql.cm1.eth9'),
      errors: [{ at: 'portal group', message: /give it a port of eql\.cm1 in the same network$/, fix: { id: 'add-partner-ports', output: undefined } }],
    },
  ],
});

run('portal-split-domain', {
  valid: [
    { name: 'each fault domain on one switch', text: SC_FAULT_DOMAINS },
    { name: 'a group over both switches joined by an inter-switch link', text: EQL_GROUP },
    {
      name: 'a partner port on another switch joined at layer 2',
      text: SC_FAULT_DOMAINS.replace('switch sw-b { mtu 9216 }', 'switch sw-b { mtu 9216 }\nswitch sw-c { mtu 9216 }').replace('link sc.bottom.p1 -- sw-a:11', 'link sc.bottom.p1 -- sw-c:11\nlink sw-a:48 -- sw-c:48'),
    },
  ],
  invalid: [
    {
      name: 'a virtual port whose partner port is on a switch of its own',
      text: SC_FAULT_DOMAINS.replace('switch sw-b { mtu 9216 }', 'switch sw-b { mtu 9216 }\nswitch sw-c { mtu 9216 }').replace('link sc.bottom.p1 -- sw-a:11', 'link sc.bottom.p1 -- sw-c:11'),
      errors: [
        {
          at: 'portal fd1-top',
          message: /^float portal sc\.fd1-top is on sc\.top\.p1 \(sw-a\), but sc\.bottom\.p1 \(sw-c\) is in another broadcast domain: a failover moves 10\.61\.0\.11 where the hosts that reach it now cannot; cable that port to sw-a's network or join the switches$/,
        },
        { at: 'portal fd1-bottom', message: /^float portal sc\.fd1-bottom is on sc\.bottom\.p1 \(sw-c\), but sc\.top\.p1 \(sw-a\) is in another broadcast domain/ },
      ],
    },
    {
      name: 'a group whose standby port is in another VLAN',
      text: EQL_GROUP.replace('switch sw-a { mtu 9216 }', 'switch sw-a {\n  mtu 9216\n  port 11 { vlan 30 }\n}').replace('port eth0 { speed 10G }', 'port eth0 { speed 10G  vlan 30 }'),
      errors: [{ at: 'portal group', message: /^redirect portal eql\.group is on eql\.cm0\.eth0 \(sw-a\), but eql\.cm1\.eth0 \(sw-a\) is in another broadcast domain/ }],
    },
  ],
});

run('portal-subnet', {
  valid: [
    { name: 'the group IP in the members’ subnet', text: EQL_GROUP },
    { name: 'virtual ports whose physical ports have no address', text: SC_FAULT_DOMAINS },
  ],
  invalid: [
    {
      name: 'a group IP in another subnet',
      text: EQL_GROUP.replace('portal group { ip 10.50.0.10/24', 'portal group { ip 10.60.0.10/24'),
      errors: [
        {
          at: 'portal group',
          message: /^portal eql\.group is in 10\.60\.0\.0\/24, but the ports behind it are in 10\.50\.0\.0\/24: hosts that log in at 10\.60\.0\.10 are sent to addresses outside its subnet; give the portal an address in the ports' subnet$/,
        },
      ],
    },
  ],
});

run('routed-iscsi', {
  valid: [{ name: 'same subnet', text: doc('routed-iscsi', 'Good example') }],
  invalid: [{ name: 'portals in other subnets', text: doc('routed-iscsi', 'Bad example'), errors: [{ at: 'eth0 -> me5.A.p0' }, { at: 'eth1 -> me5.B.p0' }] }],
});

run('shared-nic', {
  valid: [{ name: 'one NIC per path', text: doc('shared-nic', 'Good example') }],
  invalid: [{ name: 'both paths through eth0', text: doc('shared-nic', 'Bad example'), errors: [{ at: 'nic eth0', message: /leave through/ }] }],
});

run('single-controller', {
  valid: [{ name: 'both controllers cabled', text: doc('single-controller', 'Good example') }],
  invalid: [
    { name: 'controller B not cabled', text: doc('single-controller', 'Bad example'), errors: [{ at: 'host hv01', message: /controller me5\.A, none on me5\.B/ }] },
    { name: 'the serverfault design', text: TEAM, errors: [{ at: 'host hv01', message: /the only path/ }] },
  ],
});

run('single-path', {
  valid: [
    { name: 'four paths', text: doc('single-path', 'Good example') },
    { name: 'one path over a team is the team rule', text: TEAM },
    { name: 'no path at all is no-path', text: doc('single-path', 'Bad example').replace('link me5.A.p0 -- sw-a:11', '') },
  ],
  invalid: [
    { name: 'one NIC, one port', text: doc('single-path', 'Bad example'), errors: [{ at: 'host hv01', message: /single path to me5\.vms/ }] },
  ],
});

run('single-switch', {
  valid: [{ name: 'two switches', text: doc('single-switch', 'Good example') }],
  invalid: [
    { name: 'everything on sw-a', text: doc('single-switch', 'Bad example'), errors: [{ at: 'host hv01', message: /all 4 paths from hv01 to me5\.vms cross switch sw-a: one switch failure cuts hv01 off/ }] },
    {
      name: 'suppressed on the next line',
      text: `# topo-disable-next-line spof\n${doc('single-switch', 'Bad example')}`,
      errors: [{ at: 'host hv01' }],
    },
  ],
});

run('spof', {
  valid: [
    { name: 'dual controllers', text: doc('spof', 'Good example') },
    { name: 'does not repeat single-switch', text: doc('single-switch', 'Bad example') },
    { name: 'does not repeat the serverfault findings', text: TEAM },
  ],
  invalid: [{ name: 'single-controller array', text: doc('spof', 'Bad example'), errors: [{ at: 'controller A', message: /me5\.A/ }] }],
});

run('subnet-layout', {
  valid: [
    { name: 'separate subnets, layout separate', text: doc('subnet-layout', 'Good example') },
    { name: 'one subnet, layout single', text: doc('subnet-layout', 'Bad example'), settings: { subnetLayout: 'single' } },
    { name: 'ESXi port binding is left to esxi-port-binding', text: doc('esxi-port-binding', 'Good example') },
  ],
  invalid: [
    { name: 'one subnet, layout separate', text: doc('subnet-layout', 'Bad example'), errors: [{ at: 'host hv01', message: /share subnet 10\.10\.1\.0\/24/ }] },
    { name: 'two subnets, layout single', text: BASE, settings: { subnetLayout: 'single' }, errors: [{ at: 'host hv01', message: /2 subnets/ }] },
  ],
});

run('uncabled', {
  valid: [
    { name: 'every NIC and port cabled', text: doc('uncabled', 'Good example') },
    { name: 'switch ports are not asked for', text: doc('single-path', 'Good example') },
  ],
  invalid: [
    {
      name: 'one NIC and one array port without a cable',
      text: doc('uncabled', 'Bad example'),
      errors: [
        { at: 'nic eth1', message: /^hv01\.eth1 has no cable: write its link \(`link hv01\.eth1 -- SWITCH:PORT`\)/ },
        { at: 'port p0', occurrence: 2, message: /^me5\.B\.p0 has no cable/ },
      ],
    },
    {
      name: 'an HBA',
      text: `${doc('fc-single-fabric', 'Good example')}\n`.replace(/link [^\n]*\.fc1 [^\n]*\n/, ''),
      errors: [{ at: 'hba fc1', message: /\.fc1 has no cable/ }],
    },
  ],
});

run('unmapped-volume', {
  valid: [
    { name: 'named hosts', text: doc('unmapped-volume', 'Good example') },
    { name: 'no hosts written, every host reaches it', text: doc('single-path', 'Good example').replace('  hosts hv01', '') },
    { name: 'named hosts without a path are no-path', text: doc('no-path', 'Bad example') },
  ],
  invalid: [
    { name: 'no host in the design yet', text: doc('unmapped-volume', 'Bad example'), errors: [{ at: 'volume vms', message: /^me5\.vms is mapped to no host: there is no host in the design yet$/ }] },
    {
      name: 'hosts, none with a path',
      text: doc('no-path', 'Bad example').replace('  hosts hv01, hv02', ''),
      errors: [{ at: 'volume vms', message: /no host has a path to it; name the hosts it is for with `hosts`/ }],
    },
  ],
});

// The bad example routed: sw-a routes and is cabled to sw-b, so eth0 reaches me5.A.p1 if the routing lets it.
const ROUTED = doc('unreachable-portal', 'Bad example').replace('switch sw-a { mtu 9216 }', 'switch sw-a { mtu 9216  routing on }') + 'link sw-a:49 -- sw-b:49\n';

run('unreachable-portal', {
  valid: [
    { name: 'sessions in their subnets', text: doc('unreachable-portal', 'Good example') },
    { name: 'routed, with the routing of neither end written', text: ROUTED },
    { name: "routed by a host route whose gateway is in eth0's subnet", text: ROUTED.replace('card slot2 }\n}', 'card slot2 }\n  route storage { to 10.10.2.0/24  gateway 10.10.1.1 }\n}') },
    { name: 'routed by a gateway on eth0 and one on the portal', text: ROUTED.replace('card slot1 }', 'card slot1  gateway 10.10.1.1 }').replace('port p1 { ip 10.10.2.101/24  speed 25G  mtu 9000 }', 'port p1 { ip 10.10.2.101/24  speed 25G  mtu 9000  gateway 10.10.2.1 }') },
  ],
  invalid: [
    { name: 'session across subnets', text: doc('unreachable-portal', 'Bad example'), errors: [{ at: 'eth0 -> me5.A.p1', message: /cannot reach portal me5\.A\.p1/ }] },
    {
      name: 'routed, but the host routes through eth1 only',
      text: ROUTED.replace('card slot2 }', 'card slot2  gateway 10.10.2.1 }'),
      errors: [{ at: 'eth0 -> me5.A.p1', message: /the host's routes send to the portal's subnet through another interface or nowhere/ }],
    },
    {
      name: "routed, but the host route's gateway is in eth1's subnet",
      text: ROUTED.replace('card slot2 }\n}', 'card slot2 }\n  route storage { to 10.10.0.0/16  gateway 10.10.2.1 }\n}'),
      errors: [{ at: 'eth0 -> me5.A.p1', message: /through another interface or nowhere/ }],
    },
    {
      name: 'routed, but the portal has no gateway while its array writes some',
      text: ROUTED.replace('port p0 { ip 10.10.1.101/24  speed 25G  mtu 9000 }', 'port p0 { ip 10.10.1.101/24  speed 25G  mtu 9000  gateway 10.10.1.1 }'),
      errors: [{ at: 'eth0 -> me5.A.p1', message: /the portal has no gateway/ }],
    },
  ],
});

const VSWITCH_BAD = doc('vswitch-lag-mismatch', 'Bad example');
const VSWITCH_GOOD = doc('vswitch-lag-mismatch', 'Good example');
const VSWITCH_LBT = VSWITCH_BAD.replace('uplinks vmnic0, vmnic1  mtu 9000  teaming ip-hash', 'type distributed  uplinks vmnic0, vmnic1  mtu 9000  teaming physical-nic-load');
const VSWITCH_DVS = VSWITCH_GOOD.replace('uplinks vmnic0, vmnic1  mtu 9000  teaming ip-hash', 'type distributed  uplinks vmnic0, vmnic1  mtu 9000  teaming lacp').replace('mode static', 'mode lacp');

run('vswitch-lag-mismatch', {
  valid: [
    { name: 'IP hash over a static LAG of exactly its uplinks', text: VSWITCH_GOOD },
    { name: 'originating-port teaming and no LAG', text: VSWITCH_BAD.replace('  teaming ip-hash', '') },
    { name: 'LACP on a distributed switch over an LACP LAG', text: VSWITCH_DVS },
    { name: 'one cabled uplink is one link', text: VSWITCH_BAD.replace('link esx01.vmnic1 -- sw-a:2\n', '') },
    { name: 'load-based teaming on a distributed switch and no LAG', text: VSWITCH_LBT },
    { name: "a port group override that repeats the vSwitch's policy", text: VSWITCH_GOOD.replace('vswitch vSwitch1 }', 'vswitch vSwitch1  teaming ip-hash }') },
    { name: 'a port group overriding originating-port with load-based teaming, no LAG', text: VSWITCH_LBT.replace('  teaming physical-nic-load', '').replace('vswitch vSwitch1 }', 'vswitch vSwitch1  teaming physical-nic-load }') },
    {
      name: 'IP hash over LAGs paired across MLAG peers',
      text: VSWITCH_GOOD.replace('lag po1 { ports 1, 2  mode static }', 'mlag sw-b\n  lag po1 { ports 1  mode static  peer sw-b:po1 }').replace('link esx01.vmnic1 -- sw-a:2', 'link esx01.vmnic1 -- sw-b:2\nlink sw-a:49 -- sw-b:49') + 'switch sw-b {\n  mtu 9216\n  lag po1 { ports 2  mode static }\n}\n',
    },
  ],
  invalid: [
    {
      name: 'IP hash without a LAG: back to originating-port',
      text: VSWITCH_BAD,
      errors: [{ at: 'teaming ip-hash', message: /sw-a:1 and sw-a:2 are in no LAG/, fix: { id: 'align-vswitch-teaming', output: VSWITCH_BAD.replace('teaming ip-hash', 'teaming originating-port') } }],
    },
    {
      name: 'originating-port over a static LAG: IP hash',
      text: VSWITCH_GOOD.replace('teaming ip-hash', 'teaming originating-port'),
      errors: [{ at: 'teaming originating-port', message: /uses originating-port teaming, but its uplinks land on sw-a:po1/, fix: { id: 'align-vswitch-teaming', output: VSWITCH_GOOD } }],
    },
    {
      name: 'a vSwitch with no teaming written over a static LAG: IP hash added',
      text: VSWITCH_GOOD.replace('  teaming ip-hash', ''),
      errors: [{ at: 'vswitch vSwitch1', message: /originating-port/, fix: { id: 'align-vswitch-teaming', output: VSWITCH_GOOD } }],
    },
    {
      name: 'IP hash on a standard vSwitch over an LACP LAG: the switch must change',
      text: VSWITCH_GOOD.replace('mode static', 'mode lacp'),
      errors: [{ at: 'teaming ip-hash', message: /sw-a:po1 on the switch is lacp: a standard vSwitch speaks no LACP/, fix: { id: 'align-vswitch-teaming', output: undefined } }],
    },
    {
      name: 'a distributed switch with IP hash over an LACP LAG: LACP teaming',
      text: VSWITCH_DVS.replace('teaming lacp', 'teaming ip-hash'),
      errors: [{ at: 'teaming ip-hash', message: /is lacp/, fix: { id: 'align-vswitch-teaming', output: VSWITCH_DVS } }],
    },
    {
      name: 'LACP on a distributed switch over a static LAG',
      text: VSWITCH_DVS.replace('mode lacp', 'mode static'),
      errors: [{ at: 'teaming lacp', message: /is static: the distributed switch runs LACP/ }],
    },
    {
      name: 'IP hash over LAGs on independent switches',
      text: VSWITCH_GOOD.replace('lag po1 { ports 1, 2  mode static }', 'lag po1 { ports 1  mode static }').replace('link esx01.vmnic1 -- sw-a:2', 'link esx01.vmnic1 -- sw-b:2\nlink sw-a:49 -- sw-b:49') + 'switch sw-b {\n  mtu 9216\n  lag po1 { ports 2  mode static }\n}\n',
      errors: [{ at: 'teaming ip-hash', message: /sw-a:po1 and sw-b:po1, which are not one channel/ }],
    },
    {
      name: 'a channel with a port that is no uplink',
      text: VSWITCH_GOOD.replace('ports 1, 2  mode static', 'ports 1, 2, 3  mode static'),
      errors: [{ at: 'teaming ip-hash', message: /also holds sw-a:3/ }],
    },
    {
      name: "a port group that overrides IP hash over the static LAG with originating-port: back to IP hash",
      text: VSWITCH_GOOD.replace('vswitch vSwitch1 }', 'vswitch vSwitch1  teaming originating-port }'),
      errors: [
        {
          at: 'teaming originating-port',
          message: /esx01\.vmk1's port group on esx01\.vSwitch1 uses originating-port teaming, but its uplinks land on sw-a:po1/,
          fix: { id: 'align-vswitch-teaming', output: VSWITCH_GOOD.replace('vswitch vSwitch1 }', 'vswitch vSwitch1  teaming ip-hash }') },
        },
      ],
    },
    {
      name: 'a port group that overrides originating-port with IP hash, no LAG: back to originating-port',
      text: VSWITCH_BAD.replace('  teaming ip-hash', '').replace('vswitch vSwitch1 }', 'vswitch vSwitch1  teaming ip-hash }'),
      errors: [
        {
          at: 'teaming ip-hash',
          message: /esx01\.vmk1's port group on esx01\.vSwitch1 uses IP-hash teaming, but switch ports sw-a:1 and sw-a:2 are in no LAG/,
          fix: { id: 'align-vswitch-teaming', output: VSWITCH_BAD.replace('  teaming ip-hash', '').replace('vswitch vSwitch1 }', 'vswitch vSwitch1  teaming originating-port }') },
        },
      ],
    },
    {
      name: 'load-based teaming over an LACP LAG: LACP on the distributed switch',
      text: VSWITCH_DVS.replace('teaming lacp', 'teaming physical-nic-load'),
      errors: [{ at: 'teaming physical-nic-load', message: /uses physical-nic-load teaming, but its uplinks land on sw-a:po1: sw-a:po1 is LACP/, fix: { id: 'align-vswitch-teaming', output: VSWITCH_DVS } }],
    },
    {
      name: 'load-based teaming over a static LAG',
      text: VSWITCH_GOOD.replace('uplinks vmnic0, vmnic1  mtu 9000  teaming ip-hash', 'type distributed  uplinks vmnic0, vmnic1  mtu 9000  teaming physical-nic-load'),
      errors: [{ at: 'teaming physical-nic-load', message: /the switch spreads return traffic over the channel/ }],
    },
    {
      name: 'IP hash with a standby uplink',
      text: VSWITCH_GOOD.replace('teaming ip-hash }', 'teaming ip-hash  standby vmnic1 }'),
      errors: [{ at: 'teaming ip-hash', message: /standby uplink esx01\.vmnic1/ }],
    },
  ],
});

describe('runRules', () => {
  it('covers every registered rule in this file', () => {
    const source = readFileSync(import.meta.filename, 'utf8');
    for (const rule of RULES) assert.ok(source.includes(`run('${rule.meta.id}'`), rule.meta.id);
  });

  it('applies severity overrides and skips rules set to off', () => {
    const text = doc('single-switch', 'Bad example');
    const raised = lint(text, { rules: { 'single-switch': 'error' } }).problems.filter((p) => p.code === 'single-switch');
    assert.deepEqual(raised.map((p) => p.severity), ['error']);
    assert.deepEqual(lint(text, { rules: { 'single-switch': 'off' } }).problems.filter((p) => p.code === 'single-switch'), []);
  });

  it('suppresses by comment and reports unused and unknown suppressions', () => {
    const text = `# topo-disable-next-line single-switch, single-path, bogus\n${doc('single-switch', 'Bad example')}`;
    const problems = lint(text).problems;
    assert.equal(problems.filter((p) => p.code === 'single-switch').length, 0);
    const unused = problems.find((p) => p.code === 'unused-suppression');
    assert.equal(text.slice(unused?.span.start, unused?.span.end), 'single-path');
    const unknown = problems.find((p) => p.code === 'unknown-rule');
    assert.equal(text.slice(unknown?.span.start, unknown?.span.end), 'bogus');
  });

  it('finds what a reviewer says about the serverfault design, and nothing about the clean one', () => {
    const codes = new Set(lint(example('serverfault-lacp-team.topo')).problems.map((p) => p.code));
    for (const id of ['iscsi-over-team', 'single-switch', 'single-controller']) assert.ok(codes.has(id), id);
    assert.deepEqual(lint(example('dual-fabric-mpio.topo')).problems, []);
  });
});

describe('a stray comma after an address', () => {
  it('is one located syntax error, and the MTU after it still counts (no false mtu-mismatch)', () => {
    const text = doc('mtu-mismatch', 'Good example').replace('nic eth0 { ip 10.10.1.11/24  speed', 'nic eth0 { ip 10.10.1.11/24,  speed');
    const result = lint(text);
    assert.deepEqual(result.inputErrors, [`TOPO207 stray ',' after '10.10.1.11/24': 'speed 25G' is the next property, so the ',' is ignored`]);
    assert.deepEqual(result.problems.filter((p) => p.code === 'mtu-mismatch').map((p) => p.message), []);
  });
});
