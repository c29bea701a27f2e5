/**
 * The storefront widget's size budget (issue: "JavaScript ≤ 8 KB and CSS ≤ 4 KB gzipped"), run by `./loyale test`:
 *   node --import tsx web/scripts/widget-size.ts
 * Prints raw and gzipped sizes of the built assets and fails when one is over budget or no longer what
 * `widget-build.ts` makes from `src/` (the measured file must be the one that ships).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAsset, gzipBytes, WIDGET_ASSETS, WIDGET_DIR } from './widget-assets.js';

let failed = false;
for (const entry of WIDGET_ASSETS) {
  const shipped = await readFile(join(WIDGET_DIR, entry.asset));
  const gzipped = gzipBytes(shipped);
  const within = gzipped <= entry.maxGzipBytes;
  console.log(`widget size: ${entry.asset} ${shipped.length} B raw, ${gzipped} B gzipped (budget ${entry.maxGzipBytes} B) ${within ? 'ok' : 'OVER BUDGET'}`);
  if (!within) failed = true;
  if (shipped.toString('utf8') !== (await buildAsset(entry))) {
    console.error(`widget size: ${entry.asset} is stale; run \`node --import tsx web/scripts/widget-build.ts\``);
    failed = true;
  }
}
if (failed) process.exit(1);
