// Incremental re-analysis. While an engineer types inside one host, every other host's paths,
// pairs and bandwidth are the same as in the previous version of the document: they depend only on
// the host itself and on the shared parts (switches, arrays, links, sessions), which the caller has
// found unchanged. Those results are taken over; only the changed hosts are derived again.
//
// Everything carried is keyed by ids, which do not depend on where things are written (links and
// sessions are named by what they join). The one position kept in a result is the span of a
// written session's connection, so paths and unreachable connections of sessions get the span of
// the same connection in the new model.
import type { Model, Span } from '../model/schema';
import { internalsOf } from './failure';
import type { CarriedPaths, PathRoute } from './paths';
import type { IoPath, NetworkAnalysis, PairAnalysis, UnreachableConnection } from './types';

export interface AnalysisReuse {
  /** The analysis of the previous version of the same document, with the same options. */
  previous: NetworkAnalysis;
  /**
   * Hosts written exactly as before, in a document whose other parts are unchanged, so that
   * everything their analysis reads is unchanged.
   */
  hosts: ReadonlySet<string>;
}

export interface CarriedOver {
  paths: CarriedPaths;
  pairs: PairAnalysis[];
}

/** What the previous analysis knew of the reused hosts, re-anchored to `model`; undefined if it cannot be. */
export function carryOver(reuse: AnalysisReuse, model: Model): CarriedOver | undefined {
  const inner = internalsOf(reuse.previous);
  if (!inner) return undefined;
  const connectionSpans = new Map<string, Span[]>();
  for (const session of model.sessions) connectionSpans.set(session.id, session.connections.map((c) => c.span));
  const spanOf = (session: string, connection: number): Span | undefined => connectionSpans.get(session)?.[connection];

  const paths: IoPath[] = [];
  const routes = new Map<string, PathRoute>();
  const unreachable: UnreachableConnection[] = [];
  const pairs: PairAnalysis[] = [];
  for (const host of reuse.hosts) {
    for (const id of reuse.previous.pathsByHost.get(host) ?? []) {
      const path = reuse.previous.pathById.get(id);
      const route = inner.routes.get(id);
      if (!path || !route) return undefined;
      if (path.session === undefined) paths.push(path);
      else {
        const span = spanOf(path.session, path.connection ?? 0);
        if (!span) return undefined;
        // A session kept by the re-parse keeps its connection's span object, moved in place.
        paths.push(path.span === span ? path : { ...path, span });
      }
      routes.set(id, route);
    }
    for (const pair of reuse.previous.pairsByHost.get(host) ?? []) pairs.push(pair);
  }
  for (const connection of reuse.previous.unreachable) {
    if (!reuse.hosts.has(connection.host)) continue;
    const span = spanOf(connection.session, connection.connection);
    if (!span) return undefined;
    unreachable.push(connection.span === span ? connection : { ...connection, span });
  }
  return { paths: { hosts: reuse.hosts, paths, routes, unreachable }, pairs };
}
