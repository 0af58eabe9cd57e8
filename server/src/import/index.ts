// `topo import` as a pure function: collected files (name, folder, bytes) → the design and the
// report of what could not be read or placed. The CLI and the editor command do the file I/O.
import type { Problem } from '../problem';
import { joinObservations, type CollectedFile, type ObservedNetwork, type Unplaced } from './join';
import { oversizedOutput, readOutput } from './read';
import { writeDesign, writeDesignFiles, type WrittenDesignFiles } from './write';

export interface CollectedBytes {
  /** As shown to the user: relative to where the import runs, `/`-separated. */
  file: string;
  /** The machine folder the file is in (its parent folder, as shown). */
  folder: string;
  size: number;
  /** Absent when the file is too large to be an output (see MAX_OUTPUT_BYTES): it is then not read. */
  bytes?: Uint8Array;
}

interface ImportReport {
  /** Each file and the format it was read as (undefined: not recognised). */
  files: Array<{ file: string; format?: string; facts: number }>;
  unplaced: Unplaced[];
  hosts: number;
  switches: number;
  arrays: number;
}

export interface ImportResult extends ImportReport {
  design: string;
}

/** The import written as a design of several files (`topo import --design FOLDER`). */
export interface ImportFilesResult extends ImportReport {
  designFiles: WrittenDesignFiles['files'];
}

export function importOutputs(collected: readonly CollectedBytes[]): ImportResult {
  return importReadOutputs(readCollected(collected));
}

/** `importOutputs`, written as one file per host, a fabric file and an arrays file. */
export function importOutputFiles(collected: readonly CollectedBytes[]): ImportFilesResult {
  return importReadOutputFiles(readCollected(collected));
}

/** `importOutputFiles` of files already read. */
export function importReadOutputFiles(read: readonly CollectedFile[]): ImportFilesResult {
  const network = joinObservations(read);
  const written = writeDesignFiles(network);
  return { designFiles: written.files, ...report(read, network, written.unplaced) };
}

/** `importOutputs` of files already read (the language server reads them without blocking). */
export function importReadOutputs(read: readonly CollectedFile[]): ImportResult {
  const network = joinObservations(read);
  const written = writeDesign(network);
  return { design: written.text, ...report(read, network, written.unplaced) };
}

function readCollected(collected: readonly CollectedBytes[]): CollectedFile[] {
  return collected.map((entry) => ({ file: entry.file, folder: entry.folder, read: entry.bytes ? readOutput(entry.bytes) : oversizedOutput(entry.size) }));
}

function report(read: readonly CollectedFile[], network: ObservedNetwork, unplaced: Unplaced[]): ImportReport {
  return {
    files: read.map((entry) => ({ file: entry.file, ...(entry.read.format ? { format: entry.read.format } : {}), facts: entry.read.facts.length })),
    unplaced,
    hosts: network.hosts.length,
    switches: network.switches.length,
    arrays: network.arrays.length,
  };
}

/**
 * Why an imported design cannot be written, or undefined: it has a language error. The import
 * writes only what the language reads, so this is a fault of the import, not of the outputs.
 */
export function importedLanguageError(problems: readonly Problem[]): string | undefined {
  const error = problems.find((problem) => /^TOPO/.test(problem.code) && problem.severity === 'error');
  return error && `the imported design has a language error (${error.code} ${error.message}); please report it with the collected files`;
}
