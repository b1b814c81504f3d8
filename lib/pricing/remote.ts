/**
 * Savings for the deployed Scan Lambda, from the Pricing Lambda (functions/pricing.ts). The Scan package has
 * no room for the Price List client nor the estimators (1.5 MB budget, docs/savings.md); it carries the Lambda
 * client already (the Lambda collector), so each unit sends its failing findings' pricing facts
 * (lib/pricing/facts.ts) in one synchronous Invoke and gets back, per fact, the basis of the saving (or none),
 * the prices used and the gaps. The Pricing Lambda answers from the table's price cache and asks GetProducts
 * only for what is missing, paced for the Price List API.
 *
 * When the invocation fails (no `lambda:InvokeFunction`, throttled past the client's retries, the function's
 * own error, a malformed answer), the unit's priced resources get one gap: no saving, never a guessed number.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { Finding, Gap, Price, SavingsBasis, Snapshot } from '#lib/model/index.js';
import { labelAwsSaving, pricingFacts, withSaving, type PricingFacts } from './facts.js';
import type { SavingsProvider, SavingsResult } from './provider.js';

/** What the Scan Lambda sends: the unit's region (its partition decides the endpoint) and the facts to price. */
export interface PricingEvent {
  region: string;
  items: { facts: PricingFacts; resourceId: string }[];
}

/** What the Pricing Lambda answers: per item, the basis or null (no price), and the prices and gaps. */
export interface PricingAnswer {
  bases: (SavingsBasis | null)[];
  prices: Record<string, Price>;
  gaps: Gap[];
  requests: number;
}

export type PricingInvoke = (event: PricingEvent) => Promise<unknown>;

/** Invoke the Pricing Lambda synchronously; its function error (a thrown handler) becomes an Error here. */
export function lambdaInvoker(client: LambdaClient, functionName: string): PricingInvoke {
  return async (event) => {
    const r = await client.send(
      new InvokeCommand({
        FunctionName: functionName,
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    );
    const text = new TextDecoder().decode(r.Payload);
    if (r.FunctionError) throw new Error(`the pricing function failed: ${text.slice(0, 300)}`);
    return JSON.parse(text) as unknown;
  };
}

export class RemoteSavings implements SavingsProvider {
  constructor(private readonly invoke: PricingInvoke) {}

  async savings(snapshot: Snapshot, findings: readonly Finding[]): Promise<SavingsResult> {
    const out: Finding[] = findings.map(labelAwsSaving);
    const items: PricingEvent['items'] = [];
    const at: number[] = [];
    findings.forEach((f, i) => {
      const facts = pricingFacts(snapshot, f);
      if (facts) {
        items.push({ facts, resourceId: f.resourceId });
        at.push(i);
      }
    });
    if (items.length === 0) return { findings: out, prices: {}, gaps: [], requests: 0 };
    let a: PricingAnswer;
    try {
      a = (await this.invoke({ region: snapshot.region, items })) as PricingAnswer;
      if (a.bases.length !== items.length)
        throw new Error('the pricing function answered another item count');
    } catch (err) {
      const resources = [...new Set(items.map((x) => x.resourceId))].sort();
      const text = String((err as Error)?.message ?? err);
      return {
        findings: out,
        prices: {},
        gaps: [
          {
            service: 'pricing',
            slice: 'pricing',
            code: /AccessDenied/.test(String((err as Error)?.name)) ? 'AccessDenied' : 'Error',
            action: 'lambda:InvokeFunction',
            message: `The pricing function could not answer (${text.slice(0, 300)}): no saving is estimated.`,
            resources,
            resourceCount: resources.length,
          },
        ],
        requests: 0,
      };
    }
    a.bases.forEach((b, k) => {
      const i = at[k]!;
      if (b) out[i] = withSaving(out[i]!, b);
    });
    return { findings: out, prices: a.prices, gaps: a.gaps, requests: a.requests };
  }
}
