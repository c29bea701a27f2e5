import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { transform } from 'esbuild';

/** The theme app extension (`extensions/loyale-widget`). */
export const WIDGET_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'extensions', 'loyale-widget');

/** The widget's built assets, each from one readable source in `src/`, and the gzipped size each may have. */
export const WIDGET_ASSETS = [
  { source: 'src/loyale.js', asset: 'assets/loyale.js', loader: 'js', maxGzipBytes: 8 * 1024 },
  { source: 'src/loyale.css', asset: 'assets/loyale.css', loader: 'css', maxGzipBytes: 4 * 1024 },
] as const;

export type WidgetAsset = (typeof WIDGET_ASSETS)[number];

/** Browsers the storefront widget supports (what esbuild may leave untranspiled). */
const TARGETS = ['chrome105', 'edge105', 'firefox105', 'safari15.4'];

/** The asset as the build writes it: the source minified, with a note where it comes from. */
export async function buildAsset(entry: WidgetAsset): Promise<string> {
  const source = await readFile(join(WIDGET_DIR, entry.source), 'utf8');
  const result = await transform(source, {
    loader: entry.loader,
    minify: true,
    target: TARGETS,
    legalComments: 'none',
    sourcefile: entry.source,
  });
  return `/* Loyale widget, built from ${entry.source} by web/scripts/widget-build.ts */\n${result.code}`;
}

/** Gzipped size at level 9, roughly what the storefront CDN sends. */
export function gzipBytes(content: string | Buffer): number {
  return gzipSync(content, { level: 9 }).length;
}
