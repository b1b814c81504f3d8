/** Email delivery through SES v2 (simple content: HTML + plain-text parts). */
import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';

export interface EmailMessage {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
}

export async function sendEmail(client: SESv2Client, msg: EmailMessage): Promise<string | undefined> {
  if (msg.to.length === 0) throw new Error('No email recipients: set emailTo (comma-separated addresses).');
  // A subject is a header: line breaks would let a resource name inject headers.
  const subject = msg.subject.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const r = await client.send(
    new SendEmailCommand({
      FromEmailAddress: msg.from,
      Destination: { ToAddresses: msg.to },
      Content: {
        Simple: {
          Subject: { Data: subject, Charset: 'UTF-8' },
          Body: { Html: { Data: msg.html, Charset: 'UTF-8' }, Text: { Data: msg.text, Charset: 'UTF-8' } },
        },
      },
    }),
  );
  return r.MessageId;
}
