// Which operating system and version a host runs, in the design's names: Linux `/etc/os-release`,
// ESXi `esxcli system version get`, Windows `Get-CimInstance Win32_OperatingSystem` (list or JSON).
import type { OutputFormat } from '../facts';
import { field, linesOf, readFieldRecords, readJsonObjects, jsonString } from '../text';

const DISTRIBUTIONS: Record<string, string> = { rhel: 'rhel', centos: 'centos', rocky: 'rocky', almalinux: 'alma', ubuntu: 'ubuntu', debian: 'debian', sles: 'sles', 'opensuse-leap': 'opensuse', ol: 'oracle-linux', fedora: 'fedora', amzn: 'amazon-linux' };

export const osRelease: OutputFormat = {
  id: 'linux-os-release',
  command: 'cat /etc/os-release',
  recognise: (text) => /^ID="?[\w.-]+"?\s*$/m.test(text) && /^(NAME|VERSION_ID|PRETTY_NAME)=/m.test(text),
  parse(text) {
    const values = new Map<string, { value: string; line: number }>();
    for (const { number, text: line } of linesOf(text)) {
      const match = /^([A-Z_]+)=("?)(.*)\2\s*$/.exec(line);
      if (match) values.set(match[1], { value: match[3], line: number });
    }
    const id = values.get('ID');
    if (!id) return { facts: [], errors: [{ line: 1, message: 'no ID= line' }] };
    const distribution = DISTRIBUTIONS[id.value.toLowerCase()];
    const version = values.get('VERSION_ID')?.value;
    const major = distribution === 'ubuntu' ? version?.match(/^\d+\.\d+/)?.[0] : version?.match(/^\d+/)?.[0];
    const osName = distribution ? (major ? `${distribution}-${major}` : distribution) : 'linux';
    return { facts: [{ kind: 'machine', line: id.line, role: 'host', os: 'linux', osName }], errors: [] };
  },
};

export const esxiVersion: OutputFormat = {
  id: 'esxi-system-version',
  command: 'esxcli system version get',
  recognise: (text) => /^\s*Product:\s*VMware ESXi/m.test(text) && /^\s*Version:/m.test(text),
  parse(text) {
    const record = readFieldRecords(text).find((entry) => field(entry, 'Product'));
    const version = record && field(record, 'Version')?.match(/^\d+\.\d+/)?.[0];
    return { facts: [{ kind: 'machine', line: record?.line ?? 1, role: 'host', os: 'esxi', osName: version ? `esxi-${version}` : 'esxi' }], errors: [] };
  },
};

export const windowsVersion: OutputFormat = {
  id: 'windows-win32-operatingsystem',
  command: 'Get-CimInstance Win32_OperatingSystem',
  recognise: (text) => /Microsoft Windows/.test(text) && /\bCaption\b/.test(text),
  parse(text) {
    let caption: string | undefined;
    let line = 1;
    let name: string | undefined;
    const json = /^\s*[[{]/.test(text) ? readJsonObjects(text) : undefined;
    if (json?.objects[0]) {
      caption = jsonString(json.objects[0].value, 'Caption');
      name = jsonString(json.objects[0].value, 'CSName');
      line = json.objects[0].line;
    } else {
      const record = readFieldRecords(text).find((entry) => field(entry, 'Caption'));
      caption = record && field(record, 'Caption');
      name = record && field(record, 'CSName');
      line = record?.line ?? 1;
    }
    if (!caption) return { facts: [], errors: [{ line, message: 'no Caption' }] };
    const server = /Windows Server (\d{4})( R2)?/.exec(caption);
    const client = /Windows (\d+|XP|Vista)\b/.exec(caption);
    const osName = server ? `windows-server-${server[1]}${server[2] ? 'r2' : ''}` : client ? `windows-${client[1].toLowerCase()}` : undefined;
    return { facts: [{ kind: 'machine', line, role: 'host', os: 'windows', ...(osName ? { osName } : {}), ...(name ? { name: name.toLowerCase() } : {}) }], errors: [] };
  },
};
