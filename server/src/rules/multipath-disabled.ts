import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { count, headSpan, modelIndex, pairPaths } from './util';

export const multipathDisabled: Rule = {
  meta: {
    id: 'multipath-disabled',
    defaultSeverity: 'error',
    summary: 'A host has two or more sessions (or FC paths) to a volume but no multipathing (`multipath none`).',
    rationale:
      'Each iSCSI session (or FC path) presents the volume to the operating system as a disk. ' +
      'Without a multipath layer to merge them, the host sees the same LUN as two or more separate ' +
      'disks; writing to them independently, or a cluster or volume manager picking both up, ' +
      'corrupts the data. Several paths need MPIO (or a single MC/S session) on the host.',
    sources: [
      { title: 'Infortrend: EonStor DS/GS Trunking, MPIO, MC/S Configuration Guide (seed 001): MPIO recognises and manages redundant paths to one volume' },
      { title: 'Microsoft: Multipath I/O overview' },
    ],
    fixes: [],
    docsPath: docsPathOf('multipath-disabled'),
  },
  checkHost({ model, analysis }, host) {
    const index = modelIndex(model);
    if (host.multipath !== 'none') return [];
    const crowded = (analysis.pairsByHost.get(host.id) ?? []).flatMap((pair) => {
      // The connections of one MC/S session present the volume once.
      const paths = pairPaths(analysis, pair);
      const sessions = new Set(paths.map((path) => (path.mcs && path.session) || path.id));
      // Fibre Channel has no sessions: each FC path presents the volume once.
      const unit = paths.every((path) => path.protocol === 'iscsi') ? 'session' : 'path';
      return sessions.size >= 2 ? [{ pair, sessions: sessions.size, unit }] : [];
    });
    if (crowded.length === 0) return [];
    const worst = crowded.reduce((a, b) => (b.sessions > a.sessions ? b : a));
    const remedy =
      host.os?.family === 'windows-client'
        ? 'combine them in one MC/S session'
        : 'set `multipath mpio`';
    return [
      {
        span: host.multipathSpan ?? headSpan(host),
        message:
          `${host.id} has ${count(worst.sessions, worst.unit)} to ${worst.pair.volume} but no multipathing: ` +
          `the OS sees the same LUN ${worst.sessions} times, and writing to the copies corrupts data; ${remedy}`,
        related: crowded.flatMap(({ pair }) => {
          const volume = index.volumes.get(pair.volume);
          return volume ? [{ span: volume.nameSpan, message: `volume ${volume.id}` }] : [];
        }),
        data: { host: host.id },
      },
    ];
  },
};
