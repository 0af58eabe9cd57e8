// The diagram request for a file of a design written over several files (examples/site-a): the
// diagram is the whole design's, every answer carries the design's files so that each element's
// span names the file and the place it is written in, and an edit of a file before others (which
// moves the later files in the design's text) is answered with a patch that gives the fresh
// diagram, the later files' elements still at their places in their own files.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../../server/src/config/schema';
import { buildDiagram } from '../../../server/src/diagram/build';
import { applyDiagramPatch, changesDrawing, DiagramPatchSchema } from '../../../server/src/diagram/patch';
import { DiagramResultSchema, fileSpanOf, spanInFile, type DiagramFile } from '../../../server/src/diagram/protocol';
import { renderSvg } from '../../../server/src/diagram/render';
import { DiagramAnswers } from '../../../server/src/diagram/request';
import type { DiagramModel } from '../../../server/src/diagram/schema';
import { DesignFiles } from '../../../server/src/service/designFiles';
import { analyzeDesign, analyzeNextDesignVersion, type DocumentAnalysis } from '../../../server/src/service/languageService';

const FOLDER = 'examples/site-a';
const NAMES = readdirSync(FOLDER).filter((name) => name.endsWith('.topo')).sort();
const uriOf = (name: string) => `file:///site-a/${name}`;
const CLUSTER = uriOf('cluster-db.topo');
const FABRIC = uriOf('fabric.topo');

const data = (model: DiagramModel): unknown => JSON.parse(JSON.stringify(model));

function designOf(texts: Map<string, string>): DesignFiles {
  return new DesignFiles(NAMES.map((name) => ({ name: uriOf(name), text: texts.get(name)! })));
}

/** The preview of the cluster file as the server answers it, edit after edit, holding what it was sent. */
class Preview {
  readonly answers = new DiagramAnswers();
  model: DiagramModel | undefined;
  files: DiagramFile[] | undefined;
  resultId: string | undefined;
  doc: DocumentAnalysis | undefined;
  version = 0;

  async show(design: DesignFiles) {
    this.doc = analyzeNextDesignVersion(design, DEFAULT_SETTINGS, this.doc);
    const source = {
      version: ++this.version,
      text: this.doc.text,
      model: this.doc.modelResult.model,
      analysis: this.doc.analysis,
      problems: this.doc.problems,
      settings: this.doc.settings,
      syntaxErrors: false,
      files: design.files.map((file) => ({ uri: file.name, start: file.start, length: file.text.length })),
    };
    const answer = await this.answers.answer({ uri: CLUSTER, version: this.version, expandedGroups: [], previousResultId: this.resultId }, source, async () => true);
    const result = DiagramResultSchema.parse(JSON.parse(JSON.stringify(answer)));
    if ('model' in result) {
      this.model = result.model;
    } else {
      assert.equal(result.base, this.resultId);
      this.model = applyDiagramPatch(this.model!, DiagramPatchSchema.parse(result.patch));
      assert.ok(this.model !== undefined, 'the patch fits the diagram it was made against');
    }
    this.files = result.files;
    this.resultId = result.resultId;
    return result;
  }

  /** Where the node `id` is written: its file and the text there. */
  placeOf(id: string, texts: Map<string, string>): { uri: string; text: string } {
    const node = this.model!.nodes.find((each) => each.id === id);
    assert.ok(node?.span !== undefined, `${id} is drawn with its span`);
    const at = spanInFile(this.files!, node.span);
    assert.ok(at !== undefined);
    return { uri: at.uri, text: texts.get(path.posix.basename(at.uri))!.slice(at.start, at.end) };
  }
}

const original = new Map(NAMES.map((name) => [name, readFileSync(path.join(FOLDER, name), 'utf8')]));

describe('the diagram of a design of several files', () => {
  it('draws the whole design from a file of it, each element placed in the file it is written in', async () => {
    const preview = new Preview();
    const result = await preview.show(designOf(original));
    assert.ok('model' in result);
    const doc = analyzeDesign(designOf(original));
    assert.deepEqual(data(preview.model!), data(buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true })));
    assert.deepEqual(preview.files!.map((file) => path.posix.basename(file.uri)), NAMES);
    const sw = preview.placeOf('sw-a', original);
    assert.equal(sw.uri, FABRIC);
    assert.match(sw.text, /^switch sw-a \{[^]*\}$/);
    const db = preview.placeOf('db01', original);
    assert.equal(db.uri, CLUSTER);
    assert.match(db.text, /^host db01 \{/);
    // The active file's elements are those whose spans lie in its part of the design's text.
    const active = fileSpanOf(preview.files!, CLUSTER)!;
    const inActive = preview.model!.nodes.filter((node) => node.span && node.span.start >= active.start && node.span.end <= active.end).map((node) => node.id);
    assert.ok(inActive.includes('db01') && inActive.includes('db02') && !inActive.includes('sw-a'));
  });

  it('patches an edit of a file before others: the later files move in the design’s text, their elements stay in place', async () => {
    const preview = new Preview();
    await preview.show(designOf(original));
    const texts = new Map(original);
    const edits = [
      (text: string) => text.replace('host db02 {', '# a note\nhost db02 {'),
      (text: string) => text.replace('policy least-queue-depth', 'policy round-robin'),
      (text: string) => text.replace('# a note\n', ''),
    ];
    for (const edit of edits) {
      texts.set('cluster-db.topo', edit(texts.get('cluster-db.topo')!));
      const result = await preview.show(designOf(texts));
      assert.ok('patch' in result, 'answered with a patch');
      const doc = analyzeDesign(designOf(texts));
      assert.deepEqual(data(preview.model!), data(buildDiagram(doc.modelResult.model, doc.analysis, doc.problems, { groupHosts: true })));
      assert.equal(preview.placeOf('sw-a', texts).uri, FABRIC);
      assert.match(preview.placeOf('sw-a', texts).text, /^switch sw-a \{/);
      assert.match(preview.placeOf('db02', texts).text, /^host db02 \{/);
    }
    const comment = await preview.show(designOf(new Map([...texts, ['cluster-db.topo', texts.get('cluster-db.topo')!.replace('host db01 {', '# moved\nhost db01 {')]])));
    assert.ok('patch' in comment && !changesDrawing(comment.patch), 'a comment in one file moves spans only');
    assert.ok(comment.patch.shift !== undefined && comment.patch.shift.by === '# moved\n'.length);
  });

  it('draws the active file’s elements as usual and fades the others’, cables and ports with their statements', async () => {
    const preview = new Preview();
    await preview.show(designOf(original));
    const svg = await renderSvg(preview.model!, { style: 'light', emphasis: fileSpanOf(preview.files!, CLUSTER)! });
    const faded = (id: string) => {
      assert.ok(svg.includes(`data-id="${id}"`), `${id} is drawn`);
      return new RegExp(`<g class="[^"]*\\bother-file\\b[^"]*" data-id="${id}">`).test(svg);
    };
    assert.ok(!faded('db01') && !faded('db01.ens1f0'), 'the cluster file’s hosts and their NICs');
    assert.ok(faded('sw-a') && faded('pure'), 'the fabric’s switch and the arrays file’s array');
    const cable = preview.model!.edges.find((edge) => edge.kind === 'link' && edge.source === 'db01.ens1f0')!;
    assert.ok(!faded(cable.id), 'a cable written in the cluster file');
    assert.match(svg, /\.other-file\{opacity:\.4\}/);
    const whole = await renderSvg(preview.model!, { style: 'light' });
    assert.doesNotMatch(whole, /class="[^"]*other-file/, 'nothing is faded without a file to emphasise');
  });
});
