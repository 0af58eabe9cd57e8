// Switch CLIs: `show lldp neighbors` (Cisco IOS, NX-OS, Arista EOS), `show port-channel summary`
// (NX-OS, EOS), `show etherchannel summary` (IOS) and `show interfaces status`. Layouts from the
// vendors' command references. A prompt line (`sw-a# show …`) names the switch; without one the
// import names it after the folder its outputs are in.
import type { Fact, LagFact, OutputFormat, Parsed } from '../facts';
import { linesOf, readTable, speedMbps, switchPrompt, wholeNumber } from '../text';

function withPrompt(text: string, facts: Fact[]): Fact[] {
  const prompt = switchPrompt(text);
  return [{ kind: 'machine', line: prompt?.line ?? 1, role: 'switch', ...(prompt ? { name: prompt.name } : {}) }, ...facts];
}

const IOS_HEADER = /^Device ID\s+Local Intf\s+Hold-time\s+Capability\s+Port ID/m;
const EOS_HEADER = /^Port\s+Neighbor Device ID\s+Neighbor Port ID\s+TTL/m;

export const showLldpNeighbors: OutputFormat = {
  id: 'switch-show-lldp-neighbors',
  command: 'show lldp neighbors',
  recognise: (text) => IOS_HEADER.test(text) || EOS_HEADER.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    const isEnd = (line: string) => /^Total entries displayed/.test(line);
    if (EOS_HEADER.test(text)) {
      for (const row of readTable(text, ['Port', 'Neighbor Device ID', 'Neighbor Port ID', 'TTL'], isEnd)) {
        const [localPort, systemName, portId] = ['Port', 'Neighbor Device ID', 'Neighbor Port ID'].map((name) => row.cells.get(name) ?? '');
        if (!localPort || !systemName || !portId) errors.push({ line: row.line, message: 'a neighbour row without port, device or port id; skipped' });
        else facts.push({ kind: 'neighbor', line: row.line, localPort, systemName, portId });
      }
      return { facts: withPrompt(text, facts), errors };
    }
    // NX-OS prints a Device ID too long for its column on a line of its own, the rest below it.
    let wrapped: { name: string; line: number } | undefined;
    for (const row of readTable(text, ['Device ID', 'Local Intf', 'Hold-time', 'Capability', 'Port ID'], isEnd)) {
      const tokens = row.text.trim().split(/\s+/);
      if (tokens.length === 1 && !/^\s/.test(row.text)) {
        wrapped = { name: tokens[0], line: row.line };
        continue;
      }
      const systemName = wrapped && /^\s/.test(row.text) ? wrapped.name : tokens.shift()!;
      wrapped = undefined;
      const [localPort, holdTime] = tokens;
      const portId = row.cells.get('Port ID') || tokens[tokens.length - 1];
      if (!localPort || wholeNumber(holdTime) === undefined || !portId) {
        errors.push({ line: row.line, message: 'not a neighbour row (Device ID, Local Intf, Hold-time, Capability, Port ID); skipped' });
        continue;
      }
      facts.push({ kind: 'neighbor', line: row.line, localPort, systemName, portId });
    }
    return { facts: withPrompt(text, facts), errors };
  },
};

const CHANNEL = /\b(Po(?:rt-channel)?\d+)\(([A-Za-z]+)\)/;
const MEMBER = /(?<![\w/.-])([\w][\w/.-]*)\(([A-Za-z+*]+)\)/g;

/** `show port-channel summary` (NX-OS, EOS) and `show etherchannel summary` (IOS): one reader. */
function channelSummary(id: string, command: string, header: RegExp): OutputFormat {
  return {
    id,
    command,
    recognise: (text) => header.test(text) && CHANNEL.test(text),
    parse(text) {
      const lags: LagFact[] = [];
      const errors: Parsed['errors'] = [];
      let current: LagFact | undefined;
      let inTable = false;
      for (const { number, text: line } of linesOf(text)) {
        if (/^-{10,}/.test(line) || /^-+\+-+/.test(line)) {
          inTable = true;
          continue;
        }
        if (!inTable || line.trim() === '') continue;
        const channel = CHANNEL.exec(line);
        const rest = channel ? line.slice(channel.index + channel[0].length) : line;
        if (channel) {
          const protocol = /\b(LACP|PAgP|NONE)\b/i.exec(rest)?.[1]?.toUpperCase();
          current = { kind: 'lag', line: number, name: channel[1].replace(/^Port-channel/i, 'Po'), mode: protocol === 'LACP' ? 'lacp' : 'static', up: /U/.test(channel[2]) && !/D/.test(channel[2]), members: [] };
          lags.push(current);
        } else if (!/^\s/.test(line)) {
          current = undefined;
          continue;
        }
        if (!current) continue;
        for (const member of rest.matchAll(MEMBER)) {
          if (/^(LACP|PAgP)$/i.test(member[1])) continue;
          const flags = member[2];
          current.members.push({ port: member[1], up: (/P/.test(flags) || /\+/.test(flags)) && !/[DsI]/.test(flags) });
        }
      }
      if (lags.length === 0) errors.push({ line: 1, message: 'no port channel rows' });
      return { facts: withPrompt(text, lags), errors };
    },
  };
}

export const showPortChannelSummary = channelSummary('switch-show-port-channel-summary', 'show port-channel summary', /Port-?\s*\n?.*Channel|Port-Channel\s+Protocol/i);
export const showEtherchannelSummary = channelSummary('switch-show-etherchannel-summary', 'show etherchannel summary', /^Group\s+Port-channel\s+Protocol\s+Ports/m);

export const showInterfacesStatus: OutputFormat = {
  id: 'switch-show-interfaces-status',
  command: 'show interfaces status',
  recognise: (text) => /^Port\s+Name\s+Status\s+Vlan\s+Duplex\s+Speed\s+Type/m.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    for (const row of readTable(text, ['Port', 'Name', 'Status', 'Vlan', 'Duplex', 'Speed', 'Type'])) {
      const port = row.cells.get('Port') ?? '';
      // Columns after Name shift when a description overflows it: read them as words from Status on.
      const statusStart = row.text.search(/\s(connected|notconnect|disabled|err-disabled|errdisabled|sfpAbsent|xcvrAbsent|noOperMem|down|up|inactive|monitoring|suspended|notconnec)\b/);
      if (!port || statusStart < 0) {
        errors.push({ line: row.line, message: 'not an interface row (Port, Name, Status, Vlan, Duplex, Speed, Type); skipped' });
        continue;
      }
      const [status, vlan, , speed] = row.text.slice(statusStart).trim().split(/\s+/);
      facts.push({
        kind: 'switch-port',
        line: row.line,
        port: port.split(/\s+/)[0],
        up: status === 'connected' || status === 'up',
        ...(speedMbps(speed) ? { speedMbps: speedMbps(speed) } : {}),
        ...(wholeNumber(vlan) ? { vlan: wholeNumber(vlan) } : {}),
      });
    }
    return { facts: withPrompt(text, facts), errors };
  },
};

/** `show interface` (NX-OS, IOS, EOS): each interface's state, MTU and bandwidth. */
export const showInterface: OutputFormat = {
  id: 'switch-show-interface',
  command: 'show interface',
  recognise: (text) => /^\S+ is (up|down|administratively down)\b/m.test(text) && /\bMTU \d+ bytes/.test(text),
  parse(text) {
    const facts: Fact[] = [];
    let current: Extract<Fact, { kind: 'switch-port' }> | undefined;
    for (const { number, text: line } of linesOf(text)) {
      const head = /^(\S+) is (up|down|administratively down)\b/.exec(line);
      if (head) {
        current = { kind: 'switch-port', line: number, port: head[1], up: head[2] === 'up' };
        facts.push(current);
        continue;
      }
      if (!current) continue;
      const mtu = /\bMTU (\d{3,5}) bytes/.exec(line);
      if (mtu) current.mtu = Number(mtu[1]);
      const bandwidth = /\bBW (\d+) [Kk]bit/.exec(line);
      if (bandwidth && Number(bandwidth[1]) > 0) current.speedMbps = Number(bandwidth[1]) / 1000;
    }
    return { facts: withPrompt(text, facts), errors: facts.length === 0 ? [{ line: 1, message: 'no interface sections' }] : [] };
  },
};
