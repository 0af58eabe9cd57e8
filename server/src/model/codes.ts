// Every problem the model builder reports, with its stable code and severity, in one place.
// Codes are banded: TOPO30x structure, TOPO31x values, TOPO32x OS, TOPO33x references,
// TOPO34x sessions, TOPO35x links, TOPO36x consistency. Tests assert codes, never message text.
import type { Problem, RelatedLocation, Severity } from '../problem';
import type { Span } from '../syntax/tree';

export interface ModelCode {
  code: string;
  severity: Severity;
  /** One line for the documentation table. */
  meaning: string;
}

export const ModelCodes = {
  unknownEntity: { code: 'TOPO300', severity: 'error', meaning: 'Unknown top-level keyword (not host, switch, array, link or session).' },
  unknownProperty: { code: 'TOPO301', severity: 'error', meaning: 'A property or nested block that this kind of block does not have.' },
  missingName: { code: 'TOPO302', severity: 'error', meaning: 'A block that needs a name has none.' },
  duplicateName: { code: 'TOPO303', severity: 'error', meaning: 'A name already used by a sibling (top-level entities share one namespace).' },
  duplicateProperty: { code: 'TOPO304', severity: 'error', meaning: 'A property written twice in one block; the first is kept.' },
  valueCount: { code: 'TOPO305', severity: 'error', meaning: 'A single-valued property given a list.' },
  invalidName: { code: 'TOPO306', severity: 'error', meaning: 'A name that is not an identifier (letters, digits, `_`, `-`, starting with a letter or `_`).' },
  badSpeed: { code: 'TOPO310', severity: 'error', meaning: 'Not a speed such as `10G` or `100M`.' },
  badSize: { code: 'TOPO311', severity: 'error', meaning: 'Not a size such as `500G` or `4T`.' },
  badMtu: { code: 'TOPO312', severity: 'error', meaning: 'MTU not a whole number from 576 to 65535.' },
  largeMtu: { code: 'TOPO313', severity: 'warning', meaning: 'MTU above 9216, larger than Ethernet jumbo frames; kept, but check it.' },
  badVlan: { code: 'TOPO314', severity: 'error', meaning: 'VLAN not a whole number from 1 to 4094.' },
  badAddress: { code: 'TOPO315', severity: 'error', meaning: 'Not an IPv4 or IPv6 address with a prefix length.' },
  badWwpn: { code: 'TOPO316', severity: 'error', meaning: 'Not a WWPN (eight hex pairs joined by `:`).' },
  badBoolean: { code: 'TOPO317', severity: 'error', meaning: 'Not `on`/`off` (or `true`/`false`, `yes`/`no`).' },
  badChoice: { code: 'TOPO318', severity: 'error', meaning: 'Not one of the allowed values (multipath, policy, mode, capability).' },
  badNumber: { code: 'TOPO319', severity: 'error', meaning: 'Not a whole number (e.g. a LUN).' },
  unknownOs: { code: 'TOPO320', severity: 'warning', meaning: 'Unknown operating system; treated as family `other`, so OS-specific checks are skipped.' },
  unknownOsVersion: { code: 'TOPO321', severity: 'warning', meaning: 'A Windows Server or ESXi version that does not exist (`windows-server-2023`); the family\'s checks still apply.' },
  undefinedReference: { code: 'TOPO330', severity: 'error', meaning: 'A reference to a name that is not defined.' },
  wrongKind: { code: 'TOPO331', severity: 'error', meaning: 'A reference to the wrong kind of element (a team where a NIC is expected).' },
  notOwnNic: { code: 'TOPO332', severity: 'error', meaning: 'A team member, vSwitch uplink or vmk uplink that is not a NIC of the same host.' },
  alreadyMember: { code: 'TOPO333', severity: 'error', meaning: 'A NIC in two teams or vSwitches, a port in two LAGs or trunks, or a member listed twice.' },
  notArrayPort: { code: 'TOPO334', severity: 'error', meaning: 'A trunk member or portal port that is not a port (`controller.port`) of the same array (for a portal, an iSCSI one).' },
  notController: { code: 'TOPO335', severity: 'error', meaning: "A volume owner that is not a controller of the volume's array." },
  notVSwitchUplink: { code: 'TOPO336', severity: 'error', meaning: "A vmk's active or standby uplink that is not an uplink of its vSwitch, or a vSwitch's standby NIC that is not one of its uplinks." },
  distributedOnlyTeaming: {
    code: 'TOPO337',
    severity: 'error',
    meaning: "A standard vSwitch, or a vmk's port group on one, with `teaming lacp` or `teaming physical-nic-load`: LACP (vSphere 5.1 and later) and load-based teaming need a distributed switch.",
  },
  gatewayOutsideSubnet: { code: 'TOPO338', severity: 'error', meaning: "A gateway that is in none of its interface's subnets (or, for a route, in none of the host's)." },
  sessionInitiator: { code: 'TOPO340', severity: 'error', meaning: "A session initiator that is not a NIC, team or vmk of the session's host." },
  sessionPortal: { code: 'TOPO341', severity: 'error', meaning: "A session portal that is not a port, trunk or portal of the session's array." },
  sessionVolume: { code: 'TOPO342', severity: 'error', meaning: "A session target volume that is not a volume of the session's array." },
  linkEndpoint: { code: 'TOPO350', severity: 'error', meaning: 'A link end that is not a host NIC or HBA, a switch or switch port, or an array port.' },
  linkGroupEndpoint: { code: 'TOPO351', severity: 'error', meaning: 'A team, vmk, LAG, trunk or portal used as a link end; link its member ports instead.' },
  linkSelf: { code: 'TOPO352', severity: 'error', meaning: 'A link whose two ends are the same.' },
  policyWithoutMpio: { code: 'TOPO360', severity: 'warning', meaning: 'A load-balance `policy` on a host without `multipath mpio`; it has no effect.' },
  portIpAndWwpn: { code: 'TOPO361', severity: 'error', meaning: 'An array port with both `ip` (iSCSI) and `wwpn` (FC); the address is kept.' },
  selfPeer: { code: 'TOPO362', severity: 'error', meaning: 'A switch named as its own stack or MLAG peer.' },
} as const satisfies Record<string, ModelCode>;

export type ModelCodeName = keyof typeof ModelCodes;

export function modelProblem(
  name: ModelCodeName,
  message: string,
  span: Span,
  related?: RelatedLocation[],
): Problem {
  const { code, severity } = ModelCodes[name];
  const problem: Problem = { code, severity, message, span };
  if (related && related.length > 0) problem.related = related;
  return problem;
}
