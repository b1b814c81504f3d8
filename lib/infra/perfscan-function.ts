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
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, type LambdaHandlerName } from './bundle.js';

export interface PerfscanFunctionProps {
  /** Handler file under functions/, without extension. */
  handler: LambdaHandlerName;
  description: string;
  /** Measured sizes: see docs/benchmarks.md ("Lambda memory"). */
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
}

/** One bundle per handler and process: synthesizing several stacks does not rebuild the same code. */
const bundles = new Map<LambdaHandlerName, Code>();

export function handlerCode(handler: LambdaHandlerName): Code {
  let code = bundles.get(handler);
  if (!code) {
    const outDir = mkdtempSync(path.join(tmpdir(), `perfscan-${handler}-`));
    code = Code.fromCustomCommand(
      outDir,
      [process.execPath, '--import', 'tsx', path.join(ROOT, 'lib/infra/bundle-cli.ts'), handler, outDir],
      { commandOptions: { cwd: ROOT, stdio: 'inherit' } },
    );
    bundles.set(handler, code);
  }
  return code;
}

export class PerfscanFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: PerfscanFunctionProps) {
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
      environment: {
        POWERTOOLS_SERVICE_NAME: 'perfscan',
        POWERTOOLS_METRICS_NAMESPACE: 'Perfscan',
        // No source map ships in the package, so no --enable-source-maps (it cost ~40 MB RSS).
        ...props.environment,
      },
    });
  }
}
