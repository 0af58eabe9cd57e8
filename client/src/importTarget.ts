// Where the editor's import writes a design folder, and what it asks before writing into a folder
// that has files in the way. Free of the VS Code API, so that it is tested as it is.
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { describeFsError } from '../../server/src/config/textFile';

/** The design folder of a folder of collected outputs: beside it, named after it. */
export function designFolderName(outputsFolderName: string): string {
  return `${outputsFolderName}-design`;
}

/**
 * The folder the dialog offers when the user chose another one than `declined`: a new one beside it,
 * `<declined>-2` or the next number that `taken` (the names beside it) does not hold. A dialog given
 * the declined folder itself opens inside it, where accepting writes a design within that design.
 */
export function anotherFolderName(declined: string, taken: ReadonlySet<string>): string {
  const numbered = /^(.*)-(\d+)$/.exec(declined);
  const base = numbered === null ? declined : numbered[1]!;
  let number = numbered === null ? 2 : Number(numbered[2]) + 1;
  while (taken.has(`${base}-${number}`)) number++;
  return `${base}-${number}`;
}

/**
 * The path the dialog offers instead of the declined folder (a path on disk): `anotherFolderName`
 * beside it, past the names its folder holds. That folder may have been removed or made unreadable
 * while the question was open: the error then says so, naming it.
 */
export async function anotherFolderBeside(declined: string): Promise<string> {
  const parent = path.dirname(declined);
  const taken = await readdir(parent).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it no longer exists' : code === 'ENOTDIR' ? 'it is no longer a folder' : `it cannot be read (${describeFsError(error)})`;
    throw new Error(`cannot offer another folder beside '${path.basename(declined)}' in '${parent}': ${why}`);
  });
  return path.join(parent, anotherFolderName(path.basename(declined), new Set(taken)));
}

/** The modal question before writing into a folder (an `undefined` confirm: it cannot be written to). */
export interface TargetQuestion {
  message: string;
  detail: string;
  confirm?: string;
}

/** A modal lists this many names of a kind and counts the rest. */
const LISTED_NAMES = 10;

/**
 * The question when writing the design into `folderName` would replace files (`replaced`) or
 * leave other `.topo` files there, which are then read as part of the design (`kept`); undefined
 * when nothing is in the way. Names are relative to the folder.
 */
export function targetQuestion(folderName: string, replaced: readonly string[], kept: readonly string[]): TargetQuestion | undefined {
  if (replaced.length === 0 && kept.length === 0) return undefined;
  const sections: string[] = [];
  if (replaced.length > 0) sections.push(`Replaced by the import:\n${listed(replaced)}`);
  if (kept.length > 0) sections.push(`Kept, and read as part of the imported design:\n${listed(kept)}`);
  return {
    message:
      replaced.length > 0
        ? `${folderName} already has ${replaced.length === 1 ? 'a file' : `${replaced.length} files`} the import writes. Replace ${replaced.length === 1 ? 'it' : 'them'}?`
        : `${folderName} already holds design files. Write the import beside them?`,
    detail: sections.join('\n\n'),
    confirm: replaced.length > 0 ? 'Replace' : 'Write Beside Them',
  };
}

/** The question when the design folder's name is taken by something that is not a folder. */
export function notAFolderQuestion(folderName: string): TargetQuestion {
  return { message: `${folderName} exists and is not a folder.`, detail: 'The design folder is written beside the folder of collected outputs; choose another one.' };
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_NAMES).map((name) => `  ${name}`);
  if (names.length > LISTED_NAMES) shown.push(`  and ${names.length - LISTED_NAMES} more`);
  return shown.join('\n');
}
