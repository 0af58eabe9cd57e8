// SVG → PNG with resvg (a native module, Node only). Kept apart from render.ts so the webview
// bundle never pulls it in.
import { Resvg } from '@resvg/resvg-js';

export interface PngOptions {
  /** Pixels per SVG unit (default 2, for sharp text in docs). */
  scale?: number;
}

export function renderPng(svg: string, options: PngOptions = {}): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
