// A deterministic topology generator for benchmarks and robustness tests: N hosts with two NICs
// each, M switch pairs (two independent networks per pair), K dual-controller ALUA arrays, volumes
// mapped to groups of hosts, and a controllable share of bad designs (an LACP team carrying iSCSI,
// cabled to one switch of the pair only). `generateDesignFiles` writes the same design over several
// files, as a site keeps it: the switches and arrays in one, the hosts in the others.
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

/** The design of `generateTopology` written over several files (a design folder: docs/language.md). */
export interface GeneratedDesignFiles extends Omit<GeneratedTopology, 'text'> {
  /** Sorted by name, as a design folder is read: `fabric.topo` first, then the host files in order. */
  files: Array<{ name: string; text: string }>;
}

/** The file of the shared topology: switches, arrays with their volumes, and the arrays' cables. */
export const FABRIC_FILE = 'fabric.topo';

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
  const { sections, ...counts } = generateSections(options);
  const lines = [...sections.header, ...sections.hosts.flatMap((host) => host.block), ...sections.switches, ...sections.arrays];
  lines.push(...sections.hosts.flatMap((host) => host.links), ...sections.arrayLinks, '');
  return { text: lines.join('\n'), ...counts };
}

/**
 * `generateTopology`'s design, the same statements, over `files` files (at least 2): `fabric.topo`
 * and `files - 1` host files (`hosts-01.topo`…), each holding a run of hosts with their cables.
 */
export function generateDesignFiles(options: TopologyOptions & { files: number }): GeneratedDesignFiles {
  const { sections, ...counts } = generateSections(options);
  const hostFiles = Math.max(1, Math.min(sections.hosts.length, Math.floor(options.files) - 1));
  const perFile = Math.ceil(sections.hosts.length / hostFiles);
  const width = String(hostFiles).length;
  const files = [{ name: FABRIC_FILE, text: [...sections.header, ...sections.switches, ...sections.arrays, ...sections.arrayLinks, ''].join('\n') }];
  for (let file = 0; file * perFile < sections.hosts.length; file++) {
    const hosts = sections.hosts.slice(file * perFile, (file + 1) * perFile);
    const text = [...hosts.flatMap((host) => host.block), ...hosts.flatMap((host) => host.links), ''].join('\n');
    files.push({ name: `hosts-${String(file + 1).padStart(width, '0')}.topo`, text });
  }
  return { files, ...counts };
}

interface Sections {
  header: string[];
  /** Each host's block (with the blank line after it) and its cables. */
  hosts: Array<{ block: string[]; links: string[] }>;
  switches: string[];
  arrays: string[];
  arrayLinks: string[];
}

function generateSections(options: TopologyOptions): Omit<GeneratedTopology, 'text'> & { sections: Sections } {
  const hosts = Math.max(1, Math.floor(options.hosts));
  const switchPairs = Math.max(1, options.switchPairs ?? Math.ceil(hosts / 50));
  const arrays = Math.max(1, Math.min(switchPairs, options.arrays ?? Math.ceil(switchPairs / 2)));
  const groupSize = Math.max(1, options.groupSize ?? 10);
  const badShare = Math.min(1, Math.max(0, options.badShare ?? 0.1));
  const random = seededRandom(options.seed ?? 1);

  const sections: Sections = {
    header: [`# Generated topology: ${hosts} hosts, ${switchPairs} switch pairs, ${arrays} arrays.`, ''],
    hosts: [],
    switches: [],
    arrays: [],
    arrayLinks: [],
  };
  const hostsByPair: string[][] = Array.from({ length: switchPairs }, () => []);
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
      sections.hosts.push({
        block: [
          `host ${name} {`,
          '  os windows-server-2019',
          '  multipath none',
          '  nic eth0 { speed 10G }',
          '  nic eth1 { speed 10G }',
          `  team team0 { members eth0, eth1  mode lacp  ip ${hostAddress(netA, local)} }`,
          '}',
          '',
        ],
        links: [`link ${name}.eth0 -- sw${pair}a:${port}`, `link ${name}.eth1 -- sw${pair}a:${port + 4000}`],
      });
    } else {
      sections.hosts.push({
        block: [
          `host ${name} {`,
          '  os windows-server-2022',
          '  multipath mpio',
          '  policy round-robin-subset',
          `  nic eth0 { ip ${hostAddress(netA, local)}  speed 25G  mtu 9000  card slot1 }`,
          `  nic eth1 { ip ${hostAddress(netB, local)}  speed 25G  mtu 9000  card slot2 }`,
          '}',
          '',
        ],
        links: [`link ${name}.eth0 -- sw${pair}a:${port}`, `link ${name}.eth1 -- sw${pair}b:${port}`],
      });
    }
  }

  const switchNames: string[] = [];
  for (let pair = 0; pair < switchPairs; pair++) {
    for (const side of ['a', 'b']) {
      switchNames.push(`sw${pair}${side}`);
      sections.switches.push(`switch sw${pair}${side} {`, '  model "Dell PowerSwitch S5248F-ON"', '  mtu 9216', '}', '');
    }
  }

  let volumes = 0;
  const out = sections.arrays;
  for (let array = 0; array < arrays; array++) {
    const pairs = Array.from({ length: switchPairs }, (_, j) => j).filter((j) => j % arrays === array);
    out.push(`array a${array} {`, '  model "Dell PowerVault ME5024"', '  capabilities alua');
    ['A', 'B'].forEach((controller, c) => {
      out.push(`  controller ${controller} {`);
      for (const pair of pairs) {
        for (const [side, network] of [['a', 2 * pair], ['b', 2 * pair + 1]] as const) {
          out.push(`    port p${pair}${side} { ip ${portalAddress(network, array, c)}  speed 25G  mtu 9000 }`);
          sections.arrayLinks.push(`link a${array}.${controller}.p${pair}${side} -- sw${pair}${side}:${5000 + array * 2 + c}`);
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

  return { sections, hosts, switchPairs, arrays, volumes, badHosts, switchNames };
}
