// Headless drawing for the CLI and exports: lay out and draw with the embedded stylesheet, so the
// SVG stands alone. No Node imports: the webview's export uses it too.
import { layoutDiagram } from './layout';
import type { DiagramModel } from './schema';
import { renderDiagramSvg, type DiagramStyle } from './svg';

export async function renderSvg(diagram: DiagramModel, options: { style: DiagramStyle }): Promise<string> {
  const layout = await layoutDiagram(diagram);
  return renderDiagramSvg(diagram, layout, { style: options.style, embedStyles: true });
}
