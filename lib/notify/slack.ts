/**
 * Slack delivery through an incoming webhook (@slack/webhook, with its retry policy). The webhook
 * URL is a secret: it comes from Secrets Manager and is never logged or put in an error message.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { IncomingWebhook } from '@slack/webhook';
import type { SlackMessage } from '#lib/digest/render/slack.js';

export interface SlackDeliveryOptions {
  /** Retries after the first attempt (429, 5xx and network errors). */
  retries?: number;
  minTimeoutMs?: number;
  timeoutMs?: number;
}

export class SlackDeliveryError extends Error {
  override readonly name = 'SlackDeliveryError';
}

export async function postSlack(
  webhookUrl: string,
  msg: SlackMessage,
  opts: SlackDeliveryOptions = {},
): Promise<void> {
  const hook = new IncomingWebhook(webhookUrl, {
    timeout: opts.timeoutMs ?? 10_000,
    retryConfig: {
      retries: opts.retries ?? 3,
      factor: 2,
      minTimeout: opts.minTimeoutMs ?? 1_000,
      maxTimeout: 10_000,
      randomize: true,
    },
  });
  try {
    // Link names off: a resource called "@here" must stay text (the renderer escapes it as well).
    await hook.send({
      text: msg.text,
      blocks: msg.blocks as never,
      link_names: false,
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (err) {
    // The library's error can carry the request config (with the URL): keep only the status/code.
    const e = err as { code?: string; original?: { response?: { status?: number }; code?: string } };
    const status = e.original?.response?.status;
    throw new SlackDeliveryError(
      `Slack webhook delivery failed (${status ? `HTTP ${status}` : (e.original?.code ?? e.code ?? 'error')}).`,
    );
  }
}

/** The secret holds the webhook URL, either as the plain string or as JSON `{"webhookUrl": "..."}`. */
export async function readSlackWebhookUrl(client: SecretsManagerClient, secretId: string): Promise<string> {
  const r = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  const raw = (r.SecretString ?? '').trim();
  let url = raw;
  if (raw.startsWith('{')) {
    try {
      const doc = JSON.parse(raw) as { webhookUrl?: unknown; url?: unknown };
      url = String(doc.webhookUrl ?? doc.url ?? '');
    } catch {
      throw new Error(
        `Secret ${secretId} is not valid JSON; store the webhook URL or {"webhookUrl": "https://hooks.slack.com/..."}.`,
      );
    }
  }
  if (!/^https?:\/\//.test(url)) {
    throw new Error(
      `Secret ${secretId} does not hold a webhook URL; store the URL or {"webhookUrl": "https://hooks.slack.com/..."}.`,
    );
  }
  return url;
}
