// Operating system names → family and version, as listed in docs/language.md. Rules only need the
// family (Windows Server, Windows client, Linux, ESXi) and sometimes the version.
import type { Problem } from '../problem';
import type { Span } from '../syntax/tree';
import type { Os, OsFamily } from './schema';
import { modelProblem } from './codes';
import { closest } from './suggest';

const WINDOWS_SERVER = /^windows-server-(\d{4}(?:r2)?)$/;
const HYPER_V_SERVER = /^hyper-v-server-(\d{4}(?:r2)?)$/;
const WINDOWS_CLIENT = /^windows-(xp|vista|7|8|8\.1|10|11)$/;
const ESXI = /^esxi(?:-(\d+(?:\.\d+){0,2}))?$/;

/** Linux distributions by the names admins write; `-<version>` may follow any of them. */
export const LINUX_DISTRIBUTIONS = [
  'linux', 'rhel', 'centos', 'rocky', 'alma', 'almalinux', 'ubuntu', 'debian', 'sles', 'opensuse',
  'suse', 'oracle-linux', 'fedora', 'amazon-linux', 'proxmox', 'xenserver',
] as const;
const LINUX = new RegExp(`^(${LINUX_DISTRIBUTIONS.join('|')})(?:-(\\d+(?:\\.\\d+){0,2}))?$`);

/** Names offered by completion and used for "did you mean". */
export const KNOWN_OS_NAMES: readonly string[] = [
  ...['2008', '2008r2', '2012', '2012r2', '2016', '2019', '2022', '2025'].map((v) => `windows-server-${v}`),
  ...['2012', '2012r2', '2016', '2019'].map((v) => `hyper-v-server-${v}`),
  ...['xp', 'vista', '7', '8', '8.1', '10', '11'].map((v) => `windows-${v}`),
  'linux', 'rhel-8', 'rhel-9', 'centos-7', 'rocky-9', 'alma-9', 'ubuntu-22.04', 'ubuntu-24.04',
  'debian-12', 'sles-15', 'oracle-linux-9', 'fedora-40',
  'esxi-6.7', 'esxi-7.0', 'esxi-8.0',
];

export interface ParsedOs {
  os: Os;
  warning?: Problem;
}

/**
 * The releases of the families whose version numbers are few and fixed, so that a version that
 * never existed (`windows-server-2023`) is caught. Linux distributions' versions are left free.
 */
const RELEASES: Partial<Record<OsFamily, { name: string; versions: readonly string[] }>> = {
  'windows-server': { name: 'Windows Server', versions: ['2008', '2008r2', '2012', '2012r2', '2016', '2019', '2022', '2025'] },
  esxi: { name: 'ESXi', versions: ['5.0', '5.1', '5.5', '6.0', '6.5', '6.7', '7.0', '8.0', '9.0'] },
};

/** `8`, `8.0` and `8.0.2` are releases when `8.0` is one. */
function isRelease(version: string, releases: readonly string[]): boolean {
  // Nearly every host writes a listed release: found without splitting every release's number.
  if (releases.includes(version)) return true;
  const [major, minor] = version.split('.');
  return releases.some((release) => {
    const [releaseMajor, releaseMinor] = release.split('.');
    return release === version || (releaseMajor === major && (minor === undefined || releaseMinor === minor));
  });
}

/** `classify` by name: a design writes the same few systems on thousands of hosts. */
const classified = new Map<string, Classified | undefined>();
const MAX_CACHED_NAMES = 256;

export function parseOs(text: string, span: Span): ParsedOs {
  const name = text.toLowerCase();
  let known = classified.get(name);
  if (known === undefined && !classified.has(name)) {
    known = classify(name);
    if (classified.size < MAX_CACHED_NAMES) classified.set(name, known);
  }
  const os: Os = { raw: text, family: known?.family ?? 'other', span };
  if (known?.version !== undefined) os.version = known.version;
  const releases = known && RELEASES[known.family];
  if (known?.version !== undefined && releases && !isRelease(known.version, releases.versions)) {
    const suggestion = closest(name, KNOWN_OS_NAMES);
    const hint = suggestion ? `did you mean '${suggestion}'? ` : '';
    const message = `unknown ${releases.name} version '${known.version}' in '${text}' (the ${releases.name} checks still apply); ${hint}known versions: ${releases.versions.join(', ')}`;
    return { os, warning: modelProblem('unknownOsVersion', message, span) };
  }
  if (known) return { os };
  const suggestion = closest(name, KNOWN_OS_NAMES);
  const hint = suggestion ? `did you mean '${suggestion}'?` : 'e.g. windows-server-2022, linux, rhel-9, esxi-8.0';
  const warning = modelProblem('unknownOs', `unknown operating system '${text}' (OS checks skip it); ${hint}`, span);
  return { os, warning };
}

interface Classified {
  family: OsFamily;
  version?: string;
}

function classify(name: string): Classified | undefined {
  let match = WINDOWS_SERVER.exec(name) ?? HYPER_V_SERVER.exec(name);
  if (match) return { family: 'windows-server', version: match[1] };
  match = WINDOWS_CLIENT.exec(name);
  if (match) return { family: 'windows-client', version: match[1] };
  match = ESXI.exec(name);
  if (match) return { family: 'esxi', version: match[1] };
  match = LINUX.exec(name);
  if (match) return { family: 'linux', version: match[2] };
  return undefined;
}
