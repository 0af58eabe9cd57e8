// The server side of `storageTopology/diagram`: turns the language service's analysis of one
// document version into the diagram model, and answers a client that holds an earlier answer
// with what changed since (patch.ts). Nothing is built when the edit changed nothing the diagram
// is made of (cutoff.ts); otherwise the model is built in slices, between which the server handles
// other messages, so a keystroke's diagnostics never wait behind a diagram. server.ts only wires
// it to the connection.
import type { NetworkAnalysis } from '../analysis/types';
import type { Model } from '../model/schema';
import type { Problem } from '../problem';
import { buildDiagramInSlices, DiagramMemo } from './build';
import { movedMarks, problemMarks, sameProblems, sameTokens, shiftOf, textEdit, type ProblemMarks, type TextEdit } from './cutoff';
import { diffDiagram, heldDiagram, shiftedModel, takePatch, type HeldDiagram } from './patch';
import type { DiagramFile, DiagramParams, DiagramResult } from './protocol';
import type { DiagramModel, ObservedState } from './schema';

/** What the request needs from the language service's analysis of a document. */
export interface DiagramSource {
  /** Document version the analysis was computed for. */
  version: number;
  text: string;
  model: Model;
  analysis: NetworkAnalysis;
  /** Every problem of the document: syntax, model and rules (and drift, with a state). */
  problems: readonly Problem[];
  /** The observed state of designed paths, when the folder names a state (features/drift.ts). */
  observedPaths?: ReadonlyMap<string, ObservedState>;
  /** The settings it was checked with: equal settings (as JSON) analyse a model alike. */
  settings: unknown;
  /** Whether the parser met syntax errors (its recovery then reads token columns). */
  syntaxErrors: boolean;
  /** The design's files (a document's one file too): where each lies in `text`, which the spans are offsets into. */
  files?: DiagramFile[];
}

/** An answer kept to build the next one upon. */
interface Answer {
  resultId: string;
  /** Grouping, expanded groups, settings and observed paths, as JSON: answers for other ones are not reused. */
  key: string;
  text: string;
  problems: ProblemMarks;
  syntaxErrors: boolean;
  /** The diagram: an edit that only moved spans costs nothing until the model is read. */
  diagram: HeldDiagram;
}

/** The answer's diagram with its spans moved (once: the answer keeps the result). */
function modelOf(answer: Answer): DiagramModel {
  if (answer.diagram.shifts.length > 0) answer.diagram = heldDiagram(shiftedModel(answer.diagram));
  return answer.diagram.model;
}

/** Answers kept per document: the preview's last, and an export's beside it. */
const KEPT_PER_DOCUMENT = 2;

export class DiagramAnswers {
  private readonly answers = new Map<string, Answer[]>();
  /** Per document: the hosts' sketches of its last diagram built, which the next build keeps where it can. */
  private readonly memos = new Map<string, DiagramMemo>();
  private sequence = 0;

  /**
   * The diagram of `source`: a patch to the client's `previousResultId` when that answer is
   * still kept, else the whole model. `pause` is called between slices of building; undefined
   * when it said stop.
   */
  async answer(params: DiagramParams, source: DiagramSource, pause: () => Promise<boolean>): Promise<DiagramResult | undefined> {
    const observed = source.observedPaths === undefined ? null : [...source.observedPaths];
    const key = JSON.stringify([params.groupHosts ?? true, params.expandedGroups, source.settings, observed]);
    const kept = (this.answers.get(params.uri) ?? []).filter((answer) => answer.key === key);
    const previous = kept.find((answer) => answer.resultId === params.previousResultId);
    const earlier = previous ?? kept[kept.length - 1];
    const edit = earlier === undefined ? undefined : textEdit(earlier.text, source.text);
    const unchanged = earlier !== undefined && this.unchanged(earlier, source, edit);
    const moved = shiftOf(edit);
    let diagram: HeldDiagram;
    if (unchanged) {
      diagram = takePatch(earlier.diagram, moved === undefined ? {} : { shift: moved })!;
    } else {
      const model = await this.build(params, source, pause);
      if (model === undefined) return undefined;
      diagram = heldDiagram(model);
    }
    const resultId = String(++this.sequence);
    const problems = unchanged ? movedMarks(earlier.problems, moved, source.problems) : problemMarks(source.problems);
    const answer: Answer = { resultId, key, text: source.text, problems, syntaxErrors: source.syntaxErrors, diagram };
    this.answers.set(params.uri, [...(this.answers.get(params.uri) ?? []), answer].slice(-KEPT_PER_DOCUMENT));
    // The files are sent whole with every answer: an edit of one file moves the spans (and starts)
    // of the files after it, and the one shift of the design's text says so for all of them.
    const files = source.files === undefined ? {} : { files: source.files };
    if (previous === undefined) return { version: source.version, resultId, model: modelOf(answer), ...files };
    const shift = previous === earlier ? moved : shiftOf(textEdit(previous.text, source.text));
    const patch = unchanged && previous === earlier ? (shift === undefined ? {} : { shift }) : diffDiagram(modelOf(previous), modelOf(answer), shift);
    return { version: source.version, resultId, base: previous.resultId, patch, ...files };
  }

  /** Forgets the answers for a closed document. */
  forget(uri: string): void {
    this.answers.delete(uri);
    this.memos.delete(uri);
  }

  /** Whether the edit since `earlier` changed nothing the diagram is made of, so that its model, the spans moved, is this one. */
  private unchanged(earlier: Answer, source: DiagramSource, edit: TextEdit | undefined): boolean {
    if (edit !== undefined && !sameTokens(earlier.text, source.text, edit, earlier.syntaxErrors || source.syntaxErrors)) return false;
    return sameProblems(earlier.problems, source.problems, shiftOf(edit));
  }

  private build(params: DiagramParams, source: DiagramSource, pause: () => Promise<boolean>): Promise<DiagramModel | undefined> {
    const options = {
      groupHosts: params.groupHosts ?? true,
      expandedGroups: params.expandedGroups,
      ...(source.observedPaths ? { observedPaths: source.observedPaths } : {}),
    };
    let memo = this.memos.get(params.uri);
    if (memo === undefined) this.memos.set(params.uri, (memo = new DiagramMemo()));
    return buildDiagramInSlices(source.model, source.analysis, source.problems, options, pause, memo);
  }
}
