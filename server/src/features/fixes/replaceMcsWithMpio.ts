// replace-mcs-with-mpio: for a host whose initiator has no MC/S (Linux, ESXi), each MC/S session
// becomes one session per connection (one MPIO path each), and the host gets `multipath mpio`
// (and `policy round-robin` when it has no policy).
import { sessionLine, sessionTarget, updateBlock, type QuickFix } from './fixContext';
import { eol, indentAt, type SpanEdit } from './textEdits';

export const replaceMcsWithMpio: QuickFix = {
  id: 'replace-mcs-with-mpio',
  edits(context, problem) {
    const { index, text } = context;
    const host = index.hosts.get(problem.data?.host ?? '');
    const hostBlock = host && context.block(host);
    if (!host || !hostBlock) return undefined;
    const edits: SpanEdit[] = [];
    for (const session of index.model.sessions.filter((s) => s.host.id === host.id && s.connections.length > 1)) {
      const node = context.sessionNode(session);
      if (!node || node.connections.some((connection) => !connection.portal)) return undefined;
      const target = sessionTarget(context, session);
      const lines = node.connections.map((connection) => sessionLine(host.name, target, connection.initiator.text, connection.portal?.text ?? ''));
      edits.push({ start: session.span.start, end: session.span.end, newText: lines.join(eol(text) + indentAt(text, session.span.start)) });
    }
    const properties: [string, string][] = [['multipath', 'mpio']];
    if (host.policy === undefined) properties.push(['policy', 'round-robin']);
    edits.push(...updateBlock(text, hostBlock, properties));
    return edits;
  },
};
