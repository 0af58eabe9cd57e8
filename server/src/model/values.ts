// Pure parsers for property values: speeds, sizes, MTUs, VLANs, addresses, WWPNs, booleans and
// fixed choices. Each takes the value's text and span and returns the value or a located problem.
import type { Problem } from '../problem';
import type { Span } from '../syntax/tree';
import type { Address, Ip } from './schema';
import { modelProblem } from './codes';
import { didYouMean } from './suggest';

/** A parsed value (possibly with a warning about it), or the problem that made it unusable. */
export type Parsed<T> = { ok: true; value: T; warning?: Problem } | { ok: false; problem: Problem };

const NUMBER_WITH_UNIT = /^(\d+(?:\.\d+)?)([A-Za-z/]*)$/;
const WHOLE_NUMBER = /^\d+$/;

const SPEED_UNITS_MBPS: Record<string, number> = {
  m: 1, mb: 1, mbps: 1, 'mb/s': 1,
  g: 1000, gb: 1000, gbps: 1000, 'gb/s': 1000,
};

/** Valid speeds by text: a design writes the same few speeds on thousands of ports. */
const speeds = new Map<string, Parsed<number>>();
const MAX_CACHED_SPEEDS = 256;

/** `100M`, `1G`, `2.5G`, `25Gb`, `10Gbps` → megabits per second. */
export function parseSpeed(text: string, span: Span): Parsed<number> {
  const known = speeds.get(text);
  if (known) return known;
  const parsed = readSpeed(text, span);
  if (parsed.ok && speeds.size < MAX_CACHED_SPEEDS) speeds.set(text, parsed);
  return parsed;
}

function readSpeed(text: string, span: Span): Parsed<number> {
  const match = NUMBER_WITH_UNIT.exec(text);
  if (!match) {
    return fail(modelProblem('badSpeed', `'${text}' is not a speed; write a number with M or G, e.g. 10G`, span));
  }
  const [, digits, unit] = match;
  if (unit === '') {
    return fail(modelProblem('badSpeed', `speed '${text}' has no unit; use M or G, e.g. ${digits}M or 10G`, span));
  }
  const multiplier = SPEED_UNITS_MBPS[unit.toLowerCase()];
  if (multiplier === undefined) {
    return fail(modelProblem('badSpeed', `unknown speed unit '${unit}' in '${text}'; use M or G, e.g. 10G`, span));
  }
  const mbps = Number(digits) * multiplier;
  if (mbps <= 0) return fail(modelProblem('badSpeed', `speed '${text}' must be greater than zero`, span));
  return { ok: true, value: mbps };
}

const SIZE_POWERS: Record<string, number> = { b: 0, k: 1, m: 2, g: 3, t: 4, p: 5 };

/** `500G`, `4T`, `1.5T`, `512MiB` → bytes, in binary multiples (`4T` is 4 TiB). */
export function parseSize(text: string, span: Span): Parsed<number> {
  const match = NUMBER_WITH_UNIT.exec(text);
  if (!match) {
    return fail(modelProblem('badSize', `'${text}' is not a size; write a number with K, M, G, T or P, e.g. 4T`, span));
  }
  const [, digits, unit] = match;
  if (unit === '') {
    return fail(modelProblem('badSize', `size '${text}' has no unit; use K, M, G, T or P, e.g. ${digits}G`, span));
  }
  // `4T`, `4TB` and `4TiB` all mean 4 TiB: storage admins write sizes the way arrays report them.
  const power = SIZE_POWERS[unit.toLowerCase().replace(/i?b$/, '') || 'b'];
  if (power === undefined) {
    return fail(modelProblem('badSize', `unknown size unit '${unit}' in '${text}'; use K, M, G, T or P, e.g. 4T`, span));
  }
  return { ok: true, value: Math.round(Number(digits) * 1024 ** power) };
}

export const MTU_MIN = 576;
export const MTU_JUMBO_MAX = 9216;
export const MTU_MAX = 65535;

/**
 * MTU in bytes. 576..9216 is accepted (9216 is the largest jumbo frame switches carry); up to 65535
 * (the IP maximum, used by IPoIB and loopback) is kept with a warning, since on Ethernet it is
 * almost certainly a typo; anything else is an error.
 */
export function parseMtu(text: string, span: Span): Parsed<number> {
  const value = WHOLE_NUMBER.test(text) ? Number(text) : NaN;
  if (!(value >= MTU_MIN && value <= MTU_MAX)) {
    return fail(modelProblem('badMtu', `MTU '${text}' must be a whole number from ${MTU_MIN} to ${MTU_JUMBO_MAX}, e.g. 1500 or 9000`, span));
  }
  if (value > MTU_JUMBO_MAX) {
    const warning = modelProblem('largeMtu', `MTU ${value} is larger than any Ethernet jumbo frame (${MTU_JUMBO_MAX}); did you mean 9000?`, span);
    return { ok: true, value, warning };
  }
  return { ok: true, value };
}

export function parseVlan(text: string, span: Span): Parsed<number> {
  const value = WHOLE_NUMBER.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= 4094)) {
    return fail(modelProblem('badVlan', `VLAN '${text}' must be a whole number from 1 to 4094`, span));
  }
  return { ok: true, value };
}

/** A non-negative whole number, e.g. a LUN. */
export function parseWholeNumber(text: string, span: Span, what: string): Parsed<number> {
  const value = WHOLE_NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) {
    return fail(modelProblem('badNumber', `${what} '${text}' must be a whole number, e.g. 0 or 12`, span));
  }
  return { ok: true, value };
}

const TRUE_WORDS = new Set(['on', 'true', 'yes']);
const FALSE_WORDS = new Set(['off', 'false', 'no']);

export function parseBoolean(text: string, span: Span): Parsed<boolean> {
  const lower = text.toLowerCase();
  if (TRUE_WORDS.has(lower)) return { ok: true, value: true };
  if (FALSE_WORDS.has(lower)) return { ok: true, value: false };
  return fail(modelProblem('badBoolean', `'${text}' is not on or off${didYouMean(lower, ['on', 'off', 'true', 'false', 'yes', 'no'])}`, span));
}

/** One of a fixed set of words, e.g. a team mode; `what` names the setting in the message. */
export function parseChoice<T extends string>(text: string, span: Span, allowed: readonly T[], what: string): Parsed<T> {
  const lower = text.toLowerCase();
  for (const choice of allowed) if (choice === lower) return { ok: true, value: choice };
  const suggestion = didYouMean(text, allowed);
  return fail(modelProblem('badChoice', `unknown ${what} '${text}'${suggestion} (one of ${allowed.join(', ')})`, span));
}

/** An address without a prefix length, a gateway: `10.10.1.1`, `fd00:10::1`. */
export function parseAddress(text: string, span: Span): Parsed<Address> {
  const slash = text.indexOf('/');
  if (slash >= 0) return fail(modelProblem('badAddress', `a gateway is an address without a prefix length: write ${text.slice(0, slash)}`, span));
  const parsed = parseIp(`${text}/${text.includes(':') ? 128 : 32}`, span);
  if (!parsed.ok) return fail(modelProblem('badAddress', `'${text}' is not an IPv4 or IPv6 address`, span));
  return { ok: true, value: { address: parsed.value.address, version: parsed.value.version, span } };
}

/** Whether `address` lies in the network of `network` (an interface's subnet, a route's destination). */
export function inNetwork(address: { address: string; version: 4 | 6 }, network: Ip): boolean {
  if (address.version !== network.version) return false;
  const parsed = parseIp(`${address.address}/${network.prefix}`, network.span);
  return parsed.ok && parsed.value.subnet === network.subnet;
}

/** `10:00:00:00:C9:12:34:56` or `10000000c9123456` → `10:00:00:00:c9:12:34:56`. */
export function parseWwpn(text: string, span: Span): Parsed<string> {
  const lower = text.toLowerCase();
  let hex: string | undefined;
  if (/^[0-9a-f]{2}(:[0-9a-f]{2}){7}$/.test(lower)) hex = lower.replaceAll(':', '');
  else if (/^[0-9a-f]{16}$/.test(lower)) hex = lower;
  if (hex === undefined) {
    return fail(modelProblem('badWwpn', `'${text}' is not a WWPN; write eight hex pairs joined by ':', e.g. 10:00:00:00:c9:12:34:56`, span));
  }
  return { ok: true, value: hex.match(/../g)!.join(':') };
}

/** `172.24.0.10/24` or `fd00:10::5/64` → normalised address and subnet. */
export function parseIp(text: string, span: Span): Parsed<Ip> {
  const slash = text.indexOf('/');
  if (slash < 0) {
    return badAddress(text, span, `it needs a prefix length, e.g. ${text.includes(':') ? `${text}/64` : `${text}/24`}`);
  }
  const quick = quickIpv4(text, slash, span);
  if (quick) return { ok: true, value: quick };
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const isV6 = addressText.includes(':');
  const maxPrefix = isV6 ? 128 : 32;
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= maxPrefix)) {
    return badAddress(text, span, `prefix length '${prefixText}' must be from 0 to ${maxPrefix}`);
  }
  if (isV6) {
    const groups = parseIpv6Groups(addressText);
    if (typeof groups === 'string') return badAddress(text, span, groups);
    const network = groups.map((group, i) => group & groupMask(prefix - i * 16));
    return {
      ok: true,
      value: { address: formatIpv6(groups), version: 6, prefix, subnet: `${formatIpv6(network)}/${prefix}`, span },
    };
  }
  // quickIpv4 has read every well-formed IPv4 address: what is left is explained here.
  const octets = parseIpv4Octets(addressText);
  return badAddress(text, span, typeof octets === 'string' ? octets : 'an IPv4 address has four numbers from 0 to 255 joined by dots');
}

/** Subnet texts by network and prefix: a design has few subnets and thousands of addresses in them. */
const ipv4Subnets = new Map<number, string>();
const MAX_CACHED_SUBNETS = 4096;

/**
 * A well-formed IPv4 address with prefix (`172.24.0.10/24`, no leading zeros) read from its
 * character codes, without substrings; undefined for anything else, which `parseIp` then
 * explains. Every address of a large design goes through here.
 */
function quickIpv4(text: string, slash: number, span: Span): Ip | undefined {
  let address = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i <= slash; i++) {
    const code = i < slash ? text.charCodeAt(i) : 0x2e;
    if (code === 0x2e) {
      if (digits === 0 || octet > 255) return undefined;
      address = address * 256 + octet;
      dots++;
      octet = 0;
      digits = 0;
    } else if (code >= 0x30 && code <= 0x39) {
      if (digits === 1 && octet === 0) return undefined;
      octet = octet * 10 + (code - 0x30);
      if (++digits > 3) return undefined;
    } else return undefined;
  }
  if (dots !== 4) return undefined;
  let prefix = 0;
  const prefixDigits = text.length - slash - 1;
  if (prefixDigits < 1 || prefixDigits > 3) return undefined;
  for (let i = slash + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
    prefix = prefix * 10 + (code - 0x30);
  }
  if (prefix > 32) return undefined;
  const network = prefix === 0 ? 0 : (address - (address % 2 ** (32 - prefix)));
  const key = network * 64 + prefix;
  let subnet = ipv4Subnets.get(key);
  if (subnet === undefined) {
    subnet = `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}/${prefix}`;
    if (ipv4Subnets.size < MAX_CACHED_SUBNETS) ipv4Subnets.set(key, subnet);
  }
  return { address: text.slice(0, slash), version: 4, prefix, subnet, span };
}

function badAddress(text: string, span: Span, why: string): Parsed<Ip> {
  return fail<Ip>(modelProblem('badAddress', `'${text}' is not a valid address: ${why}`, span));
}

/** The four octets, or why the text is not a dotted-quad IPv4 address. */
function parseIpv4Octets(text: string): number[] | string {
  let dots = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x2e) dots++;
  if (dots !== 3) return 'an IPv4 address has four numbers joined by dots';
  const octets: number[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 0x2e) continue;
    const part = text.slice(start, i);
    start = i + 1;
    if (!isDecimalOctetText(part)) return `'${part}' is not a number from 0 to 255`;
    // inet_aton reads a leading zero as octal, so `010` is ambiguous.
    if (part.length > 1 && part.charCodeAt(0) === 0x30) return `'${part}' has a leading zero`;
    const octet = Number(part);
    if (octet > 255) return `${octet} is larger than 255`;
    octets.push(octet);
  }
  return octets;
}

/** One to three decimal digits. */
function isDecimalOctetText(part: string): boolean {
  if (part.length === 0 || part.length > 3) return false;
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

/** The eight 16-bit groups, or why the text is not an IPv6 address. */
function parseIpv6Groups(text: string): number[] | string {
  const halves = text.split('::');
  if (halves.length > 2) return "'::' may appear only once";
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const groups: number[] = [];
  const readGroups = (parts: string[], isLast: boolean): string | undefined => {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (isLast && i === parts.length - 1 && part.includes('.')) {
        const octets = parseIpv4Octets(part);
        if (typeof octets === 'string') return octets;
        groups.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
        groups.push(parseInt(part, 16));
      } else {
        return part === '' ? 'empty group between colons' : `'${part}' is not a group of 1 to 4 hex digits`;
      }
    }
    return undefined;
  };
  const compressed = halves.length === 2;
  const headError = readGroups(head, !compressed);
  if (headError) return headError;
  const headCount = groups.length;
  const tailError = readGroups(tail, true);
  if (tailError) return tailError;
  if (!compressed) {
    return groups.length === 8 ? groups : `an IPv6 address has 8 groups (or '::'), found ${groups.length}`;
  }
  if (groups.length > 7) return `'::' stands for at least one group, but ${groups.length} groups are written`;
  const zeros: number[] = new Array(8 - groups.length).fill(0);
  return [...groups.slice(0, headCount), ...zeros, ...groups.slice(headCount)];
}

function groupMask(bits: number): number {
  const clamped = Math.min(16, Math.max(0, bits));
  return (0xffff << (16 - clamped)) & 0xffff;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero groups as `::`. */
function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function fail<T>(problem: Problem): Parsed<T> {
  return { ok: false, problem };
}
