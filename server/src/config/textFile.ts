// Reading a text file the user named or the workspace holds (a design, a `.topo.json`), for the
// CLI and the server alike. The file is opened without blocking and checked through its
// descriptor before any read, so a FIFO or a device (`/dev/zero`) is refused by name instead of
// hanging or filling the memory, and a file over the size limit is refused from its size alone.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';

export interface TextFileLimit {
  maxBytes: number;
  /** What the file should be, for messages: "design", "settings file". */
  noun: string;
}

/** The text without a byte order mark, or why there is none: a phrase that follows the file's quoted name. */
export type TextFileResult =
  | { text: string; error?: undefined; missing?: undefined }
  | { error: string; text?: undefined; /** There is no such file. */ missing: boolean };

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

export function readTextFileSync(file: string, limit: TextFileLimit): TextFileResult {
  let fd: number | undefined;
  try {
    fd = openSync(file, OPEN_FLAGS);
    const refused = refusal(fstatSync(fd), limit);
    return refused === undefined ? decode(readFileSync(fd), limit) : { error: refused, missing: false };
  } catch (error) {
    return unreadable(error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export async function readTextFile(file: string | URL, limit: TextFileLimit): Promise<TextFileResult> {
  let handle;
  try {
    handle = await open(file, OPEN_FLAGS);
    const refused = refusal(await handle.stat(), limit);
    return refused === undefined ? decode(await handle.readFile(), limit) : { error: refused, missing: false };
  } catch (error) {
    return unreadable(error);
  } finally {
    await handle?.close();
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'ELOOP') return 'too many symbolic links';
  return code ?? 'read error';
}

function unreadable(error: unknown): TextFileResult {
  return { error: `cannot be read: ${describeFsError(error)}`, missing: (error as NodeJS.ErrnoException).code === 'ENOENT' };
}

function refusal(stat: Stats, limit: TextFileLimit): string | undefined {
  if (stat.isDirectory()) return 'is a folder';
  if (!stat.isFile()) return 'is not a regular file';
  if (stat.size > limit.maxBytes) return `is ${sizeText(stat.size)}; ${limit.noun}s larger than ${sizeText(limit.maxBytes)} are not read`;
  return undefined;
}

function decode(bytes: Buffer, limit: TextFileLimit): TextFileResult {
  const utf16 = utf16Encoding(bytes);
  if (utf16) return { error: `is ${utf16} text; save it as UTF-8`, missing: false };
  if (bytes.includes(0)) return { error: `is a binary file, not a ${limit.noun}`, missing: false };
  const text = bytes.toString('utf8');
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** UTF-16 by its byte order mark, or by a NUL byte beside every character of ASCII text without one. */
function utf16Encoding(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'UTF-16LE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'UTF-16BE';
  const pairs = Math.floor(Math.min(bytes.length, 256) / 2);
  if (pairs < 2) return undefined;
  let nulSecond = 0;
  let nulFirst = 0;
  for (let i = 0; i < 2 * pairs; i += 2) {
    if (bytes[i] !== 0 && bytes[i + 1] === 0) nulSecond++;
    if (bytes[i] === 0 && bytes[i + 1] !== 0) nulFirst++;
  }
  if (nulSecond === pairs) return 'UTF-16LE';
  if (nulFirst === pairs) return 'UTF-16BE';
  return undefined;
}

/** `40 MB`, or `256 KB` under a megabyte. */
export function sizeText(bytes: number): string {
  const mb = 1024 * 1024;
  return bytes >= mb ? `${Math.round(bytes / mb)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
