/**
 * The one function construct every perfscan Lambda uses: newest Node runtime, arm64 (the scanner
 * follows the model it scores), bundled by lib/infra/bundle.ts as one minified ESM file with no source
 * map (<= 1.5 MB, only the SDK clients the handler uses), X-Ray tracing, Powertools env, and a log group
 * with a retention period.
 */
import type { Duration } from 'aws-cdk-lib';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLE_FILE, ROOT, type LambdaHandlerName } from './bundle.js';

export interface PerfscanFunctionProps {
  /** Handler file under functions/, without extension. */
  handler: LambdaHandlerName;
  description: string;
  /** Measured sizes: see docs/benchmarks.md ("Lambda memory"). */
  memorySize: number;
  /**
   * V8's old-space limit in MB (`--max-old-space-size` through NODE_OPTIONS), below `memorySize`: without it
   * V8 lets garbage pile up towards its own default before collecting (docs/benchmarks-memory.md).
   */
  heapLimitMb?: number;
  timeout: Duration;
  environment: Record<string, string>;
  /** Reserved concurrency (the Pricing function's cap on the Price List API's rate). */
  reservedConcurrentExecutions?: number;
}

let sourceHash: string | undefined;

/** Hash of everything a bundle is built from: the code under functions/ and lib/, the lockfile, tsconfig. */
function hashSources(): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) h.update(path.relative(ROOT, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(path.join(ROOT, 'functions'));
  walk(path.join(ROOT, 'lib'));
  for (const f of ['package-lock.json', 'tsconfig.json'])
    h.update(f).update(readFileSync(path.join(ROOT, f)));
  return h.digest('hex').slice(0, 16);
}

/**
 * The handler's package (a new Code per stack, as CDK requires): built once per source state into the OS
 * temp folder by `bundle-cli.ts` during synth, and reused while the sources are unchanged (test runs that
 * synthesize the stack several times do not bundle again).
 */
export function handlerCode(handler: LambdaHandlerName): Code {
  sourceHash ??= hashSources();
  const outDir = path.join(tmpdir(), 'perfscan-lambda', `${handler}-${sourceHash}`);
  if (existsSync(path.join(outDir, BUNDLE_FILE))) return Code.fromAsset(outDir);
  return Code.fromCustomCommand(
    outDir,
    [process.execPath, '--import', 'tsx', path.join(ROOT, 'lib/infra/bundle-cli.ts'), handler, outDir],
    { commandOptions: { cwd: ROOT, stdio: 'inherit' } },
  );
}

export class PerfscanFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: PerfscanFunctionProps) {
    if (props.heapLimitMb !== undefined && props.heapLimitMb >= props.memorySize)
      throw new Error(
        `${id}: heapLimitMb (${props.heapLimitMb}) must be below memorySize (${props.memorySize}).`,
      );
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      code: handlerCode(props.handler),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      logGroup,
      ...(props.reservedConcurrentExecutions !== undefined
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'perfscan',
        POWERTOOLS_METRICS_NAMESPACE: 'Perfscan',
        // No source map ships in the package, so no --enable-source-maps (it cost ~40 MB RSS).
        ...(props.heapLimitMb ? { NODE_OPTIONS: `--max-old-space-size=${props.heapLimitMb}` } : {}),
        ...props.environment,
      },
    });
  }
}
