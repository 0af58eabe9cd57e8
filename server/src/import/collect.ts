// `topo collect`: the read-only collector script for each OS, which runs the commands whose
// outputs `topo import` and `topo drift` read (structured forms where the OS has them) and writes
// each into a folder to copy back. The scripts only print state: no login, rescan, flush or
// setting; what they write is the output folder.

export type CollectorOs = 'linux' | 'windows' | 'esxi';
export const COLLECTOR_OSES: readonly CollectorOs[] = ['linux', 'windows', 'esxi'];

const HEADER = [
  'Storage Topology collector for {os}.',
  'READ-ONLY: it changes nothing on this machine. It only runs commands that print state',
  '(listing sessions, paths, HBAs, addresses, teams and LLDP neighbours) and writes their output',
  'into one folder, which you copy back and read with `topo import FOLDER` or',
  '`topo drift design.topo FOLDER`. CHAP names and secrets are not collected.',
];

const header = (os: string, comment: string) => HEADER.map((line) => `${comment} ${line.replace('{os}', os)}`.trimEnd()).join('\n');

const LINUX = `#!/usr/bin/env bash
${header('Linux', '#')}
#
# Usage: bash topo-collect-linux.sh [FOLDER]     (default: topo-state/<host name>)
# Run as root so that iscsiadm and multipath can read their state.
set -u
out="\${1:-topo-state/$(hostname -s 2>/dev/null || hostname)}"
mkdir -p "$out" || exit 1

# run FILE COMMAND [ARGS...]: the command's output into FILE; its errors beside it.
run() {
  local file="$1"
  shift
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "$1: not installed" >"$out/$file.missing"
    return
  fi
  "$@" >"$out/$file" 2>"$out/$file.stderr"
  [ -s "$out/$file.stderr" ] || rm -f "$out/$file.stderr"
  [ -s "$out/$file" ] || rm -f "$out/$file"
}

run os-release.txt cat /etc/os-release
run ip-addr.json ip -j addr show
[ -e "$out/ip-addr.json" ] || run ip-addr.txt ip addr show
run ip-neigh.txt ip neigh show
run ip-route.json ip -j route show
[ -e "$out/ip-route.json" ] || run ip-route.txt ip route show
run iscsiadm-session-P3.txt iscsiadm -m session -P 3
run iscsiadm-node.txt iscsiadm -m node
run multipath-ll.txt multipath -ll
run multipathd-paths.txt multipathd show paths format "%w %i %d %t %T %o %p"
run lldpctl.json lldpctl -f json0
# Fibre Channel: each HBA port's WWPN, state and speed, and the target port each SCSI target is.
if [ -d /sys/class/fc_host ]; then
  run fc-sysfs.txt grep -H . /sys/class/fc_host/*/port_name /sys/class/fc_host/*/port_state /sys/class/fc_host/*/speed /sys/class/fc_transport/*/port_name
fi
for bond in /proc/net/bonding/*; do
  [ -e "$bond" ] && run "bonding-$(basename "$bond").txt" cat "$bond"
done
echo "topo collect: outputs written to $out"
`;

const ESXI = `#!/bin/sh
${header('VMware ESXi (its shell, over SSH)', '#')}
#
# Usage: sh topo-collect-esxi.sh [FOLDER]     (default: /tmp/topo-state/<host name>)
out="\${1:-/tmp/topo-state/$(hostname -s 2>/dev/null || hostname)}"
mkdir -p "$out" || exit 1

# run FILE ESXCLI-NAMESPACE...: one esxcli listing into FILE; its errors beside it.
run() {
  file="$1"
  shift
  esxcli "$@" >"$out/$file" 2>"$out/$file.stderr"
  [ -s "$out/$file.stderr" ] || rm -f "$out/$file.stderr"
}

run system-version.txt system version get
run ip-interface-list.txt network ip interface list
run ip-interface-ipv4.txt network ip interface ipv4 get
run ip-neighbor-list.txt network ip neighbor list
run ip-route-ipv4-list.txt network ip route ipv4 list
run nic-list.txt network nic list
run iscsi-networkportal-list.txt iscsi networkportal list
run iscsi-session-list.txt iscsi session list
run iscsi-session-connection-list.txt iscsi session connection list
run storage-core-path-list.txt storage core path list
run storage-nmp-device-list.txt storage nmp device list
run storage-nmp-path-list.txt storage nmp path list
run storage-san-fc-list.txt storage san fc list
run vswitch-standard-list.txt network vswitch standard list
run vswitch-dvs-list.txt network vswitch dvs vmware list
run vswitch-portgroup-list.txt network vswitch standard portgroup list

# policies FILE OPTION ESXCLI-NAMESPACE...: for each name read from stdin (a vSwitch, a port group),
# the policy esxcli prints for it, under the command line that printed it: the output itself does
# not say whose policy it is.
policies() {
  file="$1"
  option="$2"
  shift 2
  while read -r name; do
    [ -n "$name" ] && [ "$name" != "N/A" ] || continue
    echo "esxcli $* $option '$name'"
    esxcli "$@" "$option" "$name"
  done >"$out/$file" 2>"$out/$file.stderr"
  [ -s "$out/$file.stderr" ] || rm -f "$out/$file.stderr"
  [ -s "$out/$file" ] || rm -f "$out/$file"
}
sed -n 's/^   Name: //p' "$out/vswitch-standard-list.txt" 2>/dev/null | policies vswitch-policy-failover.txt -v network vswitch standard policy failover get
sed -n 's/^   Portgroup: //p' "$out/ip-interface-list.txt" 2>/dev/null | policies portgroup-policy-failover.txt -p network vswitch standard portgroup policy failover get
echo "topo collect: outputs written to $out"
`;

const WINDOWS = `${header('Windows (PowerShell 5.1 or 7)', '#')}
#
# Usage: powershell -ExecutionPolicy Bypass -File topo-collect-windows.ps1 [-Out FOLDER]
#        (default: topo-state\\<computer name>). Run elevated so that MPIO can be read.
param([string]$Out = (Join-Path 'topo-state' $env:COMPUTERNAME))
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path $Out | Out-Null

# Save NAME { COMMAND }: the command's objects as JSON into NAME; an error into NAME.error.
function Save([string]$Name, [scriptblock]$Command) {
  $file = Join-Path $Out $Name
  try {
    $objects = @(& $Command)
    if ($objects.Count -gt 0) { ConvertTo-Json -InputObject $objects -Depth 4 | Out-File -Encoding utf8 $file }
  } catch {
    $_.Exception.Message | Out-File -Encoding utf8 "$file.error"
  }
}

Save 'os.json' { Get-CimInstance Win32_OperatingSystem | Select-Object Caption, Version, CSName }
Save 'Get-NetIPAddress.json' { Get-NetIPAddress | Select-Object IPAddress, InterfaceAlias, InterfaceIndex, AddressFamily, PrefixLength }
Save 'Get-NetRoute.json' { Get-NetRoute | Select-Object DestinationPrefix, NextHop, InterfaceAlias, Protocol }
Save 'Get-NetNeighbor.json' { Get-NetNeighbor | Where-Object { $_.State -ne 'Unreachable' } | Select-Object IPAddress, LinkLayerAddress, InterfaceAlias, State }
Save 'Get-NetLbfoTeam.json' { Get-NetLbfoTeam | Select-Object Name, Members, TeamingMode, Status }
Save 'Get-NetLbfoTeamMember.json' { Get-NetLbfoTeamMember | Select-Object Name, Team, AdministrativeMode, OperationalStatus, FailureReason }
Save 'Get-IscsiSession.json' { Get-IscsiSession | Select-Object TargetNodeAddress, InitiatorNodeAddress, InitiatorPortalAddress, IsConnected, NumberOfConnections, SessionIdentifier }
Save 'Get-IscsiConnection.json' { Get-IscsiConnection | Select-Object ConnectionIdentifier, InitiatorAddress, TargetAddress, TargetPortNumber }
Save 'Get-IscsiTarget.json' { Get-IscsiTarget | Select-Object NodeAddress, IsConnected }
Save 'Get-InitiatorPort.json' { Get-InitiatorPort | Select-Object InstanceName, NodeAddress, PortAddress, ConnectionType, OperationalStatus }
Save 'Get-Disk.json' { Get-Disk | Select-Object Number, FriendlyName, SerialNumber, UniqueId, BusType }
Save 'Get-MPIOSetting.json' { Get-MPIOSetting }
try {
  Get-MSDSMGlobalDefaultLoadBalancePolicy | Out-File -Encoding utf8 (Join-Path $Out 'Get-MSDSMGlobalDefaultLoadBalancePolicy.txt')
} catch {
  $_.Exception.Message | Out-File -Encoding utf8 (Join-Path $Out 'Get-MSDSMGlobalDefaultLoadBalancePolicy.txt.error')
}
if (Get-Command mpclaim.exe -ErrorAction SilentlyContinue) {
  $summary = & mpclaim.exe -s -d
  $summary | Out-File -Encoding utf8 (Join-Path $Out 'mpclaim-summary.txt')
  $details = foreach ($line in $summary) { if ($line -match '^MPIO Disk(\\d+)\\s') { & mpclaim.exe -s -d $Matches[1] } }
  if ($details) { $details | Out-File -Encoding utf8 (Join-Path $Out 'mpclaim-disks.txt') }
}
Write-Output "topo collect: outputs written to $Out"
`;

export function collectorScript(os: CollectorOs): string {
  return os === 'linux' ? LINUX : os === 'esxi' ? ESXI : WINDOWS;
}
