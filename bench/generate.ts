// A deterministic topology generator for benchmarks and robustness tests: N hosts with two NICs
// each, M switch pairs (two independent networks per pair), K dual-controller ALUA arrays, volumes
// mapped to groups of hosts, and a controllable share of bad designs (an LACP team carrying iSCSI,
// cabled to one switch of the pair only).
//
// Addressing: switch pair j carries network A 10.(2j).0.0/16 and network B 10.(2j+1).0.0/16, so
// every size up to 65,000 hosts per pair gets unique addresses. Array k serves the pairs j with
// j % K === k: each of its controllers has one port on each network of those pairs.

export interface TopologyOptions {
  hosts: number;
  /** Switch pairs; default one per 50 hosts. */
  switchPairs?: number;
  /** Dual-controller arrays; default one per two switch pairs. */
  arrays?: number;
  /** Hosts per volume mapping group; default 10. */
  groupSize?: number;
  /** Share of hosts built as a bad design (team over iSCSI on one switch), 0..1; default 0.1. */
  badShare?: number;
  seed?: number;
}

export interface GeneratedTopology {
  text: string;
  hosts: number;
  switchPairs: number;
  arrays: number;
  volumes: number;
  badHosts: number;
  /** Ids of the switches, as the model names them (`switch:<name>` is not assumed: plain names). */
  switchNames: string[];
}

/** Mulberry32: a small seeded PRNG, so a seed always yields the same topology. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hostName = (h: number) => `h${String(h).padStart(5, '0')}`;
const hostAddress = (network: number, local: number) => `10.${network}.${Math.floor(local / 250)}.${(local % 250) + 1}/16`;
const portalAddress = (network: number, array: number, controller: number) => `10.${network}.255.${array * 2 + controller + 1}/16`;

export function generateTopology(options: TopologyOptions): GeneratedTopology {
  const hosts = Math.max(1, Math.floor(options.hosts));
  const switchPairs = Math.max(1, options.switchPairs ?? Math.ceil(hosts / 50));
  const arrays = Math.max(1, Math.min(switchPairs, options.arrays ?? Math.ceil(switchPairs / 2)));
  const groupSize = Math.max(1, options.groupSize ?? 10);
  const badShare = Math.min(1, Math.max(0, options.badShare ?? 0.1));
  const random = seededRandom(options.seed ?? 1);

  const out: string[] = [`# Generated topology: ${hosts} hosts, ${switchPairs} switch pairs, ${arrays} arrays.`, ''];
  const hostsByPair: string[][] = Array.from({ length: switchPairs }, () => []);
  const links: string[] = [];
  let badHosts = 0;

  for (let h = 0; h < hosts; h++) {
    const pair = h % switchPairs;
    const local = hostsByPair[pair]!.length;
    const name = hostName(h);
    hostsByPair[pair]!.push(name);
    const netA = 2 * pair;
    const netB = 2 * pair + 1;
    const port = local + 1;
    if (random() < badShare) {
      badHosts++;
      out.push(
        `host ${name} {`,
        '  os windows-server-2019',
        '  multipath none',
        '  nic eth0 { speed 10G }',
        '  nic eth1 { speed 10G }',
        `  team team0 { members eth0, eth1  mode lacp  ip ${hostAddress(netA, local)} }`,
        '}',
        '',
      );
      links.push(`link ${name}.eth0 -- sw${pair}a:${port}`, `link ${name}.eth1 -- sw${pair}a:${port + 4000}`);
    } else {
      out.push(
        `host ${name} {`,
        '  os windows-server-2022',
        '  multipath mpio',
        '  policy round-robin-subset',
        `  nic eth0 { ip ${hostAddress(netA, local)}  speed 25G  mtu 9000  card slot1 }`,
        `  nic eth1 { ip ${hostAddress(netB, local)}  speed 25G  mtu 9000  card slot2 }`,
        '}',
        '',
      );
      links.push(`link ${name}.eth0 -- sw${pair}a:${port}`, `link ${name}.eth1 -- sw${pair}b:${port}`);
    }
  }

  const switchNames: string[] = [];
  for (let pair = 0; pair < switchPairs; pair++) {
    for (const side of ['a', 'b']) {
      switchNames.push(`sw${pair}${side}`);
      out.push(`switch sw${pair}${side} {`, '  model "Dell PowerSwitch S5248F-ON"', '  mtu 9216', '}', '');
    }
  }

  let volumes = 0;
  for (let array = 0; array < arrays; array++) {
    const pairs = Array.from({ length: switchPairs }, (_, j) => j).filter((j) => j % arrays === array);
    out.push(`array a${array} {`, '  model "Dell PowerVault ME5024"', '  capabilities alua');
    ['A', 'B'].forEach((controller, c) => {
      out.push(`  controller ${controller} {`);
      for (const pair of pairs) {
        for (const [side, network] of [['a', 2 * pair], ['b', 2 * pair + 1]] as const) {
          out.push(`    port p${pair}${side} { ip ${portalAddress(network, array, c)}  speed 25G  mtu 9000 }`);
          links.push(`link a${array}.${controller}.p${pair}${side} -- sw${pair}${side}:${5000 + array * 2 + c}`);
        }
      }
      out.push('  }');
    });
    for (const pair of pairs) {
      const members = hostsByPair[pair]!;
      for (let start = 0, group = 0; start < members.length; start += groupSize, group++) {
        const mapped = members.slice(start, start + groupSize).join(', ');
        const owner = group % 2 === 0 ? 'A' : 'B';
        out.push(`  volume v${pair}g${group} { size ${1 + Math.floor(random() * 16)}T  owner ${owner}  hosts ${mapped} }`);
        volumes++;
      }
    }
    out.push('}', '');
  }

  for (const link of links) out.push(link);
  out.push('');
  return { text: out.join('\n'), hosts, switchPairs, arrays, volumes, badHosts, switchNames };
}
