/**
 * Builds the storefront widget's assets (`extensions/loyale-widget/assets/loyale.{js,css}`) from `src/`:
 *   node --import tsx web/scripts/widget-build.ts
 * The built files are committed (the extension is deployed as is); `widget-size.ts` fails when they are stale.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAsset, gzipBytes, WIDGET_ASSETS, WIDGET_DIR } from './widget-assets.js';

for (const entry of WIDGET_ASSETS) {
  const built = await buildAsset(entry);
  await writeFile(join(WIDGET_DIR, entry.asset), built);
  console.log(`${entry.asset}: ${Buffer.byteLength(built)} B, ${gzipBytes(built)} B gzipped`);
}
