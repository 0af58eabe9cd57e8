// Hosts and what they hold: NICs, HBAs, teams, vSwitches and vmkernel ports (grammar spec: `host`,
// `nic`, `hba`, `team`, `vswitch`, `vmk`). A host refers only to its own interfaces, so it builds
// on its own: what it defines and the problems it reports are its block's alone (its suggestions
// too, which pick from its own names and so need no share of the file's budget).
import { parseOs } from '../os';
import type { Hba, Host, Ip, Nic, Ref, Route, Span, Team, TeamBalance, Vmk, VSwitch, VSwitchTeaming, VSwitchType } from '../schema';
import type { Block, Value } from '../../syntax/tree';
import { didYouMean } from '../suggest';
import { describeKind } from '../symbols';
import { inNetwork, parseAddress, parseBoolean, parseIp, parseMtu, parseSpeed, parseWwpn } from '../values';
import { findProperty, first, isName, list, ref, type BuildContext } from './context';

export function buildHost(b: BuildContext, block: Block): Host | undefined {
  const declared = b.declare(block, 'host', undefined, '');
  if (!declared) return undefined;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'host', name);
  const host: Host = { kind: 'host', id, name, span, nameSpan, multipath: 'none', nics: [], teams: [], vswitches: [], vmks: [], hbas: [], routes: [] };
  b.define(host);
  b.model.hosts.push(host);

  const os = first(body, 'os');
  if (os) {
    const parsed = parseOs(os.text, os.span);
    host.os = parsed.os;
    if (parsed.warning) b.problems.push(parsed.warning);
  }
  const iqn = first(body, 'iqn');
  if (iqn) host.iqn = iqn.text;
  const multipathProperty = findProperty(body, 'multipath');
  const multipath = b.choice<Host['multipath']>(body, multipathProperty?.values[0], 'multipath', 'multipath method');
  if (multipath !== undefined && multipathProperty) {
    host.multipath = multipath;
    host.multipathSpan = multipathProperty.span;
  }
  const policyProperty = findProperty(body, 'policy');
  const policy = b.choice<NonNullable<Host['policy']>>(body, policyProperty?.values[0], 'policy', 'load-balance policy');
  if (policy !== undefined && policyProperty) {
    host.policy = policy;
    host.policySpan = policyProperty.span;
    if (host.multipath !== 'mpio' && (multipath !== undefined || !multipathProperty)) {
      b.report(
        'policyWithoutMpio',
        `policy '${policy}' has no effect: host '${host.name}' uses multipath ${host.multipath}; write 'multipath mpio' or remove the policy`,
        policyProperty.span,
      );
    }
  }
  const arpFilter = b.parse(first(body, 'arp-filter'), parseBoolean);
  if (arpFilter !== undefined) host.arpFilter = arpFilter;

  // Children first, then the references between them (team members, vSwitch uplinks), then what
  // reads those (a vmk's uplinks, inherited from its vSwitch).
  const resolveLocal: (() => void)[] = [];
  const resolveVmks: (() => void)[] = [];
  for (const child of body.items) {
    if (child.kind !== 'block') continue;
    const keyword = child.keywordText;
    if (keyword === 'nic') nic(b, child, host);
    else if (keyword === 'hba') hba(b, child, host);
    else if (keyword === 'team') team(b, child, host, resolveLocal);
    else if (keyword === 'vswitch') vswitch(b, child, host, resolveLocal);
    else if (keyword === 'vmk') vmk(b, child, host, resolveVmks);
    else if (keyword === 'route') route(b, child, host, resolveLocal);
  }
  for (const resolve of resolveLocal) resolve();
  for (const resolve of resolveVmks) resolve();
  return host;
}

function nic(b: BuildContext, block: Block, host: Host): void {
  const declared = b.declare(block, 'nic', host.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'nic', id);
  const nic: Nic = { kind: 'nic', id, name, span, nameSpan, host: host.id, ips: [] };
  b.ethernet(body, nic);
  const card = first(body, 'card');
  if (card) nic.card = card.text;
  b.define(nic);
  host.nics.push(nic);
}

function hba(b: BuildContext, block: Block, host: Host): void {
  const declared = b.declare(block, 'hba', host.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'hba', id);
  const hba: Hba = { kind: 'hba', id, name, span, nameSpan, host: host.id };
  const wwpn = b.parse(first(body, 'wwpn'), parseWwpn);
  if (wwpn !== undefined) hba.wwpn = wwpn;
  const speed = b.parse(first(body, 'speed'), parseSpeed);
  if (speed !== undefined) hba.speedMbps = speed;
  const card = first(body, 'card');
  if (card) hba.card = card.text;
  b.define(hba);
  host.hbas.push(hba);
}

function team(b: BuildContext, block: Block, host: Host, resolveLocal: (() => void)[]): void {
  const declared = b.declare(block, 'team', host.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'team', id);
  // Without a mode, a team is switch-independent: the default of Windows and ESXi teaming.
  const team: Team = { kind: 'team', id, name, span, nameSpan, host: host.id, members: [], mode: 'switch-independent', ips: [] };
  b.mode(body, 'team mode', team);
  const balance = b.choice<TeamBalance>(body, first(body, 'balance'), 'balance', 'team load balancing');
  if (balance !== undefined) team.balance = balance;
  b.ethernet(body, team);
  b.define(team);
  host.teams.push(team);
  resolveLocal.push(() => {
    team.members = claimNics(b, host, list(body, 'members'), team.id, `team '${team.name}'`, 'member');
  });
}

function vswitch(b: BuildContext, block: Block, host: Host, resolveLocal: (() => void)[]): void {
  const declared = b.declare(block, 'vswitch', host.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'vswitch', id);
  // Unwritten, a vSwitch is what ESXi creates: standard, originating-port teaming, MTU 1500.
  const vswitch: VSwitch = { kind: 'vswitch', id, name, span, nameSpan, host: host.id, type: 'standard', uplinks: [], standby: [], teaming: 'originating-port' };
  const type = b.choice<VSwitchType>(body, first(body, 'type'), 'type', 'vSwitch type');
  if (type !== undefined) vswitch.type = type;
  const mtu = b.parse(first(body, 'mtu'), parseMtu);
  if (mtu !== undefined) vswitch.mtu = mtu;
  const teamingProperty = findProperty(body, 'teaming');
  const teaming = b.choice<VSwitchTeaming>(body, teamingProperty?.values[0], 'teaming', 'vSwitch teaming policy');
  if (teaming !== undefined && teamingProperty) {
    vswitch.teaming = teaming;
    vswitch.teamingSpan = teamingProperty.span;
    if (vswitch.type === 'standard') reportDistributedOnly(b, teaming, `vSwitch '${name}' is a standard vSwitch`, teamingProperty.span);
  }
  b.define(vswitch);
  host.vswitches.push(vswitch);
  resolveLocal.push(() => {
    vswitch.uplinks = claimNics(b, host, list(body, 'uplinks'), vswitch.id, `vSwitch '${vswitch.name}'`, 'uplink');
    for (const value of list(body, 'standby')) {
      const nicId = ownNic(b, host, value, `standby uplink of vSwitch '${vswitch.name}'`);
      if (!nicId) continue;
      if (!vswitch.uplinks.some((uplink) => uplink.id === nicId)) {
        b.report('notVSwitchUplink', `'${value.text}' is not an uplink of vSwitch '${vswitch.name}'; list it in 'uplinks' too`, value.span);
      } else if (vswitch.standby.some((standby) => standby.id === nicId)) {
        b.report('alreadyMember', `'${value.text}' is listed twice as standby uplink of vSwitch '${vswitch.name}'`, value.span);
      } else vswitch.standby.push(ref(nicId, value.span));
    }
  });
}

function vmk(b: BuildContext, block: Block, host: Host, resolveVmks: (() => void)[]): void {
  const declared = b.declare(block, 'vmk', host.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'vmk', id);
  const vmk: Vmk = { kind: 'vmk', id, name, span, nameSpan, host: host.id, ips: [], active: [], standby: [], bound: false };
  b.ethernet(body, vmk);
  const bound = b.parse(first(body, 'bound'), parseBoolean);
  if (bound !== undefined) vmk.bound = bound;
  const teamingProperty = findProperty(body, 'teaming');
  const teaming = b.choice<VSwitchTeaming>(body, teamingProperty?.values[0], 'teaming', 'port group teaming policy');
  if (teaming !== undefined && teamingProperty) {
    vmk.teaming = teaming;
    vmk.teamingSpan = teamingProperty.span;
  }
  b.define(vmk);
  host.vmks.push(vmk);
  resolveVmks.push(() => {
    const vswitch = ownVSwitch(b, host, first(body, 'vswitch'));
    if (vswitch) vmk.vswitch = vswitch.ref;
    if (vswitch && vswitch.element.type === 'standard' && vmk.teaming !== undefined && vmk.teamingSpan) {
      reportDistributedOnly(b, vmk.teaming, `vmk '${vmk.name}' is on standard vSwitch '${vswitch.element.name}'`, vmk.teamingSpan);
    }
    for (const role of ['active', 'standby'] as const) {
      const seen = new Set<string>();
      for (const value of list(body, role)) {
        const nicId = ownNic(b, host, value, `${role} uplink of vmk '${vmk.name}'`);
        if (!nicId) continue;
        if (seen.has(nicId)) {
          b.report('alreadyMember', `'${value.text}' is listed twice as ${role} uplink of vmk '${vmk.name}'`, value.span);
          continue;
        }
        if (vswitch && !vswitch.element.uplinks.some((uplink) => uplink.id === nicId)) {
          b.report('notVSwitchUplink', `'${value.text}' is not an uplink of vSwitch '${vswitch.element.name}', which vmk '${vmk.name}' is on`, value.span, [
            { span: vswitch.element.nameSpan, message: `vSwitch '${vswitch.element.name}'` },
          ]);
          continue;
        }
        seen.add(nicId);
        vmk[role].push(ref(nicId, value.span));
      }
    }
    // Without an override of its own, the port group uses the vSwitch's active and standby uplinks.
    if (vswitch && !findProperty(body, 'active') && !findProperty(body, 'standby')) {
      const standby = new Set(vswitch.element.standby.map((uplink) => uplink.id));
      vmk.active = vswitch.element.uplinks.filter((uplink) => !standby.has(uplink.id));
      vmk.standby = vswitch.element.standby;
      vmk.inheritsUplinks = true;
    }
  });
}

function route(b: BuildContext, block: Block, host: Host, resolveLocal: (() => void)[]): void {
  const declared = b.declare(block, 'route', host.id, '.');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'route', id);
  const route: Route = { kind: 'route', id, name, span, nameSpan, host: host.id, to: [] };
  route.to = list(body, 'to').flatMap((value) => b.parse(value, parseIp) ?? []);
  const gatewayValue = first(body, 'gateway');
  const gateway = b.parse(gatewayValue, parseAddress);
  if (gateway !== undefined) route.gateway = gateway;
  b.define(route);
  host.routes.push(route);
  // The interface a route leaves through is the one whose subnet holds its gateway.
  resolveLocal.push(() => {
    if (gateway === undefined || !gatewayValue) return;
    const subnets: Ip[] = [...host.nics, ...host.teams, ...host.vmks].flatMap((iface) => iface.ips);
    if (subnets.length > 0 && !subnets.some((ip) => inNetwork(gateway, ip))) {
      b.report('gatewayOutsideSubnet', `gateway ${gateway.address} of route '${name}' is in none of the subnets of host '${host.name}': no interface can reach it`, gatewayValue.span);
    }
  });
}

/**
 * LACP and load-based teaming (route based on physical NIC load) exist only on a distributed switch
 * (vSphere Networking, "Load Balancing Algorithms Available for Virtual Switches").
 */
function reportDistributedOnly(b: BuildContext, teaming: VSwitchTeaming, what: string, span: Span): void {
  if (teaming === 'lacp') {
    b.report('distributedOnlyTeaming', `${what}, which cannot run LACP; LACP needs a distributed switch: write 'type distributed', or use 'teaming ip-hash' with a static LAG`, span);
  } else if (teaming === 'physical-nic-load') {
    b.report('distributedOnlyTeaming', `${what}, which has no load-based teaming; route based on physical NIC load is available on a distributed switch only: write 'type distributed', or use 'teaming originating-port'`, span);
  }
}

/** Resolves the vSwitch a vmk names, which must be one of `host`'s. */
function ownVSwitch(b: BuildContext, host: Host, value: Value | undefined): { element: VSwitch; ref: Ref } | undefined {
  if (!value) return undefined;
  const id = `${host.id}.${value.text}`;
  const element = isName(value.text) ? host.vswitches.find((candidate) => candidate.id === id) : undefined;
  if (!element) {
    const definition = isName(value.text) ? b.definitions.get(id) : undefined;
    if (definition) {
      b.reference(id, value.span);
      b.report('wrongKind', `'${value.text}' is ${describeKind(definition.kind)}, expected a vSwitch of host '${host.name}'`, value.span, [
        { span: definition.nameSpan, message: `'${value.text}' is defined here` },
      ]);
    } else {
      b.report('undefinedReference', `no vSwitch named '${value.text}' in host '${host.name}'${didYouMean(value.text, host.vswitches.map((vswitch) => vswitch.name))}`, value.span);
    }
    return undefined;
  }
  return { element, ref: b.reference(id, value.span) };
}

/** The NICs a team or vSwitch lists, each claimed for it: a NIC belongs to one team or vSwitch. */
function claimNics(b: BuildContext, host: Host, values: readonly Value[], groupId: string, group: string, role: string): Ref[] {
  const nics: Ref[] = [];
  for (const value of values) {
    const nicId = ownNic(b, host, value, `${role} of ${group}`);
    if (nicId && b.claim(nicId, groupId, group, value)) nics.push(ref(nicId, value.span));
  }
  return nics;
}

/** Resolves a name that must be a NIC of `host` (team members, vSwitch and vmk uplinks). */
function ownNic(b: BuildContext, host: Host, value: Value, role: string): string | undefined {
  const id = `${host.id}.${value.text}`;
  const definition = isName(value.text) ? b.definitions.get(id) : undefined;
  if (!definition) {
    const nicNames = host.nics.map((nic) => nic.name);
    b.report('notOwnNic', `'${value.text}' is not a NIC of host '${host.name}'; ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} must be one${didYouMean(value.text, nicNames)}`, value.span);
    return undefined;
  }
  b.reference(id, value.span);
  if (definition.kind !== 'nic') {
    b.report('wrongKind', `'${value.text}' is ${describeKind(definition.kind)}, expected a NIC (${role})`, value.span, [
      { span: definition.nameSpan, message: `'${value.text}' is defined here` },
    ]);
    return undefined;
  }
  return id;
}
