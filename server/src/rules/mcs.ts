// What the MC/S rules share: which hosts use MC/S, and where that is written.
import type { Host, Session } from '../model/schema';
import type { Span } from '../syntax/tree';
import { headSpan } from './util';

/** Of a host's sessions, those with several connections: MC/S sessions. */
export function mcsSessions(sessions: readonly Session[]): Session[] {
  return sessions.filter((session) => session.connections.length > 1);
}

/** Whether a host uses MC/S: `multipath mcs`, or a written session (of `sessions`, its own) with several connections. */
export function usesMcs(host: Host, sessions: readonly Session[]): boolean {
  return host.multipath === 'mcs' || mcsSessions(sessions).length > 0;
}

/** Hosts whose OS has no MC/S initiator: Linux (open-iscsi) and ESXi. */
export function lacksMcsInitiator(host: Host): boolean {
  return host.os?.family === 'linux' || host.os?.family === 'esxi';
}

/** Where a host's MC/S use is written: its `multipath mcs`, else its first MC/S session. */
export function mcsSpan(host: Host, sessions: readonly Session[]): Span {
  if (host.multipath === 'mcs' && host.multipathSpan) return host.multipathSpan;
  return mcsSessions(sessions)[0]?.span ?? headSpan(host);
}
