// Shared readers for command outputs: lines with their numbers, `Key : Value` records (PowerShell
// lists, esxcli), fixed-width tables whose columns a header line places, JSON with the line of
// each object, and the value parsers (addresses, speeds, policies) the formats have in common.
// Every reader is linear in its input and never throws.
import { parseTree, type Node } from 'jsonc-parser';
import { inNetwork, parseAddress, parseIp, parseWwpn } from '../model/values';
import type { Policy, ReadError } from './facts';

export interface Line {
  /** 1-based. */
  number: number;
  text: string;
}

export function linesOf(text: string): Line[] {
  return text.split(/\r\n|\r|\n/).map((line, index) => ({ number: index + 1, text: line }));
}

/** A `Key : Value` record: the fields of one object in a PowerShell list or one esxcli entry. */
export interface FieldRecord {
  /** Line of the record's first field (or of its header). */
  line: number;
  /** An esxcli record's unindented header line, when it has one. */
  header?: string;
  fields: Map<string, { value: string; line: number }>;
}

const FIELD = /^(\s*)([A-Za-z][\w ()/.-]*?)\s*:\s?(.*)$/;

/**
 * Records of `Key : Value` lines. A blank line ends a record (PowerShell's list view); so does an
 * unindented line without a colon-separated value followed by indented fields (esxcli's header
 * line). An indented line that is not a field continues the previous value (wrapped output).
 */
export function readFieldRecords(text: string): FieldRecord[] {
  const records: FieldRecord[] = [];
  let current: FieldRecord | undefined;
  let lastKey: string | undefined;
  for (const { number, text: line } of linesOf(text)) {
    if (line.trim() === '') {
      current = undefined;
      continue;
    }
    if (/^(WARNING|VERBOSE|DEBUG):/.test(line)) continue;
    const field = FIELD.exec(line);
    const indented = /^\s/.test(line);
    if (!indented && (!field || looksLikeEsxcliHeader(line))) {
      current = { line: number, header: line.trim(), fields: new Map() };
      records.push(current);
      lastKey = undefined;
      continue;
    }
    if (field) {
      if (!current) {
        current = { line: number, fields: new Map() };
        records.push(current);
      }
      lastKey = field[2].trim();
      if (!current.fields.has(lastKey)) current.fields.set(lastKey, { value: field[3].trim(), line: number });
      continue;
    }
    if (current && lastKey && /^\s/.test(line)) {
      const previous = current.fields.get(lastKey)!;
      previous.value = `${previous.value} ${line.trim()}`.trim();
    }
  }
  return records;
}

/** esxcli names each entry by an unindented key line such as `vmhba64,iqn.…,00023d000001,0` or `naa.6…`. */
function looksLikeEsxcliHeader(line: string): boolean {
  return /^(naa\.|eui\.|t10\.|iqn\.|vmhba|vmk\d|mpx\.)/.test(line);
}

export function field(record: FieldRecord, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record.fields.get(key)?.value;
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

export function fieldLine(record: FieldRecord, key: string): number {
  return record.fields.get(key)?.line ?? record.line;
}

/** A table row: cells by header name, sliced at the header's column starts. */
export interface TableRow {
  line: number;
  cells: Map<string, string>;
  text: string;
}

/**
 * A fixed-width table: `headers` names the columns as they appear on the header line (multi-word
 * names included); each row is cut where the header's columns start. Rows before the header, rule
 * lines of dashes and blank lines are skipped; the table ends at the first line `isEnd` accepts.
 */
export function readTable(text: string, headers: readonly string[], isEnd: (line: string) => boolean = () => false): TableRow[] {
  const rows: TableRow[] = [];
  let columns: Array<{ name: string; start: number }> | undefined;
  for (const { number, text: line } of linesOf(text)) {
    if (!columns) {
      const found = headers.map((name) => ({ name, start: line.indexOf(name) }));
      if (found.every((column) => column.start >= 0) && found[0].start <= 2) columns = found.sort((a, b) => a.start - b.start);
      continue;
    }
    if (line.trim() === '' || /^[-=+\s]+$/.test(line)) continue;
    if (isEnd(line)) break;
    const cells = new Map<string, string>();
    columns.forEach((column, index) => {
      const end = index + 1 < columns!.length ? columns![index + 1].start : line.length;
      cells.set(column.name, line.slice(column.start, end).trim());
    });
    rows.push({ line: number, cells, text: line });
  }
  return rows;
}

/** A JSON value, with the line each object of it starts on. */
export interface JsonObject {
  line: number;
  value: Record<string, unknown>;
}

/**
 * The objects of a JSON output: the top-level array's elements, or the one top-level object.
 * `undefined` when the text is not JSON at all; `errors` when it is JSON cut short.
 */
export function readJsonObjects(text: string): { objects: JsonObject[]; errors: ReadError[] } | undefined {
  const start = text.search(/[[{]/);
  if (start < 0) return undefined;
  const body = text.slice(start);
  const tooDeep = nestedBeyond(body, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) {
    return { objects: [], errors: [{ line: lineNumberAt(lineStartsOf(text), start + tooDeep), message: `nested deeper than ${MAX_JSON_DEPTH} levels, which no command output is; not read` }] };
  }
  const parseErrors: Array<{ offset: number }> = [];
  const tree = parseTree(body, parseErrors as never, { allowTrailingComma: true, disallowComments: true });
  if (!tree) return undefined;
  const lineStarts = lineStartsOf(text);
  const lineAt = (offset: number) => lineNumberAt(lineStarts, start + offset);
  const errors: ReadError[] = parseErrors.length > 0 ? [{ line: lineAt(parseErrors[0].offset), message: 'the JSON is cut short or malformed here; what came before it is read' }] : [];
  const elements = tree.type === 'array' ? (tree.children ?? []) : [tree];
  const objects = elements
    .filter((node) => node.type === 'object')
    .map((node) => ({ line: lineAt(node.offset), value: nodeValue(node) as Record<string, unknown> }));
  return { objects, errors };
}

/** Command outputs nest a few levels (PowerShell's `-Depth 4`); the parser and the reader recurse once a level. */
const MAX_JSON_DEPTH = 64;

/** The offset where `json` opens its (limit+1)th nested array or object, outside strings; undefined if it never does. */
function nestedBeyond(json: string, limit: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i);
    if (inString) {
      if (char === 92) i++;
      else if (char === 34) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 91 || char === 123) {
      if (++depth > limit) return i;
    } else if (char === 93 || char === 125) depth--;
  }
  return undefined;
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, child] = property.children ?? [];
        if (key && child && !(key.value in value)) value[key.value] = nodeValue(child);
      }
      return value;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineNumberAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}

/** A string property of a JSON object, whatever its case (PowerShell's JSON keeps property case). */
export function jsonString(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The address without port or brackets: `10.0.0.1:3260,1` → `10.0.0.1`, `[fd00::1]:3260` → `fd00::1`. */
export function portalAddress(text: string): string | undefined {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::\d+)?(?:,\d+)?$/.exec(text);
  if (bracketed) return isAddress(bracketed[1]) ? normaliseAddress(bracketed[1]) : undefined;
  const ipv4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?(?:,\d+)?$/.exec(text);
  if (ipv4) return isAddress(ipv4[1]) ? ipv4[1] : undefined;
  const bare = text.replace(/,\d+$/, '');
  return isAddress(bare) ? normaliseAddress(bare) : undefined;
}

const NO_SPAN = { start: 0, end: 0 };

export function isAddress(text: string): boolean {
  if (text.length > 64) return false;
  return parseIp(`${text}/${text.includes(':') ? 128 : 32}`, NO_SPAN).ok;
}

/** The address in the form the design writes it (IPv6 compressed and lower case). */
export function normaliseAddress(text: string): string {
  const parsed = parseIp(`${text}/${text.includes(':') ? 128 : 32}`, NO_SPAN);
  return parsed.ok ? parsed.value.address : text;
}

/** `address/prefix`, validated; undefined when either part is not one. */
export function cidr(address: string, prefix: number): string | undefined {
  if (!Number.isInteger(prefix)) return undefined;
  const parsed = parseIp(`${address}/${prefix}`, NO_SPAN);
  return parsed.ok ? `${parsed.value.address}/${prefix}` : undefined;
}

/** `255.255.255.0` → 24; undefined for a mask that is not contiguous. */
export function prefixOfMask(mask: string): number | undefined {
  const octets = mask.split('.').map(Number);
  if (octets.length !== 4 || octets.some((octet) => !(octet >= 0 && octet <= 255))) return undefined;
  const bits = octets.map((octet) => octet.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') < 0 ? 32 : bits.indexOf('0') : undefined;
}

/** `25000 Mbps`, `25000Mb/s`, `25G`, `a-1000`, `10 Gbps` → Mb/s; undefined for `auto`, `unknown`. */
export function speedMbps(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const match = /^(?:a-)?(\d+(?:\.\d+)?)\s*([GMK]?)(?:b(?:ps|\/s|it\/s)?|bps)?$/i.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2].toUpperCase();
  const mbps = unit === 'G' ? value * 1000 : unit === 'K' ? value / 1000 : value;
  return mbps > 0 ? mbps : undefined;
}

export function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d{1,9}\s*$/.test(text)) return undefined;
  return Number(text);
}

/** The design's name of an OS's multipath policy (Linux path selectors, ESXi PSPs, Microsoft DSM). */
export function policyOf(name: string): Policy | undefined {
  const key = name.trim().toLowerCase().replace(/['"]/g, '');
  if (/^round-robin\b/.test(key) || key === 'vmw_psp_rr' || key === 'rr' || key === 'round robin') return 'round-robin';
  if (/^queue-length\b/.test(key) || key === 'lqd' || key === 'least queue depth') return 'least-queue-depth';
  if (/^service-time\b/.test(key) || key === 'lb' || key === 'least blocks') return 'least-blocks';
  if (key === 'vmw_psp_mru' || key === 'vmw_psp_fixed' || key === 'foo' || key === 'fail over only' || key === 'failover only') return 'failover-only';
  if (key === 'rrws' || key === 'round robin with subset') return 'round-robin-subset';
  if (key === 'wp' || key === 'weighted paths') return 'weighted-paths';
  return undefined;
}

/** Lines of warnings or prompts that precede an output (`WARNING: …`, `iscsiadm: …`, a shell prompt). */
export function isNoiseLine(line: string): boolean {
  return /^\s*(WARNING|Warning|warning|iscsiadm|multipath|multipathd|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b.*:/.test(line) || /^\S*[$#>]\s/.test(line);
}

/** A switch CLI prompt with its command (`sw-a# show lldp neighbors`): the switch's own name. */
export function switchPrompt(text: string): { name: string; line: number } | undefined {
  for (const { number, text: line } of linesOf(text).slice(0, 50)) {
    const match = /^([A-Za-z][\w.-]{0,62})(?:\([\w-]+\))?[#>]\s*show\s/.exec(line);
    if (match) return { name: match[1], line: number };
  }
  return undefined;
}

/**
 * An iSCSI name as RFC 3720 §3.2.6 allows it: `iqn.yyyy-mm.reversed.domain[:anything printable]`,
 * `eui.` + 16 hex digits or `naa.` + 16 or 32. Anything else (markup, spaces) is not a target.
 */
export function isIscsiName(text: string): boolean {
  return /^(iqn\.\d{4}-\d{2}\.[A-Za-z0-9][A-Za-z0-9.-]*(:[A-Za-z0-9.:_-]*)?|eui\.[0-9A-Fa-f]{16}|naa\.[0-9A-Fa-f]{16}([0-9A-Fa-f]{16})?)$/.test(text) && text.length <= 223;
}

/**
 * A World Wide Port Name in the design's spelling (`21:00:00:24:ff:7c:11:20`), from the forms
 * outputs print it in: `0x21000024ff7c1120` (sysfs), `21000024ff7c1120` (Get-InitiatorPort),
 * `21:00:00:24:FF:7C:11:20` (switches, esxcli). Undefined for anything else.
 */
export function wwpnOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const parsed = parseWwpn(text.trim().replace(/^0x/i, ''), NO_SPAN);
  return parsed.ok && !/^[0:]+$/.test(parsed.value) ? parsed.value : undefined;
}

/**
 * A route's destination as the design writes it: `default` is `0.0.0.0/0` (`::/0` for IPv6), a bare
 * address a host route; undefined for anything else.
 */
export function routeDestination(text: string, family: 4 | 6 = 4): string | undefined {
  if (text === 'default') return family === 6 ? '::/0' : '0.0.0.0/0';
  const [address, prefix, extra] = text.split('/');
  if (extra !== undefined || !isAddress(address)) return undefined;
  const length = prefix === undefined ? (address.includes(':') ? 128 : 32) : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  return cidr(address, length);
}

/** A route's next hop: undefined when there is none (`0.0.0.0`, `::`, on-link). */
export function nextHop(text: string | undefined): string | undefined {
  if (text === undefined || !isAddress(text)) return undefined;
  const address = normaliseAddress(text);
  return address === '0.0.0.0' || address === '::' ? undefined : address;
}

/** Whether two addresses share their first `prefix` bits (one subnet). */
export function sameSubnet(a: string, b: string, prefix: number): boolean {
  if (a.includes(':') !== b.includes(':')) return false;
  const bits = (address: string) =>
    address.includes(':')
      ? expandIpv6(address).map((group) => group.toString(2).padStart(16, '0')).join('')
      : address.split('.').map((octet) => Number(octet).toString(2).padStart(8, '0')).join('');
  return bits(a).slice(0, prefix) === bits(b).slice(0, prefix);
}

function expandIpv6(address: string): number[] {
  const [head, tail] = address.split('::');
  const part = (text: string | undefined) => (text ? text.split(':').map((group) => parseInt(group, 16) || 0) : []);
  const front = part(head);
  const back = part(tail);
  return tail === undefined ? front : [...front, ...new Array(Math.max(0, 8 - front.length - back.length)).fill(0), ...back];
}

/** Whether `address` is in the subnet of one of `ips` (`address/prefix` each), as the design's builder judges a gateway. */
export function inSubnetOf(address: string, ips: readonly string[]): boolean {
  const gateway = parseAddress(address, NO_SPAN);
  if (!gateway.ok) return false;
  return ips.some((ip) => {
    const network = parseIp(ip, NO_SPAN);
    return network.ok && inNetwork(gateway.value, network.value);
  });
}
