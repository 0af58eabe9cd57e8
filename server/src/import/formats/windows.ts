// Windows PowerShell cmdlets, in their default list (or table) text and as `ConvertTo-Json`:
// Get-IscsiSession, Get-IscsiConnection, Get-IscsiTarget, Get-NetLbfoTeam, Get-NetLbfoTeamMember,
// Get-NetIPAddress, Get-NetRoute, Get-MSDSMGlobalDefaultLoadBalancePolicy, Get-MPIOSetting; and `mpclaim -s -d`.
// Property names from the cmdlets' reference pages; each format is told apart by the properties
// only its objects have. ConvertTo-Json writes enums as numbers, so both forms are read.
import type { Fact, OutputFormat, Parsed, Policy, TeamMode } from '../facts';
import { cidr, field, isAddress, isIscsiName, jsonString, linesOf, nextHop, normaliseAddress, policyOf, readFieldRecords, readJsonObjects, readTable, routeDestination, wwpnOf } from '../text';
import { normaliseWwid } from './linuxMultipath';

interface PsObject {
  line: number;
  get(key: string): string | undefined;
  list(key: string): string[];
}

/** The objects of a cmdlet's output, whichever of JSON, list or table it was printed as. */
function psObjects(text: string): { objects: PsObject[]; errors: Parsed['errors'] } {
  if (/^\s*[[{]/.test(text)) {
    const json = readJsonObjects(text);
    if (!json) return { objects: [], errors: [{ line: 1, message: 'not JSON' }] };
    return {
      errors: json.errors,
      objects: json.objects.map(({ line, value }) => ({
        line,
        get: (key) => jsonString(value, key),
        list: (key) => (Array.isArray(value[key]) ? (value[key] as unknown[]).map(String) : typeof value[key] === 'string' ? [value[key] as string] : []),
      })),
    };
  }
  const lines = linesOf(text);
  const rule = lines.findIndex((line, index) => index > 0 && /^-{2,}(\s+-{2,})*\s*$/.test(line.text) && lines[index - 1].text.trim() !== '');
  if (rule > 0 && !/:/.test(lines[rule - 1].text)) {
    const headers = lines[rule - 1].text.trim().split(/\s+/);
    return {
      errors: [],
      objects: readTable(text, headers).map((row) => ({ line: row.line, get: (key) => row.cells.get(key) || undefined, list: (key) => splitList(row.cells.get(key)) })),
    };
  }
  return {
    errors: [],
    objects: readFieldRecords(text)
      .filter((record) => record.fields.size > 0)
      .map((record) => ({ line: record.line, get: (key) => field(record, key), list: (key) => splitList(field(record, key)) })),
  };
}

/** PowerShell prints a collection property as `{Ethernet 2, Ethernet}`. */
function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value.replace(/^\{|\}$/g, '').split(',').map((item) => item.trim()).filter((item) => item !== '' && item !== '...');
}

function hasProperties(text: string, ...names: string[]): boolean {
  return names.every((name) => new RegExp(`(^|\\s|")${name}("\\s*:|\\s*:|\\s)`, 'm').test(text));
}

/** A cmdlet format: recognised by properties only its objects have, read object by object. */
function cmdlet(id: string, command: string, properties: string[], read: (object: PsObject, errors: Parsed['errors']) => Fact[], unlike: string[] = []): OutputFormat {
  return {
    id,
    command,
    recognise: (text) => hasProperties(text, ...properties) && !unlike.some((name) => hasProperties(text, name)),
    parse(text) {
      const { objects, errors } = psObjects(text);
      const facts = objects.flatMap((object) => read(object, errors));
      return { facts, errors };
    },
  };
}

const isTrue = (value: string | undefined) => value === 'True' || value === 'true';

export const getIscsiSession = cmdlet('windows-get-iscsisession', 'Get-IscsiSession', ['TargetNodeAddress', 'InitiatorNodeAddress'], (object) => {
  const facts: Fact[] = [];
  const initiator = object.get('InitiatorNodeAddress');
  if (initiator && /^(iqn|eui)\./.test(initiator)) facts.push({ kind: 'initiator', line: object.line, iqn: initiator });
  const target = object.get('TargetNodeAddress');
  const address = object.get('InitiatorPortalAddress');
  if (target && isIscsiName(target)) {
    facts.push({
      kind: 'target',
      line: object.line,
      target,
      connected: isTrue(object.get('IsConnected')),
      ...(address && isAddress(address) ? { initiatorAddress: normaliseAddress(address) } : {}),
      ...(Number(object.get('NumberOfConnections')) > 1 ? { connections: Number(object.get('NumberOfConnections')) } : {}),
    });
  }
  return facts;
});

export const getIscsiConnection = cmdlet('windows-get-iscsiconnection', 'Get-IscsiConnection', ['ConnectionIdentifier', 'TargetAddress'], (object, errors) => {
  const portal = object.get('TargetAddress');
  const initiator = object.get('InitiatorAddress');
  if (!portal || !isAddress(portal)) {
    errors.push({ line: object.line, message: `'${portal ?? ''}' is not a target address; this connection is skipped` });
    return [];
  }
  return [
    {
      kind: 'session',
      line: object.line,
      // Get-IscsiConnection does not name the target; the import takes it from Get-IscsiSession.
      target: '',
      portal: normaliseAddress(portal),
      ...(initiator && isAddress(initiator) ? { initiatorAddress: normaliseAddress(initiator) } : {}),
      state: 'logged-in',
      devices: [],
    },
  ];
});

export const getIscsiTarget = cmdlet(
  'windows-get-iscsitarget',
  'Get-IscsiTarget',
  ['NodeAddress', 'IsConnected'],
  (object, errors) => {
    const target = object.get('NodeAddress');
    if (target && isIscsiName(target)) return [{ kind: 'target', line: object.line, target, connected: isTrue(object.get('IsConnected')) }];
    errors.push({ line: object.line, message: `'${(target ?? '').slice(0, 40)}' is not an iSCSI name; target skipped` });
    return [];
  },
  ['TargetNodeAddress'],
);

const TEAMING_MODES: Record<string, TeamMode> = { '0': 'static', Static: 'static', '1': 'switch-independent', SwitchIndependent: 'switch-independent', '2': 'lacp', Lacp: 'lacp' };

export const getNetLbfoTeam = cmdlet('windows-get-netlbfoteam', 'Get-NetLbfoTeam', ['TeamingMode', 'Members'], (object, errors) => {
  const name = object.get('Name');
  const mode = TEAMING_MODES[object.get('TeamingMode') ?? ''];
  if (!name || !mode) {
    errors.push({ line: object.line, message: 'a team without a name or a known TeamingMode (Static, SwitchIndependent, Lacp); skipped' });
    return [];
  }
  return [{ kind: 'team', line: object.line, name, mode, members: object.list('Members').map((member) => ({ name: member, up: true })) }];
});

export const getNetLbfoTeamMember = cmdlet('windows-get-netlbfoteammember', 'Get-NetLbfoTeamMember', ['Team', 'AdministrativeMode', 'OperationalStatus'], (object) => {
  const name = object.get('Name');
  const team = object.get('Team');
  if (!name || !team) return [];
  const status = object.get('OperationalStatus') ?? '';
  const failure = object.get('FailureReason') ?? 'NoFailure';
  const up = !/failed|2/i.test(status) && (failure === 'NoFailure' || failure === '0');
  const speed = Number(object.get('TransmitLinkSpeed(Gbps)') ?? '') * 1000 || Number(object.get('TransmitLinkSpeed') ?? '') / 1e6 || undefined;
  return [
    { kind: 'team', line: object.line, name: team, members: [{ name, up }] },
    { kind: 'interface', line: object.line, name, type: 'nic', ips: [], up, master: team, ...(speed ? { speedMbps: speed } : {}) },
  ];
});

export const getNetIpAddress = cmdlet('windows-get-netipaddress', 'Get-NetIPAddress', ['IPAddress', 'InterfaceAlias', 'PrefixLength'], (object, errors) => {
  const address = object.get('IPAddress');
  const name = object.get('InterfaceAlias');
  const prefix = Number(object.get('PrefixLength'));
  const ip = address ? cidr(address.replace(/%\d+$/, ''), prefix) : undefined;
  if (!name) return [];
  if (!ip) {
    errors.push({ line: object.line, message: `'${address ?? ''}/${object.get('PrefixLength') ?? ''}' of ${name} is not an address; skipped` });
    return [];
  }
  if (/^(fe80:|127\.|169\.254\.)/i.test(ip) || ip === '::1/128') return [];
  return [{ kind: 'interface', line: object.line, name, type: /Loopback/i.test(name) ? 'virtual' : 'nic', ips: [ip] }];
});

const MSDSM_POLICIES: Record<string, Policy> = { FOO: 'failover-only', RR: 'round-robin', RRWS: 'round-robin-subset', LQD: 'least-queue-depth', WP: 'weighted-paths', LB: 'least-blocks' };

export const getMsdsmPolicy: OutputFormat = {
  id: 'windows-get-msdsmglobaldefaultloadbalancepolicy',
  command: 'Get-MSDSMGlobalDefaultLoadBalancePolicy',
  recognise: (text) => /^\s*"?(None|FOO|RR|RRWS|LQD|WP|LB)"?\s*$/.test(text.replace(/^(WARNING:.*)?\r?\n/gm, '')),
  parse(text) {
    const line = linesOf(text).find((entry) => /^\s*"?(None|FOO|RR|RRWS|LQD|WP|LB)"?\s*$/.test(entry.text));
    if (!line) return { facts: [], errors: [{ line: 1, message: 'no load-balance policy' }] };
    const name = line.text.trim().replace(/"/g, '');
    const policy = MSDSM_POLICIES[name];
    return { facts: [{ kind: 'multipath', line: line.number, policyName: name, ...(policy ? { policy } : {}) }], errors: [] };
  },
};

export const getMpioSetting = cmdlet('windows-get-mpiosetting', 'Get-MPIOSetting', ['PathVerificationState', 'PDORemovePeriod'], (object) => [{ kind: 'multipath', line: object.line }]);

/** `mpclaim -s -d` (every MPIO disk and its policy) and `mpclaim -s -d N` (one disk's paths). */
export const mpclaim: OutputFormat = {
  id: 'windows-mpclaim',
  command: 'mpclaim -s -d',
  recognise: (text) => /^MPIO Disk\s+System Disk\s+LB Policy/m.test(text) || /^MPIO Disk\d+:\s+\d+ Paths,/m.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    for (const row of readTable(text, ['MPIO Disk', 'System Disk', 'LB Policy', 'DSM Name'])) {
      const name = row.cells.get('LB Policy') ?? '';
      if (!/^MPIO Disk\d+/.test(row.cells.get('MPIO Disk') ?? '')) {
        errors.push({ line: row.line, message: 'not an MPIO disk row; skipped' });
        continue;
      }
      facts.push({ kind: 'multipath', line: row.line, policyName: name, ...(MSDSM_POLICIES[name] ? { policy: MSDSM_POLICIES[name] } : {}) });
    }
    let wwid: string | undefined;
    for (const { number, text: line } of linesOf(text)) {
      const disk = /^MPIO Disk\d+:\s+\d+ Paths,\s*([^,]+)/.exec(line);
      if (disk) {
        wwid = undefined;
        facts.push({ kind: 'multipath', line: number, policyName: disk[1].trim(), ...(policyOf(disk[1]) ? { policy: policyOf(disk[1]) } : {}) });
        continue;
      }
      const serial = /^\s+SN:\s*([0-9A-Fa-f]{16,32})\s*$/.exec(line);
      if (serial) {
        wwid = normaliseWwid(serial[1]);
        facts.push({ kind: 'lun', line: number, wwid });
        continue;
      }
      const group = /^\s+TPG_State\s*:.*TPG_Id:\s*(\d+)/.exec(line);
      const last = facts[facts.length - 1];
      if (group && last?.kind === 'path') last.group = group[1];
      const path = /^\s+([0-9a-fA-F]{16})\s+(Active\/Optimized|Active\/Unoptimized|Standby|Unavailable|Failed|Transitioning)\s+(\d+)\|(\d+)\|(\d+)\|(\d+)/.exec(line);
      if (path && wwid) {
        const state = path[2];
        facts.push({
          kind: 'path',
          line: number,
          wwid,
          lun: Number(path[6]),
          device: path[1],
          state: state.startsWith('Active') ? 'active' : state === 'Standby' ? 'standby' : 'failed',
          alua: state === 'Active/Optimized' ? 'optimized' : state === 'Active/Unoptimized' ? 'non-optimized' : state === 'Standby' ? 'standby' : 'unavailable',
        });
      }
    }
    return { facts, errors };
  },
};

export const getNetNeighbor = cmdlet('windows-get-netneighbor', 'Get-NetNeighbor', ['IPAddress', 'LinkLayerAddress'], (object) => {
  const address = object.get('IPAddress');
  const mac = (object.get('LinkLayerAddress') ?? '').toLowerCase().replaceAll('-', ':');
  if (!address || !isAddress(address) || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac) || mac === '00:00:00:00:00:00' || mac === 'ff:ff:ff:ff:ff:ff') return [];
  return [{ kind: 'address', line: object.line, address: normaliseAddress(address), mac }];
});

/**
 * `Get-NetRoute`: the host's routes (DestinationPrefix, NextHop `0.0.0.0` or `::` when on-link,
 * InterfaceAlias; the default table names the interface by ifIndex only). Protocol `Local` (2 in
 * JSON) is the route Windows adds for an address.
 */
export const getNetRoute = cmdlet('windows-get-netroute', 'Get-NetRoute', ['DestinationPrefix', 'NextHop'], (object, errors) => {
  const prefix = object.get('DestinationPrefix') ?? '';
  const to = prefix.includes('/') ? routeDestination(prefix) : undefined;
  const hop = object.get('NextHop');
  if (!to || hop === undefined || !isAddress(hop)) {
    errors.push({ line: object.line, message: `not a route ('${prefix.slice(0, 40)}' via '${(hop ?? '').slice(0, 40)}'); skipped` });
    return [];
  }
  const gateway = nextHop(hop);
  const alias = object.get('InterfaceAlias');
  const protocol = object.get('Protocol');
  return [{ kind: 'route', line: object.line, to, ...(gateway ? { gateway } : {}), ...(alias ? { interface: alias } : {}), origin: protocol === 'Local' || protocol === '2' ? 'kernel' : 'configured' }];
});

/** `Get-Disk`: the host's disks; iSCSI and Fibre Channel ones are LUNs by their unique id (NAA). */
export const getDisk = cmdlet('windows-get-disk', 'Get-Disk', ['UniqueId', 'BusType'], (object) => {
  const bus = object.get('BusType');
  const id = (object.get('UniqueId') ?? '').replace(/[:\s-]/g, '');
  // BusType as ConvertTo-Json writes it: 6 Fibre Channel, 9 iSCSI (MSFT_Disk).
  if (!(bus === 'iSCSI' || bus === '9' || bus === 'Fibre Channel' || bus === '6') || !/^[0-9A-Fa-f]{16,32}$/.test(id)) return [];
  return [{ kind: 'lun', line: object.line, wwid: normaliseWwid(id) }];
});

/**
 * `Get-InitiatorPort`: the host's initiator ports; the Fibre Channel ones (ConnectionType 1) are its
 * HBA ports, by their WWPN (PortAddress). Windows names a port by its device instance path, so the
 * design names them fc0, fc1, … in the order listed.
 */
export const getInitiatorPort: OutputFormat = {
  id: 'windows-get-initiatorport',
  command: 'Get-InitiatorPort',
  recognise: (text) => hasProperties(text, 'NodeAddress', 'PortAddress', 'ConnectionType'),
  parse(text) {
    const { objects, errors } = psObjects(text);
    const facts: Fact[] = [];
    for (const object of objects) {
      // ConnectionType (MSFT_InitiatorPort): 0 Other, 1 Fibre Channel, 2 iSCSI, 3 SAS.
      const type = object.get('ConnectionType');
      if (type === undefined || !['Other', '0', 'Fibre Channel', '1', 'iSCSI', '2', 'SAS', '3'].includes(type)) {
        errors.push({ line: object.line, message: `'${(type ?? '').slice(0, 40)}' is not a connection type (Fibre Channel, iSCSI, SAS, Other); initiator port skipped` });
        continue;
      }
      if (type !== 'Fibre Channel' && type !== '1') continue;
      const address = object.get('PortAddress');
      const wwpn = wwpnOf(address);
      if (!wwpn) {
        errors.push({ line: object.line, message: `'${(address ?? '').slice(0, 40)}' is not a WWPN; initiator port skipped` });
        continue;
      }
      // OperationalStatus (MSFT_InitiatorPort): 2 Operational, 6 Link Down, 7 Port Error.
      const status = object.list('OperationalStatus').join(' ');
      const up = status === '' ? undefined : /\b(Operational|2)\b/.test(status) && !/\b(Link Down|Port Error|6|7)\b/.test(status);
      facts.push({ kind: 'hba', line: object.line, name: `fc${facts.length}`, wwpn, ...(up === undefined ? {} : { up }) });
    }
    return { facts, errors };
  },
};
