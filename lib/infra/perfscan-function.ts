/**
 * The one function construct every perfscan Lambda uses: newest Node runtime, arm64 (the scanner
 * follows the model it scores), bundled by the local esbuild as ESM, X-Ray tracing, Powertools env,
 * and a log group with a retention period.
 */
import type { Duration } from 'aws-cdk-lib';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface PerfscanFunctionProps {
  /** Handler file under functions/, without extension: 'plan' | 'scan' | 'digest'. */
  handler: string;
  description: string;
  /** Measured sizes: see docs/benchmarks.md ("Lambda memory"). */
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
}

export class PerfscanFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PerfscanFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: path.join(ROOT, 'functions', `${props.handler}.ts`),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: Tracing.ACTIVE,
      logGroup,
      projectRoot: ROOT,
      depsLockFilePath: path.join(ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'perfscan',
        POWERTOOLS_METRICS_NAMESPACE: 'Perfscan',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // ESM bundles still meet CommonJS dependencies that call require().
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        // Bundle the AWS SDK too: the code is tested against the versions in package-lock.json.
        externalModules: [],
        tsconfig: path.join(ROOT, 'tsconfig.json'),
      },
    });
  }
}
