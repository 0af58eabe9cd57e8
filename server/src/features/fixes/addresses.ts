// IPv4 address arithmetic for quick fixes that give interfaces new addresses: the next free
// address in a subnet, and the subnet next to a given one. IPv6 is left alone (fixes decline).
import type { Ip, Model } from '../../model/schema';

export interface Subnet {
  /** Network address as a 32-bit number. */
  network: number;
  prefix: number;
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => value * 256 + Number(part), 0);
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function size(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function subnetOf(ip: Ip): Subnet | undefined {
  if (ip.version !== 4 || ip.prefix > 30) return undefined;
  const address = parseIpv4(ip.address);
  if (address === undefined) return undefined;
  return { network: address - (address % size(ip.prefix)), prefix: ip.prefix };
}

export function subnetKey(subnet: Subnet): string {
  return `${formatIpv4(subnet.network)}/${subnet.prefix}`;
}

/** The host part of an address within its subnet (`.10` of `172.24.0.10/24` is 10). */
export function hostOffset(ip: Ip): number | undefined {
  const subnet = subnetOf(ip);
  const address = parseIpv4(ip.address);
  return subnet && address !== undefined ? address - subnet.network : undefined;
}

/** The `k`-th subnet of the same size after `subnet` (172.24.0.0/24, 1 → 172.24.1.0/24). */
export function adjacentSubnet(subnet: Subnet, k: number): Subnet | undefined {
  const network = subnet.network + k * size(subnet.prefix);
  return network + size(subnet.prefix) <= 2 ** 32 ? { network, prefix: subnet.prefix } : undefined;
}

/** Every address written in the model, so new ones never collide. */
export function usedAddresses(model: Model): Set<string> {
  const used = new Set<string>();
  const add = (ips: readonly Ip[]) => ips.forEach((ip) => used.add(ip.address));
  for (const host of model.hosts) [...host.nics, ...host.teams, ...host.vmks].forEach((iface) => add(iface.ips));
  for (const array of model.arrays) {
    array.controllers.forEach((controller) => controller.ports.forEach((port) => add(port.ips)));
    array.trunks.forEach((trunk) => add(trunk.ips));
  }
  return used;
}

/**
 * A free address `a.b.c.d/prefix` in `subnet`, trying `preferredOffset` first and then the
 * following host numbers (wrapping, skipping network and broadcast). Marks it used.
 */
export function allocateAddress(subnet: Subnet, preferredOffset: number, used: Set<string>): string | undefined {
  const hosts = size(subnet.prefix) - 2;
  for (let i = 0; i < hosts; i++) {
    const offset = ((preferredOffset - 1 + i) % hosts + hosts) % hosts + 1;
    const address = formatIpv4(subnet.network + offset);
    if (!used.has(address)) {
      used.add(address);
      return `${address}/${subnet.prefix}`;
    }
  }
  return undefined;
}
