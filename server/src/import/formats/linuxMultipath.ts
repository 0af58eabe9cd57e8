// device-mapper multipath: `multipath -ll` in its tree layout (multipath-tools 0.4.9 and later:
// `|-+- policy='service-time 0' prio=50 status=active`) and its old bracket layout (RHEL 5:
// `\_ round-robin 0 [prio=2][active]`), and `multipathd show paths` (default or `format` columns).
// Layouts from multipath(8), multipathd(8) and libmultipath's print.c.
import type { AluaState, Fact, LunFact, OutputFormat, Parsed, PathFact, PathState } from '../facts';
import { linesOf, policyOf, readTable, wwpnOf } from '../text';

/** `mpatha (3600a0980…) dm-2 NETAPP,LUN C-Mode`, or without alias `3600a0980… dm-2 NETAPP,LUN`. */
const MAP_LINE = /^(?:(\S+)\s+\(([\w.:-]+)\)|([0-9a-fA-F]{16,}|[\w.-]+))\s+(dm-\d+)\s*(.*)$/;
const GROUP_NEW = /^[\s|`]*[|`]-\+-\s+policy='([^']*)'\s+prio=(-?\d+)\s+status=(\w+)/;
const GROUP_OLD = /^\s*\\_\s+(.+?)\s+\[prio=(-?\d+)\]\[(\w+)\]/;
const PATH_NEW = /^[\s|`]*[|`]-\s+(\d+:\d+:\d+:\d+)\s+(\w+)\s+\d+:\d+\s+(\w+)\s+(\w+)\s*(\w+)?/;
const PATH_OLD = /^\s*\\_\s+(\d+:\d+:\d+:\d+)\s+(\w+)\s+\d+:\d+\s+\[(\w+)\]\[(\w+)\]/;

export const multipathList: OutputFormat = {
  id: 'linux-multipath-ll',
  command: 'multipath -ll',
  recognise: (text) => linesOf(text).some((line) => MAP_LINE.test(line.text)) && (/policy='/.test(text) || /\[prio=/.test(text)),
  parse(text) {
    const result: Parsed = { facts: [], errors: [] };
    let lun: LunFact | undefined;
    let groups: Array<{ prio: number; paths: PathFact[]; active: boolean }> = [];
    let alua = false;
    const finish = () => {
      // ALUA (hwhandler='1 alua' or prio alua) groups paths by access state: the highest priority
      // group leads to the owning controller.
      const top = Math.max(...groups.map((g) => g.prio));
      for (const g of groups) {
        for (const path of g.paths) {
          // The tur checker says `ghost` of a path to an ALUA standby port group.
          if (alua) path.alua = path.state === 'standby' && g.prio < top ? 'standby' : g.prio === top ? 'optimized' : 'non-optimized';
          if (path.state === 'active' && !g.active) path.state = 'standby';
          result.facts.push(path);
        }
      }
      groups = [];
    };
    for (const { number, text: line } of linesOf(text)) {
      const map = !/^[\s|`\\]/.test(line) ? MAP_LINE.exec(line) : null;
      if (map && !/^(size|\[size)/.test(line)) {
        finish();
        const wwid = normaliseWwid(map[2] ?? map[3]);
        const [vendor, product] = (map[5] ?? '').split(',', 2).map((part) => part.trim());
        lun = { kind: 'lun', line: number, wwid, vendor: vendor || undefined, product: product || undefined };
        alua = false;
        result.facts.push(lun);
        continue;
      }
      if (!lun) {
        if (line.trim() !== '' && !/^(\w+:|Dec|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov)/.test(line)) result.errors.push({ line: number, message: 'not part of a multipath map; skipped' });
        continue;
      }
      if (/hwhandler='1 alua'|hwhandler=1 alua|\[hwhandler=1 alua\]/.test(line)) alua = true;
      const newGroup = GROUP_NEW.exec(line) ?? GROUP_OLD.exec(line);
      if (newGroup) {
        lun.policyName = newGroup[1];
        lun.policy = policyOf(newGroup[1]);
        groups.push({ prio: Number(newGroup[2]), paths: [], active: newGroup[3] === 'active' });
        continue;
      }
      const path = PATH_NEW.exec(line) ?? PATH_OLD.exec(line);
      if (path) {
        if (groups.length === 0) groups.push({ prio: 0, paths: [], active: true });
        const [, hctl, device, dmState, checker] = path;
        groups[groups.length - 1].paths.push({
          kind: 'path',
          line: number,
          wwid: lun.wwid,
          lun: Number(hctl.split(':')[3]),
          device,
          scsiAddress: hctl,
          state: pathState(dmState, checker),
        });
      }
    }
    finish();
    return result;
  },
};

/** dm state (active/failed) and checker state (ready/faulty/ghost/shaky/offline) → one path state. */
function pathState(dmState: string, checker: string): PathState {
  if (dmState === 'failed' || /^(faulty|offline|shaky|undef)$/.test(checker)) return 'failed';
  if (checker === 'ghost') return 'standby';
  return 'active';
}

/** WWIDs as multipath prints them: `3` + NAA hex for SCSI; the design keys on the lower-case hex. */
export function normaliseWwid(text: string): string {
  const lower = text.toLowerCase();
  if (/^naa\.[0-9a-f]+$/.test(lower)) return lower.slice(4);
  if (/^3[0-9a-f]{16,32}$/.test(lower)) return lower.slice(1);
  return lower;
}

/** `multipathd show paths`: the header names the columns, whichever `format` asked for them. */
const MULTI_WORD_HEADERS = ['host WWNN', 'target WWNN', 'host WWPN', 'target WWPN', 'host adapter', 'vend/prod/rev'];

export const multipathdPaths: OutputFormat = {
  id: 'linux-multipathd-paths',
  command: 'multipathd show paths',
  recognise: (text) => /^\s*(uuid\s+)?hcil\s+dev\b/m.test(text) && /\bdm_st\b/.test(text),
  parse(text) {
    const facts: Fact[] = [];
    const errors: Parsed['errors'] = [];
    const headerLine = linesOf(text).find((line) => /\bhcil\s+dev\b/.test(line.text));
    if (!headerLine) return { facts, errors: [{ line: 1, message: 'no header line (hcil dev …)' }] };
    let header = headerLine.text;
    for (const name of MULTI_WORD_HEADERS) header = header.replace(name, name.replace(' ', '_'));
    const names = header.trim().split(/\s+/);
    const rows = readTable(text.replace(headerLine.text, header), names);
    for (const row of rows) {
      const cell = (name: string) => row.cells.get(name)?.trim() || undefined;
      const device = cell('dev');
      const hctl = cell('hcil');
      if (!device || !hctl || !/^\d+:\d+:\d+:\d+$/.test(hctl)) {
        errors.push({ line: row.line, message: 'not a path row (hcil dev …); skipped' });
        continue;
      }
      const wwid = cell('uuid');
      const alua = aluaOf(cell('pri'));
      const path: PathFact = {
        kind: 'path',
        line: row.line,
        wwid: wwid ? normaliseWwid(wwid) : '',
        lun: Number(hctl.split(':')[3]),
        device,
        scsiAddress: hctl,
        state: pathState(cell('dm_st') ?? 'active', cell('chk_st') ?? 'ready'),
      };
      const target = cell('target_WWNN');
      if (target && /^(iqn|eui)\./.test(target)) path.target = target;
      // Fibre Channel paths name their HBA and target port (iSCSI ones print `[undef]`).
      const initiatorWwpn = wwpnOf(cell('host_WWPN'));
      const targetWwpn = wwpnOf(cell('target_WWPN'));
      if (initiatorWwpn && targetWwpn) Object.assign(path, { initiatorWwpn, targetWwpn });
      if (alua) path.alua = alua;
      facts.push(path);
    }
    return { facts, errors };
  },
};

/** The ALUA prioritizer's priorities: 50 optimized, 10 non-optimized, 1 standby, 0 unavailable. */
function aluaOf(priority: string | undefined): AluaState | undefined {
  if (priority === '50' || priority === '130') return 'optimized';
  if (priority === '10' || priority === '90') return 'non-optimized';
  return undefined;
}
