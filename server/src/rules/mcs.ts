// What the MC/S rules share: which hosts use MC/S, and where that is written.
import type { Host, Model, Session } from '../model/schema';
import type { Span } from '../syntax/tree';
import { headSpan } from './util';

/** Sessions with several connections: MC/S sessions. */
export function mcsSessions(model: Model, hostId: string): Session[] {
  return model.sessions.filter((session) => session.host.id === hostId && session.connections.length > 1);
}

/** Whether a host uses MC/S: `multipath mcs`, or a written session with several connections. */
export function usesMcs(model: Model, host: Host): boolean {
  return host.multipath === 'mcs' || mcsSessions(model, host.id).length > 0;
}

/** Hosts whose OS has no MC/S initiator: Linux (open-iscsi) and ESXi. */
export function lacksMcsInitiator(host: Host): boolean {
  return host.os?.family === 'linux' || host.os?.family === 'esxi';
}

/** Where a host's MC/S use is written: its `multipath mcs`, else its first MC/S session. */
export function mcsSpan(model: Model, host: Host): Span {
  if (host.multipath === 'mcs' && host.multipathSpan) return host.multipathSpan;
  return mcsSessions(model, host.id)[0]?.span ?? headSpan(host);
}
