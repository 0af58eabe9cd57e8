import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { lacksMcsInitiator, mcsSessions, mcsSpan, usesMcs } from './mcs';
import { sessionsOf } from './util';

export const mcsUnsupportedOs: Rule = {
  meta: {
    id: 'mcs-unsupported-os',
    defaultSeverity: 'error',
    summary: 'MC/S is configured on an OS whose initiator does not implement it (Linux, ESXi).',
    rationale:
      'Multiple connections per session is an optional part of the iSCSI protocol that both ' +
      'initiator and target must implement. The Linux open-iscsi initiator does not implement it, ' +
      'and neither (as far as public documentation shows) does the vSphere software initiator; on ' +
      'those systems multipathing is done with MPIO (dm-multipath, the ESXi native multipathing ' +
      'plugin) and one session per path.',
    sources: [
      { title: 'Infortrend: EonStor DS/GS Trunking, MPIO, MC/S Configuration Guide (seed 001): Linux and vSphere hosts cannot use MC/S' },
      { title: 'linux-iscsi.org: Multiple Connections per Session', url: 'http://linux-iscsi.org/wiki/Multiple_Connections_per_Session' },
      { title: 'ESXi: no first-party statement was found; the claim rests on seed 001 and is unverified' },
    ],
    fixes: [{ id: 'replace-mcs-with-mpio', title: 'Replace MC/S with MPIO (one session per path)' }],
    docsPath: docsPathOf('mcs-unsupported-os'),
  },
  checkHost({ analysis }, host) {
    const sessions = sessionsOf(analysis, host);
    if (!lacksMcsInitiator(host) || !usesMcs(host, sessions)) return [];
    const osName = host.os?.family === 'esxi' ? 'ESXi' : 'Linux (open-iscsi)';
    return [
      {
        span: mcsSpan(host, sessions),
        message:
          `${host.id} runs ${host.os?.raw}, whose iSCSI initiator has no MC/S: these connections will not ` +
          `log in as one session; use MPIO with one session per path (${osName} multipathing)`,
        related: mcsSessions(sessions).map((session) => ({ span: session.span, message: 'MC/S session' })),
        data: { host: host.id },
      },
    ];
  },
};
