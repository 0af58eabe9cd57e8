// The designs the files `topo lint`, `report` and `render` are given belong to. A file under a
// folder holding a `.topo.json` is checked as part of that folder's design, with every `.topo` file
// of it (config/designFolder.ts), even when named alone; any other file is a design of its own.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { designFolderFiles } from '../config/designFolder';
import type { ConfigResolver } from './config';
import { UsageError } from './errors';
import { readDesign, resolveInputs } from './files';

export interface DesignInput {
  /** The folder holding the design's `.topo.json`; undefined for a file that is a design alone. */
  folder: string | undefined;
  /** Every file of the design, sorted. */
  files: string[];
  /** The files the user named (by themselves, a folder or a glob): their problems are reported. */
  named: Set<string>;
}

/** Groups files (absolute, sorted) into their designs, in the order of their first file. */
export async function groupDesigns(files: readonly string[], configs: ConfigResolver): Promise<DesignInput[]> {
  const designs: DesignInput[] = [];
  const byFolder = new Map<string, DesignInput>();
  for (const file of files) {
    const folder = configs.designFolderFor(file);
    if (folder === undefined) {
      designs.push({ folder, files: [file], named: new Set([file]) });
      continue;
    }
    let design = byFolder.get(folder);
    if (!design) {
      const listed = await designFolderFiles(folder);
      if (listed.unreadable.length > 0) throw new UsageError(`cannot read folder '${listed.unreadable[0]!.folder}': ${listed.unreadable[0]!.reason}`);
      if (listed.truncated) throw new UsageError(`the design in '${folder}' has more than ${listed.files.length} files`);
      design = { folder, files: listed.files, named: new Set() };
      byFolder.set(folder, design);
      designs.push(design);
    }
    design.named.add(file);
    // A file the walk leaves out (under a dot-folder) is still part of the design it was named in.
    if (!design.files.includes(file)) design.files = [...design.files, file].sort();
  }
  return designs;
}

/**
 * The one design an argument names (`topo render`, `topo drift`): a design folder, every file of it
 * named, or a file, the only one named, with the other files of its design folder if it is in one.
 */
export async function namedDesign(input: string, cwd: string, configs: ConfigResolver): Promise<DesignInput> {
  const named = path.resolve(cwd, input);
  if (!isFolder(named)) return (await groupDesigns([named], configs))[0]!;
  const [design] = await groupDesigns([(await resolveInputs([input], cwd))[0]!], configs);
  if (design!.folder === undefined) throw new UsageError(`'${input}' is a folder without a .topo.json: name one design file, or a design folder`);
  return { ...design!, named: new Set(design!.files) };
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The texts of a design's files; a named file must hold a design, another may be empty. */
export function readDesignFiles(design: DesignInput, shownName: (file: string) => string): { name: string; text: string }[] {
  return design.files.map((file) => ({ name: file, text: readDesign(file, shownName(file), { allowEmpty: !design.named.has(file) }) }));
}
