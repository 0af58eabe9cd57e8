import { hostParts } from '../analysis';
import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { headSpan } from './util';

export const unmappedVolume: Rule = {
  meta: {
    id: 'unmapped-volume',
    defaultSeverity: 'info',
    summary: 'A volume is mapped to no host that can reach it.',
    rationale:
      'A volume without `hosts` is offered to every host, and a design under construction often ' +
      'has volumes before it has hosts or cables. Until some host has a path to it, nothing uses ' +
      'the volume: name the hosts it is for (then `no-path` says what each one still lacks) or ' +
      'add the hosts and their cables.',
    sources: [{ title: 'Storage Topology language reference (docs/language.md): volume' }],
    fixes: [],
    docsPath: docsPathOf('unmapped-volume'),
  },
  check({ model, analysis }) {
    const unnamed = model.arrays.flatMap((array) => array.volumes.filter((volume) => volume.hosts === undefined));
    if (unnamed.length === 0) return [];
    const used = new Set<string>();
    for (const part of hostParts(analysis).values()) for (const pair of part.pairs) if (pair.paths.length > 0) used.add(pair.volume);
    return unnamed
      .filter((volume) => !used.has(volume.id))
      .map((volume) => ({
        span: headSpan(volume),
        message:
          model.hosts.length === 0
            ? `${volume.id} is mapped to no host: there is no host in the design yet`
            : `${volume.id} is mapped to no host that can reach it: no host has a path to it; name the hosts it is for with \`hosts\``,
        data: { volume: volume.id },
      }));
  },
};
