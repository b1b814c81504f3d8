/**
 * `node --import tsx lib/infra/bundle-cli.ts <handler> <outDir>`: bundle one Lambda handler (see bundle.ts).
 * The CDK construct runs it synchronously at synth (esbuild plugins need the async JS API).
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  BUNDLE_FILE,
  LAMBDA_HANDLERS,
  MAX_PACKAGE_BYTES,
  bundleHandler,
  type LambdaHandlerName,
} from './bundle.js';

const [handler, outDir] = process.argv.slice(2);
if (!handler || !outDir || !(LAMBDA_HANDLERS as readonly string[]).includes(handler)) {
  process.stderr.write(`usage: bundle-cli.ts <${LAMBDA_HANDLERS.join('|')}> <outDir>\n`);
  process.exit(2);
}
// Built beside the target and moved into place whole: a concurrent synth never sees half a package.
const work = `${outDir}.tmp-${process.pid}`;
const r = await bundleHandler(handler as LambdaHandlerName, work);
if (r.bytes > MAX_PACKAGE_BYTES) {
  process.stderr.write(
    `functions/${handler}.ts bundles to ${r.bytes} bytes, over the ${MAX_PACKAGE_BYTES}-byte budget; biggest parts: ${Object.entries(
      r.bytesByPackage,
    )
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([k, v]) => `${k} ${Math.round(v / 1024)} KB`)
      .join(', ')}\n`,
  );
  process.exit(1);
}
if (existsSync(path.join(outDir, BUNDLE_FILE))) await rm(work, { recursive: true, force: true });
else {
  await rm(outDir, { recursive: true, force: true });
  await rename(work, outDir);
}
