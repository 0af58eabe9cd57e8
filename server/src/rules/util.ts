// Small helpers shared by the rules: lookups over the model, spans and wording.
import { hostChanges, hostParts } from '../analysis';
import type { HostPart } from '../analysis/hostAnalysis';
import { modelIndex, type ModelIndex } from '../analysis/modelIndex';
import type { IoPath, NetworkAnalysis, PairAnalysis } from '../analysis/types';
import type { Host, Ip, Session } from '../model/schema';
import { spanWithin, type Span } from '../syntax/tree';

export { modelIndex };

/**
 * What a rule works out per host, kept per version of the analysis: a version starts from the
 * earlier version's values and works out again only those of the hosts whose part changed
 * (`hostChanges`), so a keystroke costs the hosts it changed, not a walk of every host. An analysis
 * that takes the earlier one over (an editor's next version) takes its values over too; any other
 * starts from a copy. The part stands for everything a value may be worked out from
 * (analysis/hostAnalysis.ts); a value must not depend on where the host is written, or must say
 * where it was placed (rules/index.ts). Hosts whose value is undefined are not listed.
 */
export class KeptPerHost<T> {
  private readonly versions = new WeakMap<object, Map<string, T>>();

  of(analysis: NetworkAnalysis, valueOf: (part: HostPart) => T | undefined): ReadonlyMap<string, T> {
    const { parts, version, earlier, takenOver, changed } = hostChanges(analysis);
    let values = this.versions.get(version);
    if (values) return values;
    const before = earlier && this.versions.get(earlier);
    if (before && takenOver) this.versions.delete(earlier!);
    values = before && takenOver ? before : new Map(before);
    for (const id of before ? changed : parts.keys()) {
      const part = parts.get(id);
      const value = part && valueOf(part);
      if (value === undefined) values.delete(id);
      else values.set(id, value);
    }
    this.versions.set(version, values);
    return values;
  }
}

/** A host's written sessions: its part of the analysis holds them. */
export function sessionsOf(analysis: NetworkAnalysis, host: Host): readonly Session[] {
  return hostParts(analysis).get(host.id)?.sessions ?? [];
}

/**
 * `team team0`: from an element's keyword to the end of its name, on the line it starts; in the
 * element's statement, so that it moves with it (syntax/tree.ts).
 */
export function headSpan(element: { span: Span; nameSpan: Span }): Span {
  const { start } = element.span;
  return spanWithin(element.span, start, Math.max(element.nameSpan.end, start));
}

/** An interface that carries addresses: NIC, team, vmk, array port, trunk or portal. */
export interface AddressedInterface {
  id: string;
  kind: string;
  span: Span;
  nameSpan: Span;
  ips: Ip[];
  mtu?: number;
}

/** The addressed interface (or HBA-less endpoint) with this id, if there is one. */
export function addressedInterface(index: ModelIndex, id: string): AddressedInterface | undefined {
  return (
    index.nics.get(id) ??
    index.teams.get(id) ??
    index.vmks.get(id) ??
    index.arrayPorts.get(id) ??
    index.trunks.get(id) ??
    index.portals.get(id)
  );
}

/** The paths of a pair, as objects. */
export function pairPaths(analysis: NetworkAnalysis, pair: PairAnalysis): IoPath[] {
  return pair.paths.flatMap((id) => analysis.pathById.get(id) ?? []);
}

/** `a`, `a and b`, `a, b and c`. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `1 path`, `2 paths`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Unique values in first-seen order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Groups values by a key, keeping first-seen order of keys and values. */
export function groupBy<T>(values: Iterable<T>, key: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const k = key(value);
    const group = groups.get(k);
    if (group) group.push(value);
    else groups.set(k, [value]);
  }
  return groups;
}

/** `eonstor.vms` or `eonstor.vms and eonstor.logs` for the volumes of one host ↔ array group. */
export function volumeList(pairs: readonly PairAnalysis[]): string {
  return joinNames(unique(pairs.map((pair) => pair.volume)));
}

/** The addressed interfaces of a host that carry iSCSI paths, in path order. */
export function iscsiInitiators(index: ModelIndex, analysis: NetworkAnalysis, hostId: string): AddressedInterface[] {
  // linux-arp-flux and subnet-layout ask this of every host on every keystroke: plain loops, no
  // intermediate arrays.
  const found: AddressedInterface[] = [];
  for (const id of analysis.pathsByHost.get(hostId) ?? []) {
    const path = analysis.pathById.get(id);
    if (!path || path.protocol !== 'iscsi') continue;
    const iface = addressedInterface(index, path.initiator);
    if (iface && !found.includes(iface)) found.push(iface);
  }
  return found;
}
