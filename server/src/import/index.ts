// `topo import` as a pure function: collected files (name, folder, bytes) → the design and the
// report of what could not be read or placed. The CLI and the editor command do the file I/O.
import { joinObservations, type CollectedFile, type Unplaced } from './join';
import { oversizedOutput, readOutput } from './read';
import { writeDesign } from './write';

export interface CollectedBytes {
  /** As shown to the user: relative to where the import runs, `/`-separated. */
  file: string;
  /** The machine folder the file is in (its parent folder, as shown). */
  folder: string;
  size: number;
  /** Absent when the file is too large to be an output (see MAX_OUTPUT_BYTES): it is then not read. */
  bytes?: Uint8Array;
}

export interface ImportResult {
  design: string;
  /** Each file and the format it was read as (undefined: not recognised). */
  files: Array<{ file: string; format?: string; facts: number }>;
  unplaced: Unplaced[];
  hosts: number;
  switches: number;
  arrays: number;
}

export function importOutputs(collected: readonly CollectedBytes[]): ImportResult {
  return importReadOutputs(collected.map((entry) => ({ file: entry.file, folder: entry.folder, read: entry.bytes ? readOutput(entry.bytes) : oversizedOutput(entry.size) })));
}

/** `importOutputs` of files already read (the language server reads them without blocking). */
export function importReadOutputs(read: readonly CollectedFile[]): ImportResult {
  const network = joinObservations(read);
  const written = writeDesign(network);
  return {
    design: written.text,
    files: read.map((entry) => ({ file: entry.file, ...(entry.read.format ? { format: entry.read.format } : {}), facts: entry.read.facts.length })),
    unplaced: written.unplaced,
    hosts: network.hosts.length,
    switches: network.switches.length,
    arrays: network.arrays.length,
  };
}
