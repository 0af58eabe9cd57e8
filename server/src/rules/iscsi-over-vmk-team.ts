import { hostParts } from '../analysis';
import { vmkTeaming } from '../analysis/modelIndex';
import type { VSwitchTeaming } from '../model/schema';
import type { Rule } from './rule';
import { docsPathOf } from './rule';
import { count, headSpan, joinNames, modelIndex, unique } from './util';

export const iscsiOverVmkTeam: Rule = {
  meta: {
    id: 'iscsi-over-vmk-team',
    defaultSeverity: 'warning',
    summary: 'An ESXi VMkernel port carries iSCSI over two or more active uplinks without port binding (vSwitch NIC teaming).',
    rationale:
      'A VMkernel port with several active uplinks and no binding leaves the choice of uplink to the ' +
      "vSwitch's teaming policy, not to the multipathing plugin: the software iSCSI adapter opens one " +
      'session per portal through that one port, the session rides one uplink at a time, and it moves ' +
      'to the other only when the first loses link. A hung NIC or a misconfigured switch port that ' +
      'keeps link stops storage, and the second uplink adds neither bandwidth nor a path the host ' +
      'can see. It is the NIC-teaming mistake of the serverfault question in VMware form. Give each ' +
      'uplink its own VMkernel port with one active uplink and bind them to the software iSCSI ' +
      'adapter (one subnet), or use one VMkernel port per subnet with one active uplink each. Load-based ' +
      'teaming (route based on physical NIC load, on a distributed switch) changes none of this: it moves ' +
      'a port to another uplink when its own is busy, still one uplink at a time.',
    sources: [
      { title: 'VMware KB 2038869: Considerations for using software iSCSI port binding in ESX/ESXi', url: 'https://kb.vmware.com/s/article/2038869' },
      {
        title: 'VMware vSphere Storage: Best Practices for Configuring Networking with Software iSCSI (without binding, one session per portal)',
        url: 'https://docs.vmware.com/en/VMware-vSphere/6.7/com.vmware.vsphere.storage.doc/GUID-4C19E34E-764C-4069-9D9F-D0F779F2A96C.html',
      },
      {
        title: 'VMware vSphere Networking: Route Based on Physical NIC Load (originating port plus a move off an uplink busy over 75% for 30 s; distributed switch only; no change on the physical switch)',
        url: 'https://docs.vmware.com/en/VMware-vSphere/7.0/com.vmware.vsphere.networking.doc/GUID-E356DCBF-913B-4FD1-BDB1-C5E63A891B14.html',
      },
      { title: 'Broadcom KB 323116: Configuring iSCSI port binding with multiple NICs in one vSwitch (teaming policy)', url: 'https://knowledge.broadcom.com/external/article/323116' },
      { title: 'Server Fault: "MPIO vs NIC teaming for iSCSI" (seed 000)' },
    ],
    fixes: [],
    docsPath: docsPathOf('iscsi-over-vmk-team'),
  },
  checkHost({ model, analysis }, host) {
    if (host.vmks.length === 0) return [];
    const index = modelIndex(model);
    const arraysByVmk = new Map<string, string[]>();
    for (const path of hostParts(analysis).get(host.id)?.paths ?? []) {
      if (path.initiatorKind !== 'vmk') continue;
      const list = arraysByVmk.get(path.initiator);
      if (list) list.push(path.array);
      else arraysByVmk.set(path.initiator, [path.array]);
    }
    return [...arraysByVmk].flatMap(([vmkId, arrays]) => {
      const vmk = index.vmks.get(vmkId);
      // A bound port with several uplinks is esxi-port-binding's to report.
      if (!vmk || vmk.bound || vmk.active.length < 2) return [];
      const uplinks = vmk.active.map((ref) => ref.id);
      return [
        {
          span: headSpan(vmk),
          message:
            `${vmk.id} carries iSCSI to ${unique(arrays).join(', ')} over ${count(uplinks.length, 'active uplink')} ` +
            `(${joinNames(uplinks)}) without port binding: ${howItPicks(vmkTeaming(index, vmk))} and ` +
            'fails over only on link loss, so a hung NIC stops storage and the other uplinks add no path; ' +
            'give each uplink its own VMkernel port with one active uplink and bind them',
          related: vmk.active.map((ref) => ({ span: ref.span, message: `active uplink ${ref.id}` })),
          data: { host: vmk.host, vmk: vmk.id },
        },
      ];
    });
  },
};

/** How the vmk's teaming policy places its sessions on uplinks: never more than one per session. */
function howItPicks(policy: { teaming: VSwitchTeaming; override: boolean } | undefined): string {
  const whose = policy?.override ? "the port group's" : "the vSwitch's";
  if (policy?.teaming === 'physical-nic-load') return 'load-based teaming keeps the port on one uplink at a time, moving it only when that uplink is busy,';
  if (policy?.teaming === 'ip-hash' || policy?.teaming === 'lacp') return `${whose} ${policy.teaming === 'lacp' ? 'LACP' : 'IP'} hash puts each session on one uplink`;
  return `${whose} teaming picks one uplink per session`;
}
