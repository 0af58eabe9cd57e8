// Headless drawing for the CLI and exports: lay out and draw with the embedded stylesheet, so the
// SVG stands alone. No Node imports: the webview's export uses it too.
import { layoutDiagram } from './layout';
import type { DiagramModel, DiagramSpan } from './schema';
import { renderDiagramSvg, type DiagramStyle } from './svg';

/** `emphasis`: a file of a design, whose elements are drawn as usual and the others faded (svg.ts). */
export async function renderSvg(diagram: DiagramModel, options: { style: DiagramStyle; emphasis?: DiagramSpan }): Promise<string> {
  const layout = await layoutDiagram(diagram);
  return renderDiagramSvg(diagram, layout, { style: options.style, embedStyles: true, ...(options.emphasis ? { emphasis: options.emphasis } : {}) });
}
