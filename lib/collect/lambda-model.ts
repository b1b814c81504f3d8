/**
 * Lambda's runtimes and architectures as the Lambda API model of the installed SDK knows them. Lambda has no
 * API that lists what a region offers, so this is the one static source the radar uses (docs/radar.md): a
 * runtime AWS adds appears when perfscan is updated with a newer `@aws-sdk/client-lambda`. Only the two enum
 * objects are imported (the client package is side-effect free, so a bundle keeps just these).
 */
import { Architecture, Runtime } from '@aws-sdk/client-lambda';

export const LAMBDA_RUNTIMES: readonly string[] = Object.values(Runtime);
export const LAMBDA_ARCHITECTURES: readonly string[] = Object.values(Architecture);
