// Fibre Channel switches: which WWPN is logged in to the fabric on which port — the cable of an FC
// port, as LLDP is an Ethernet one's. Brocade Fabric OS `switchshow` (its header names the switch
// and, where set, the fabric; each F-Port row ends with the WWPN logged in on it) and `nsshow`
// (the local name server: every login, NPIV ones included, with its port index), and Cisco MDS
// `show flogi database` (one row per fabric login). Layouts from the Fabric OS Command Reference
// and the Cisco MDS 9000 command reference.
import type { Fact, OutputFormat, Parsed } from '../facts';
import { linesOf, switchPrompt, wwpnOf } from '../text';

const SWITCHSHOW_HEADER = /^\s*Index\s+(Slot\s+)?Port\s+Address\s+Media\s+Speed\s+State\s+Proto\s*$/m;
const WWPN = /\b([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){7})\b/;

export const brocadeSwitchshow: OutputFormat = {
  id: 'switch-brocade-switchshow',
  command: 'switchshow',
  recognise: (text) => SWITCHSHOW_HEADER.test(text) && /^switchName:/m.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    let machine: Extract<Fact, { kind: 'machine' }> | undefined;
    let slotted: boolean | undefined;
    for (const { number, text: line } of linesOf(text)) {
      const header = /^(switchName|Fabric Name):\s*(.*?)\s*$/.exec(line);
      if (header && slotted === undefined) {
        const value = header[2];
        if (!/^[A-Za-z][\w.-]{0,62}$/.test(value)) {
          errors.push({ line: number, message: `'${value.slice(0, 40)}' is not a switch or fabric name; not used` });
          continue;
        }
        if (header[1] === 'switchName') {
          machine = { kind: 'machine', line: number, role: 'switch', name: value };
          facts.push(machine);
        } else if (machine) machine.fabric = value;
        continue;
      }
      const columns = SWITCHSHOW_HEADER.exec(line);
      if (columns) {
        slotted = columns[1] !== undefined;
        continue;
      }
      if (slotted === undefined || line.trim() === '' || /^[=\s]+$/.test(line)) continue;
      // Index [Slot] Port Address Media Speed State Proto [port type and what is logged in]
      const cells = line.trim().split(/\s+/);
      const width = slotted ? 8 : 7;
      if (cells.length < width || !/^\d+$/.test(cells[0]) || !/^[0-9a-fA-F]{6}$/.test(cells[width - 5])) {
        errors.push({ line: number, message: 'not a port row (Index, Port, Address, Media, Speed, State, Proto); skipped' });
        continue;
      }
      const port = slotted ? `${cells[1]}/${cells[2]}` : cells[1];
      // Speed in Gb/s: `N32` negotiated, `32G` fixed, `AN` still negotiating.
      const gbps = /^N?(\d+)G?$/.exec(cells[width - 3]);
      const speed = gbps ? Number(gbps[1]) * 1000 : undefined;
      const up = cells[width - 2] === 'Online';
      facts.push({ kind: 'switch-port', line: number, port, portIndex: Number(cells[0]), up, ...(speed ? { speedMbps: speed } : {}) });
      const rest = cells.slice(width).join(' ');
      if (!/^F-Port\b/.test(rest)) continue;
      const login = WWPN.exec(rest);
      const wwpn = login ? wwpnOf(login[1]) : undefined;
      // An NPIV port (`1 N Port + 4 NPIV public`) lists no WWPN here; nsshow lists its logins.
      if (wwpn) facts.push({ kind: 'fc-login', line: number, port, wwpn, ...(speed ? { speedMbps: speed } : {}) });
      else if (!/NPIV/.test(rest)) errors.push({ line: number, message: `port ${port} is an F-Port without a WWPN after it; skipped` });
    }
    if (slotted === undefined) errors.push({ line: 1, message: 'no port table (Index Port Address Media Speed State Proto)' });
    return { facts, errors };
  },
};

const NSSHOW_HEADER = /^\s*Type\s+Pid\s+COS\s+PortName\s+NodeName/m;
/** ` N    010100;      2,3;21:00:00:24:ff:7c:11:20;20:00:00:24:ff:7c:11:20; na` */
const NSSHOW_ENTRY = /^\s*(N|NL|U)\s+([0-9a-fA-F]{6});\s*[\d,]*;\s*([^;]*);\s*([^;]*);/;

export const brocadeNsshow: OutputFormat = {
  id: 'switch-brocade-nsshow',
  command: 'nsshow',
  recognise: (text) => NSSHOW_HEADER.test(text),
  parse(text) {
    const prompt = /^([A-Za-z][\w.-]{0,62}):\w+>\s*nsshow\b/m.exec(text);
    const facts: Fact[] = [{ kind: 'machine', line: prompt ? linesOf(text.slice(0, prompt.index)).length : 1, role: 'switch', ...(prompt ? { name: prompt[1] } : {}) }];
    const errors: Parsed['errors'] = [];
    let entry: { line: number; wwpn?: string } | undefined;
    const finish = () => {
      if (entry?.wwpn) errors.push({ line: entry.line, message: `WWPN ${entry.wwpn} has no Port Index line; not placed` });
      entry = undefined;
    };
    for (const { number, text: line } of linesOf(text)) {
      const start = NSSHOW_ENTRY.exec(line);
      if (start) {
        finish();
        const wwpn = wwpnOf(start[3]);
        if (wwpn) entry = { line: number, wwpn };
        else errors.push({ line: number, message: `'${start[3].slice(0, 40)}' is not a WWPN; entry skipped` });
        continue;
      }
      const index = /^\s+Port Index:\s*(\d{1,5})\s*$/.exec(line);
      if (index && entry?.wwpn) {
        facts.push({ kind: 'fc-login', line: entry.line, port: index[1], portIndex: Number(index[1]), wwpn: entry.wwpn });
        entry = undefined;
      }
    }
    finish();
    return { facts, errors };
  },
};

const FLOGI_HEADER = /^\s*INTERFACE\s+VSAN\s+FCID\s+PORT NAME\s+NODE NAME/m;

export const mdsFlogiDatabase: OutputFormat = {
  id: 'switch-mds-show-flogi-database',
  command: 'show flogi database',
  recognise: (text) => FLOGI_HEADER.test(text),
  parse(text) {
    const prompt = switchPrompt(text);
    const facts: Fact[] = [{ kind: 'machine', line: prompt?.line ?? 1, role: 'switch', ...(prompt ? { name: prompt.name } : {}) }];
    const errors: Parsed['errors'] = [];
    let inTable = false;
    for (const { number, text: line } of linesOf(text)) {
      if (FLOGI_HEADER.test(line)) {
        inTable = true;
        continue;
      }
      if (!inTable || line.trim() === '' || /^-+\s*$/.test(line) || /^\s+\[.*\]\s*$/.test(line)) continue;
      if (/^Total number of flogi/i.test(line)) break;
      const row = /^(\S+)\s+(\d+)\s+(0x[0-9a-fA-F]{6})\s+(\S+)\s+(\S+)/.exec(line);
      const wwpn = row ? wwpnOf(row[4]) : undefined;
      if (!row || !wwpn) {
        errors.push({ line: number, message: 'not a fabric login row (INTERFACE, VSAN, FCID, PORT NAME, NODE NAME); skipped' });
        continue;
      }
      facts.push({ kind: 'fc-login', line: number, port: row[1], wwpn });
    }
    return { facts, errors };
  },
};
