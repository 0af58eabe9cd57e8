// Host groups (grammar spec: `hostGroup`): hosts a volume maps together, as arrays keep them
// (NetApp igroups, Pure and Dell host groups, HPE host sets). Members may be declared later in the
// file, and volumes read a group's members when they resolve theirs, so a group's members resolve
// before the rest of pass 2 (`BuildContext.early`).
import type { Block } from '../../syntax/tree';
import type { HostGroup, Ref } from '../schema';
import { describeKind } from '../symbols';
import { list, ref, type BuildContext } from './context';

export function buildHostGroup(b: BuildContext, block: Block): void {
  const declared = b.declare(block, 'host-group', undefined, '');
  if (!declared) return;
  const { id, name, span, nameSpan } = declared;
  const body = b.readBody(block, 'hostGroup', name);
  const group: HostGroup = { kind: 'host-group', id, name, span, nameSpan, hosts: [] };
  b.define(group);
  b.model.hostGroups.push(group);
  b.early.push(() => {
    const seen = new Set<string>();
    for (const value of list(body, 'hosts')) {
      const definition = b.definitions.get(value.text);
      if (definition?.kind === 'host-group') {
        b.reference(definition.id, value.span);
        b.report('wrongKind', `'${value.text}' is ${describeKind(definition.kind)}: a group lists hosts, not other groups`, value.span, [
          { span: definition.nameSpan, message: `'${definition.name}' is defined here` },
        ]);
        continue;
      }
      const hostId = b.resolveTop(value, 'host');
      if (hostId === undefined) continue;
      if (seen.has(hostId)) {
        b.report('alreadyMember', `host '${value.text}' is listed twice in host group '${name}'`, value.span);
        continue;
      }
      seen.add(hostId);
      group.hosts.push(ref(hostId, value.span));
    }
  });
}

/** The hosts a volume maps through the group `group`, each a reference written where the group is named. */
export function hostsThroughGroup(group: HostGroup, where: Ref['span']): Ref[] {
  return group.hosts.map((host) => ref(host.id, where));
}
