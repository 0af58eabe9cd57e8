import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { headSpan } from './util';

export const mpioUnsupportedOs: Rule = {
  meta: {
    id: 'mpio-unsupported-os',
    defaultSeverity: 'error',
    summary: 'MPIO is configured on a Windows client edition, which has no Microsoft MPIO.',
    rationale:
      "Microsoft's MPIO framework and its DSM ship with Windows Server editions only; Windows client " +
      'editions (XP, Vista, 7, 8, 10, 11) do not officially include them. On those hosts the built-in ' +
      'way to use several paths to an iSCSI target is MC/S, which the Microsoft initiator supports on ' +
      'every edition, provided the array supports it too.',
    sources: [
      { title: 'Infortrend: EonStor DS/GS Trunking, MPIO, MC/S Configuration Guide (seed 001): MPIO only in Windows Server editions' },
      { title: 'Microsoft: Multipath I/O overview (Windows Server feature)' },
    ],
    fixes: [{ id: 'replace-mpio-with-mcs', title: 'Replace MPIO with one MC/S session' }],
    docsPath: docsPathOf('mpio-unsupported-os'),
  },
  checkHost(_context, host) {
    if (host.multipath !== 'mpio' || host.os?.family !== 'windows-client') return [];
    return [
      {
        span: host.multipathSpan ?? headSpan(host),
        message:
          `${host.id} runs ${host.os.raw}, a Windows client edition without Microsoft MPIO: the paths will ` +
          `not be combined; use MC/S (one session with a connection per path) or a Windows Server edition`,
        related: host.os ? [{ span: host.os.span, message: 'operating system' }] : [],
        data: { host: host.id },
      },
    ];
  },
};
