// open-iscsi's `iscsiadm`: the session tree (`-m session -P 3`), the session list (`-m session`)
// and the node records (`-m node`). Layouts from iscsiadm(8) and open-iscsi's iscsiadm.c printers.
import type { Fact, OutputFormat, Parsed, SessionFact } from '../facts';
import { isIscsiName, linesOf, portalAddress } from '../text';

const TARGET_LINE = /^\s*Target:\s+(\S+)/;
const LIST_LINE = /^(\w+):\s+\[(\d+)\]\s+(\S+)\s+(\S+)/;
const NODE_LINE = /^(\[[0-9A-Fa-f:.]+\]|[\d.]+):\d+,-?\d+\s+(\S+)\s*$/;

/** `iscsiadm -m session -P 3`: targets, their portals, the iface each logs in from, and its disks. */
export const iscsiadmSessionTree: OutputFormat = {
  id: 'linux-iscsiadm-session-p3',
  command: 'iscsiadm -m session -P 3',
  recognise: (text) => /^\s*Target:\s+\S+/m.test(text) && /^\s*(Current|Persistent) Portal:/m.test(text),
  parse(text) {
    const result: Parsed = { facts: [], errors: [] };
    let target: string | undefined;
    let session: SessionFact | undefined;
    let lastLun: number | undefined;
    const finish = () => {
      if (session) result.facts.push(session);
      session = undefined;
    };
    for (const { number, text: line } of linesOf(text)) {
      const targetMatch = TARGET_LINE.exec(line);
      if (targetMatch) {
        finish();
        target = isIscsiName(targetMatch[1]) ? targetMatch[1] : undefined;
        if (!target) result.errors.push({ line: number, message: `'${targetMatch[1]}' is not an iSCSI name; its sessions are skipped` });
        continue;
      }
      const portal = /^\s*Current Portal:\s+(\S+)/.exec(line);
      if (portal) {
        finish();
        const address = portalAddress(portal[1]);
        if (!target) result.errors.push({ line: number, message: 'a portal without a valid Target line before it; skipped' });
        else if (!address) result.errors.push({ line: number, message: `'${portal[1]}' is not a portal address (address:port,tag); this session is skipped` });
        else session = { kind: 'session', line: number, target, portal: address, state: 'logged-in', devices: [] };
        continue;
      }
      const [key, value] = keyValue(line);
      if (key === undefined) {
        const disk = /Attached scsi disk (\w+)/.exec(line);
        if (disk && session) session.devices.push({ device: disk[1], lun: lastLun });
        const lun = /\bLun:\s*(\d+)/.exec(line);
        if (lun) lastLun = Number(lun[1]);
        continue;
      }
      if (key === 'Iface Initiatorname' && /^iqn\.|^eui\./.test(value)) result.facts.push({ kind: 'initiator', line: number, iqn: value });
      if (!session) continue;
      if (key === 'Iface IPaddress' && value !== 'default' && value !== '<empty>') {
        const address = portalAddress(value);
        if (address) session.initiatorAddress = address;
      } else if (key === 'Iface Netdev' && value !== 'default' && value !== '<empty>') session.initiatorInterface = value;
      else if (key === 'SID') session.link = `sid:${value}`;
      else if (key === 'iSCSI Session State' && value !== 'LOGGED_IN') session.state = 'failed';
      else if (key === 'iSCSI Connection State' && value !== 'LOGGED IN') session.state = 'failed';
    }
    finish();
    return result;
  },
};

function keyValue(line: string): [string, string] | [undefined, undefined] {
  const match = /^\s*([A-Za-z][\w ]*?):\s*(.*?)\s*$/.exec(line);
  return match && !/Lun$/.test(match[1]) ? [match[1], match[2]] : [undefined, undefined];
}

/** `iscsiadm -m session`: `tcp: [1] 10.10.1.101:3260,1 iqn.… (non-flash)`, one logged-in session a line. */
export const iscsiadmSessionList: OutputFormat = {
  id: 'linux-iscsiadm-session',
  command: 'iscsiadm -m session',
  recognise: (text) => linesOf(text).some((line) => LIST_LINE.test(line.text) && /:\d+,\d+$/.test(LIST_LINE.exec(line.text)![3])),
  parse(text) {
    const result: Parsed = { facts: [], errors: [] };
    for (const { number, text: line } of linesOf(text)) {
      const match = LIST_LINE.exec(line);
      if (!match) {
        if (line.trim() !== '' && !/^iscsiadm:/.test(line)) result.errors.push({ line: number, message: 'not a session line (transport: [sid] portal target); skipped' });
        continue;
      }
      const address = portalAddress(match[3]);
      if (!address || !isIscsiName(match[4])) {
        result.errors.push({ line: number, message: !address ? `'${match[3]}' is not a portal address; this session is skipped` : `'${match[4]}' is not an iSCSI name; this session is skipped` });
        continue;
      }
      result.facts.push({ kind: 'session', line: number, target: match[4], portal: address, state: 'logged-in', link: `sid:${match[2]}`, devices: [] });
    }
    return result;
  },
};

/** `iscsiadm -m node`: `10.10.1.101:3260,1 iqn.…`, one node record (a known target portal) a line. */
export const iscsiadmNode: OutputFormat = {
  id: 'linux-iscsiadm-node',
  command: 'iscsiadm -m node',
  recognise: (text) => linesOf(text).some((line) => NODE_LINE.test(line.text)) && !/^\s*Target:/m.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    for (const { number, text: line } of linesOf(text)) {
      const match = NODE_LINE.exec(line);
      if (!match) {
        if (line.trim() !== '' && !/^iscsiadm:/.test(line)) errors.push({ line: number, message: 'not a node record (portal,tag target); skipped' });
        continue;
      }
      const address = portalAddress(match[1]);
      if (address && isIscsiName(match[2])) facts.push({ kind: 'target', line: number, target: match[2], portal: address });
      else errors.push({ line: number, message: !address ? `'${match[1]}' is not a portal address; skipped` : `'${match[2]}' is not an iSCSI name; skipped` });
    }
    return { facts, errors };
  },
};
