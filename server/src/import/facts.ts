// What a command output says, as located facts: each parser turns one output into facts (and
// errors for what it could not read), each fact with the line it was read from. Facts name things
// by the keys that stay stable across reboots and machines — IQNs, portal addresses, WWIDs, LUNs,
// MACs, LLDP system names and ports. Device names (sdX, vmhba:C:T:L, HCTL) appear only to link
// two outputs of the same collection on one machine, never as the identity of anything.

export type OsFamily = 'linux' | 'windows' | 'esxi';
export type TeamMode = 'lacp' | 'static' | 'switch-independent';
/** A vSwitch's load balancing, in the design's words (esxcli's `srcport`, `mac`, `iphash`, `explicit`). */
export type VSwitchTeaming = 'originating-port' | 'source-mac' | 'ip-hash' | 'failover-order';
export type Policy = 'round-robin' | 'round-robin-subset' | 'failover-only' | 'least-queue-depth' | 'weighted-paths' | 'least-blocks';
/** A path as the multipath layer sees it. */
export type PathState = 'active' | 'standby' | 'failed';
/** ALUA access state of the target port group a path leads to. */
export type AluaState = 'optimized' | 'non-optimized' | 'standby' | 'unavailable';

/** Present in every fact: the 1-based line of the output it was read from. */
interface Located {
  line: number;
}

/** The machine's own iSCSI initiator name. */
export interface InitiatorFact extends Located {
  kind: 'initiator';
  iqn: string;
}

/** The machine's name, where an output states it (a prompt, a chassis name). */
export interface MachineFact extends Located {
  kind: 'machine';
  role: 'host' | 'switch';
  name?: string;
  os?: OsFamily;
  /** The design's OS name (`rhel-9`, `windows-server-2022`, `esxi-8.0`) when the output tells the version. */
  osName?: string;
  /** A Fibre Channel switch's fabric name, where it prints one (Brocade `Fabric Name:`). */
  fabric?: string;
}

export interface InterfaceFact extends Located {
  kind: 'interface';
  name: string;
  /** `nic` a physical port, `vmk` an ESXi VMkernel port, `virtual` a team/bond/vlan/loopback. */
  type: 'nic' | 'vmk' | 'virtual';
  mac?: string;
  /** Addresses with their prefix length, `10.10.1.11/24`. */
  ips: string[];
  mtu?: number;
  speedMbps?: number;
  up?: boolean;
  /** The team or bond this port is a member of (Linux `master bond0`). */
  master?: string;
  /** A VMkernel port's physical uplinks, and whether it is bound to the software iSCSI adapter. */
  uplinks?: string[];
  bound?: boolean;
  /** A VMkernel port's virtual switch (standard or distributed) and port group, as `network ip interface list` names them. */
  vswitch?: string;
  portgroup?: string;
  /** The interface's own default gateway (an ESXi VMkernel port's gateway override). */
  gateway?: string;
}

/** An ESXi virtual switch: a standard one, or this host's part of a distributed one. */
export interface VSwitchFact extends Located {
  kind: 'vswitch';
  name: string;
  type: 'standard' | 'distributed';
  mtu?: number;
  /** Physical NICs (vmnics) attached to it. */
  uplinks: string[];
  /** The port groups of a standard vSwitch. */
  portgroups: string[];
  /** The VMkernel ports a distributed switch lists among the clients of its ports. */
  vmks: string[];
}

/** A standard vSwitch's port group: the vSwitch it is on and the VLAN it tags. */
export interface PortgroupFact extends Located {
  kind: 'portgroup';
  name: string;
  vswitch: string;
  /** 0: untagged; 4095: every VLAN passed to the guest. */
  vlan: number;
}

/** The teaming and failover policy of a vSwitch, or of a port group with what it overrides. */
export interface FailoverFact extends Located {
  kind: 'failover';
  scope: 'vswitch' | 'portgroup';
  /** The vSwitch or port group, as the command line above the output names it. */
  name: string;
  teaming?: VSwitchTeaming;
  active: string[];
  standby: string[];
  /** A port group's: whether its failover order and its load balancing replace the vSwitch's. */
  overridesUplinks?: boolean;
  overridesTeaming?: boolean;
}

export interface TeamFact extends Located {
  kind: 'team';
  name: string;
  /** Undefined when the output lists members only (Get-NetLbfoTeamMember). */
  mode?: TeamMode;
  members: Array<{ name: string; up: boolean }>;
}

/** One logged-in (or failed) iSCSI connection: what the design calls a session's connection. */
export interface SessionFact extends Located {
  kind: 'session';
  /** Empty when the output does not name it (Get-IscsiConnection); the join takes it from the target facts. */
  target: string;
  /** The portal's address, without port. */
  portal: string;
  /** The initiator's local address, when the output shows it. */
  initiatorAddress?: string;
  /** The initiator's network interface (open-iscsi iface netdev), when shown. */
  initiatorInterface?: string;
  state: 'logged-in' | 'failed';
  /** Ties this session to the paths of the same collection (sdX of open-iscsi, ISID of ESXi, session id of Windows). */
  link?: string;
  /** SCSI devices the session carries, by the same collection-local device names. */
  devices: Array<{ device: string; lun?: number }>;
}

/** A target known to the initiator (a node record, a discovered target), logged in or not. */
export interface TargetFact extends Located {
  kind: 'target';
  target: string;
  portal?: string;
  connected?: boolean;
  /** The initiator address a session to it leaves from (Windows' InitiatorPortalAddress). */
  initiatorAddress?: string;
  /** Connections in the session: more than one is MC/S. */
  connections?: number;
}

/** One path of a multipath device. */
export interface PathFact extends Located {
  kind: 'path';
  /** WWID / NAA of the LUN; the stable key. */
  wwid: string;
  lun?: number;
  /** The collection-local device name the path is (sdX, vmhba64:C0:T1:L2, a Windows path id). */
  device?: string;
  /** A collection-local session key, when the output names the path's session. */
  link?: string;
  target?: string;
  state: PathState;
  alua?: AluaState;
  /** The target port group (ALUA), as the output numbers it. */
  group?: string;
  /** The SCSI address `host:channel:target:lun` (Linux): ties a Fibre Channel path to its fc_host and remote port of the same collection. */
  scsiAddress?: string;
  /** A Fibre Channel path's own HBA and target port, where the output names them (ESXi). */
  initiatorWwpn?: string;
  targetWwpn?: string;
}

/** A multipath device (a LUN seen over several paths) and its load-balance policy. */
export interface LunFact extends Located {
  kind: 'lun';
  wwid: string;
  policy?: Policy;
  /** The policy as the OS names it (`service-time 0`, `VMW_PSP_RR`, `Round Robin With Subset`). */
  policyName?: string;
  vendor?: string;
  product?: string;
}

/** The machine's multipath driver setting (MPIO installed, default policy). */
export interface MultipathFact extends Located {
  kind: 'multipath';
  policy?: Policy;
  policyName?: string;
}

/** An LLDP neighbour seen on a local port (a host NIC or a switch port). */
export interface NeighborFact extends Located {
  kind: 'neighbor';
  localPort: string;
  systemName: string;
  portId: string;
  portDescription?: string;
}

/** A switch's port channel and its members. */
export interface LagFact extends Located {
  kind: 'lag';
  name: string;
  mode: 'lacp' | 'static';
  up: boolean;
  members: Array<{ port: string; up: boolean }>;
}

/** A neighbour's MAC address as the machine resolved it (ARP / NDP): ties a portal address to the switch port LLDP shows its MAC on. */
export interface AddressFact extends Located {
  kind: 'address';
  address: string;
  mac: string;
}

/** A Fibre Channel HBA port of the host. */
export interface HbaFact extends Located {
  kind: 'hba';
  /** The OS's name of the port (`host5`, `vmhba2`, an initiator port's instance name): ties it to the paths of the same collection. */
  name: string;
  /** `21:00:00:24:ff:7c:11:20`: the stable key. */
  wwpn: string;
  up?: boolean;
  speedMbps?: number;
}

/** A Fibre Channel target port the host sees, by the collection-local SCSI target it is (Linux `host:channel:target`). */
export interface FcTargetFact extends Located {
  kind: 'fc-target';
  scsiTarget: string;
  wwpn: string;
}

/** A WWPN logged in to the fabric on a switch port (Brocade `switchshow` F-Port, Cisco MDS `show flogi database`). */
export interface FcLoginFact extends Located {
  kind: 'fc-login';
  port: string;
  wwpn: string;
  speedMbps?: number;
  /** The switch's port index (Brocade), where the output names the port by it alone (nsshow). */
  portIndex?: number;
}

export interface SwitchPortFact extends Located {
  kind: 'switch-port';
  port: string;
  /** The switch's port index (Brocade switchshow's Index column), which other outputs name a port by. */
  portIndex?: number;
  up: boolean;
  speedMbps?: number;
  mtu?: number;
  vlan?: number;
}

export type Fact =
  | InitiatorFact
  | MachineFact
  | InterfaceFact
  | TeamFact
  | SessionFact
  | TargetFact
  | PathFact
  | LunFact
  | MultipathFact
  | NeighborFact
  | AddressFact
  | LagFact
  | SwitchPortFact
  | HbaFact
  | FcTargetFact
  | FcLoginFact
  | VSwitchFact
  | FailoverFact
  | PortgroupFact
  | RouteFact;

/** A route of the machine's routing table. */
export interface RouteFact extends Located {
  kind: 'route';
  /** The destination network, `address/prefix`: `0.0.0.0/0` (or `::/0`) is the default route. */
  to: string;
  /** The next hop; absent for a network reached on-link (the subnet of an interface's address). */
  gateway?: string;
  /** The interface it leaves through, where the output names it. */
  interface?: string;
  /** Where it came from, where the output says: configured (by hand, a file, DHCP), or the kernel's own for an address. */
  origin?: 'configured' | 'kernel';
}

export interface ReadError {
  line: number;
  message: string;
}

/** What a parser read from one output. */
export interface Parsed {
  facts: Fact[];
  errors: ReadError[];
}

/** One command-output format: how to recognise it by content, and its parser. */
export interface OutputFormat {
  /** Stable id, also the fixture folder name: `linux-iscsiadm-session-p3`. */
  id: string;
  /** The command, as a user would type it. */
  command: string;
  /** True when `text` (first lines stripped of warnings) is this command's output. */
  recognise(text: string): boolean;
  /** Pure; never throws; linear in the text. */
  parse(text: string): Parsed;
}
