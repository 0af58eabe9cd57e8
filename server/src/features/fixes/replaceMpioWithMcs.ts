// replace-mpio-with-mcs: a Windows client edition has no Microsoft MPIO but its initiator does
// MC/S. The host gets `multipath mcs`, loses its MPIO `policy`, and its single-connection sessions
// are merged per (target, controller) into one session with a connection per former session
// (MC/S cannot span controllers, so sessions to different controllers stay apart).
import { sessionTarget, updateBlock, type QuickFix } from './fixContext';
import { findProperty, removeItem, type SpanEdit } from './textEdits';

export const replaceMpioWithMcs: QuickFix = {
  id: 'replace-mpio-with-mcs',
  edits(context, problem) {
    const { index, text } = context;
    const host = index.hosts.get(problem.data?.host ?? '');
    const hostBlock = host && context.block(host);
    if (!host || !hostBlock) return undefined;
    const edits: SpanEdit[] = [...updateBlock(text, hostBlock, [['multipath', 'mcs']])];
    const policy = findProperty(hostBlock, 'policy');
    if (policy) edits.push(removeItem(text, policy.span));

    const groups = new Map<string, { target: string; connections: string[]; spans: { start: number; end: number }[] }>();
    for (const session of index.model.sessions.filter((s) => s.host.id === host.id && s.connections.length === 1)) {
      const node = context.sessionNode(session);
      const connection = node?.connections[0];
      if (!connection?.portal) return undefined;
      const portal = session.connections[0].portal.id;
      const side = index.arrayPorts.get(portal)?.controller ?? portal;
      const target = sessionTarget(context, session);
      const key = `${target}|${side}`;
      const group = groups.get(key) ?? { target, connections: [], spans: [] };
      group.connections.push(`${connection.initiator.text} -> ${connection.portal.text}`);
      group.spans.push(session.span);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      if (group.spans.length < 2) continue;
      const [first, ...rest] = group.spans;
      edits.push({ start: first.start, end: first.end, newText: `session ${host.name} -> ${group.target} via ${group.connections.join(', ')}` });
      edits.push(...rest.map((span) => removeItem(text, span)));
    }
    return edits;
  },
};
