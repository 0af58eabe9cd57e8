// Linux Fibre Channel state from sysfs, as `grep -H` prints it (`path:value`, one file a line):
// `/sys/class/fc_host/hostN/{port_name,port_state,speed}` for the HBA ports, and
// `/sys/class/fc_transport/targetH:C:T/port_name` for the target ports each SCSI target is.
// Attribute names and values from the kernel's scsi_transport_fc (Documentation/scsi/scsi_fc_transport).
import type { Fact, OutputFormat, Parsed } from '../facts';
import { linesOf, speedMbps, wwpnOf } from '../text';

const HOST_LINE = /^\/sys\/class\/fc_host\/(host\d+)\/(\w+):(.*)$/;
const TARGET_LINE = /^\/sys\/class\/fc_transport\/target(\d+:\d+:\d+)\/(\w+):(.*)$/;

export const linuxFcSysfs: OutputFormat = {
  id: 'linux-fc-sysfs',
  command: 'grep -H . /sys/class/fc_host/host*/{port_name,port_state,speed} /sys/class/fc_transport/target*/port_name',
  recognise: (text) => /^\/sys\/class\/fc_(host|transport)\//m.test(text),
  parse(text) {
    const errors: Parsed['errors'] = [];
    const hosts = new Map<string, { line: number; wwpn?: string; state?: string; speed?: string }>();
    const facts: Fact[] = [];
    for (const { number, text: line } of linesOf(text)) {
      if (line.trim() === '') continue;
      const host = HOST_LINE.exec(line);
      if (host) {
        const [, name, attribute, value] = host;
        const entry = hosts.get(name) ?? { line: number };
        hosts.set(name, entry);
        if (attribute === 'port_name') {
          const wwpn = wwpnOf(value);
          if (wwpn) Object.assign(entry, { wwpn, line: number });
          else errors.push({ line: number, message: `'${value.trim().slice(0, 40)}' is not a WWPN; ${name} skipped` });
        } else if (attribute === 'port_state') entry.state = value.trim();
        else if (attribute === 'speed') entry.speed = value.trim();
        continue;
      }
      const target = TARGET_LINE.exec(line);
      if (target) {
        const [, scsiTarget, attribute, value] = target;
        if (attribute !== 'port_name') continue;
        const wwpn = wwpnOf(value);
        if (wwpn) facts.push({ kind: 'fc-target', line: number, scsiTarget, wwpn });
        else errors.push({ line: number, message: `'${value.trim().slice(0, 40)}' is not a WWPN; target ${scsiTarget} skipped` });
        continue;
      }
      errors.push({ line: number, message: 'not a /sys/class/fc_host or fc_transport attribute line (path:value); skipped' });
    }
    for (const [name, entry] of hosts) {
      if (!entry.wwpn) continue;
      const speed = entry.speed ? speedMbps(entry.speed.replace(/\s*bit$/i, 'b')) : undefined;
      facts.push({
        kind: 'hba',
        line: entry.line,
        name,
        wwpn: entry.wwpn,
        ...(entry.state ? { up: entry.state === 'Online' } : {}),
        ...(speed ? { speedMbps: speed } : {}),
      });
    }
    facts.sort((a, b) => a.line - b.line);
    return { facts, errors };
  },
};
