// One collected file → the format it is (by content) and what its parser read. What is not a
// command output at all — binary, empty, too large, no format recognised — is a located error,
// never an exception.
import type { OutputFormat, Parsed } from './facts';
import { esxiCorePathList, esxiSanFcList, esxiInterfaceIpv4, esxiInterfaceList, esxiNeighborList, esxiNetworkPortalList, esxiNmpDeviceList, esxiNmpPathList, esxiSessionConnectionList, esxiSessionList } from './formats/esxcli';
import { esxiDvsList, esxiNicList, esxiPortgroupFailover, esxiPortgroupList, esxiRouteList, esxiVSwitchFailover, esxiVSwitchStandardList } from './formats/esxiNetwork';
import { brocadeNsshow, brocadeSwitchshow, mdsFlogiDatabase } from './formats/fcSwitch';
import { iscsiadmNode, iscsiadmSessionList, iscsiadmSessionTree } from './formats/linuxIscsiadm';
import { linuxFcSysfs } from './formats/linuxFc';
import { multipathdPaths, multipathList } from './formats/linuxMultipath';
import { ipAddr, ipJsonAddr, ipJsonRoute, ipNeigh, ipRoute, linuxBonding, lldpctlJson, lldpctlKeyValue } from './formats/linuxNetwork';
import { esxiVersion, osRelease, windowsVersion } from './formats/system';
import { showEtherchannelSummary, showInterface, showInterfacesStatus, showLldpNeighbors, showPortChannelSummary } from './formats/switchCli';
import { getDisk, getIscsiConnection, getIscsiSession, getInitiatorPort, getIscsiTarget, getMpioSetting, getMsdsmPolicy, getNetIpAddress, getNetLbfoTeam, getNetLbfoTeamMember, getNetNeighbor, getNetRoute, mpclaim } from './formats/windows';

/** Every format, most specific first: the first whose `recognise` accepts a text reads it. */
export const FORMATS: readonly OutputFormat[] = [
  osRelease,
  esxiVersion,
  windowsVersion,
  iscsiadmSessionTree,
  iscsiadmSessionList,
  iscsiadmNode,
  multipathList,
  multipathdPaths,
  linuxBonding,
  ipJsonAddr,
  ipJsonRoute,
  ipAddr,
  ipNeigh,
  ipRoute,
  lldpctlJson,
  lldpctlKeyValue,
  linuxFcSysfs,
  esxiNetworkPortalList,
  esxiSessionConnectionList,
  esxiSessionList,
  esxiCorePathList,
  esxiNmpPathList,
  esxiNmpDeviceList,
  esxiInterfaceList,
  esxiInterfaceIpv4,
  esxiNeighborList,
  esxiSanFcList,
  esxiVSwitchStandardList,
  esxiDvsList,
  esxiPortgroupFailover,
  esxiVSwitchFailover,
  esxiRouteList,
  esxiNicList,
  esxiPortgroupList,
  getIscsiSession,
  getIscsiConnection,
  getIscsiTarget,
  getNetLbfoTeamMember,
  getNetLbfoTeam,
  getNetIpAddress,
  getNetNeighbor,
  getNetRoute,
  getDisk,
  getMsdsmPolicy,
  getMpioSetting,
  mpclaim,
  getInitiatorPort,
  showLldpNeighbors,
  showEtherchannelSummary,
  showPortChannelSummary,
  showInterfacesStatus,
  showInterface,
  brocadeSwitchshow,
  brocadeNsshow,
  mdsFlogiDatabase,
];

/** Command outputs are small; a larger file is a log or an image, and would take the machine's memory. */
export const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
/** Formats are recognised from their first lines, so recognising a huge output costs nothing. */
const RECOGNITION_WINDOW = 64 * 1024;

export interface ReadOutput extends Parsed {
  /** The format's id; undefined when the file is not a known output. */
  format?: string;
}

export function readOutput(raw: Uint8Array): ReadOutput {
  const bytes = decodeUtf16(raw);
  if (bytes.length > MAX_OUTPUT_BYTES) return oversizedOutput(bytes.length);
  if (bytes.includes(0)) return { facts: [], errors: [{ line: 1, message: 'a binary file, not a command output; not read' }] };
  let text = Buffer.from(bytes).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { facts: [], errors: [{ line: 1, message: 'empty: the command printed nothing' }] };
  const head = text.slice(0, RECOGNITION_WINDOW);
  const format = FORMATS.find((candidate) => candidate.recognise(head));
  if (!format) return { facts: [], errors: [{ line: 1, message: `not a command output the import reads (${FORMATS.length} formats: see 'topo import --help')` }] };
  return { format: format.id, ...format.parse(text) };
}

export function oversizedOutput(size: number): ReadOutput {
  return { facts: [], errors: [{ line: 1, message: `${Math.round(size / 1048576)} MB is larger than any command output (${MAX_OUTPUT_BYTES / 1048576} MB); not read` }] };
}

/** UTF-16 LE text (PowerShell 5's `Out-File` default) read as text, so its NULs are not taken as binary. */
function decodeUtf16(bytes: Uint8Array): Uint8Array {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(Buffer.from(bytes).subarray(2).toString('utf16le'), 'utf8');
  return bytes;
}
