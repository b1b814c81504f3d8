/** `perfscan iam-policy`: the least-privilege, read-only policy generated from the collectors' declarations. */
import type { Command } from 'commander';
import type { ServiceName } from '#lib/model/index.js';
import { EXIT } from './io.js';
import { parseServices } from './options.js';
import type { CommandContext } from './index.js';

export function registerIamPolicy(program: Command, ctx: CommandContext): void {
  program
    .command('iam-policy')
    .description(
      'Print the IAM policy (JSON) perfscan needs: read-only, generated from what the collectors call.',
    )
    .option('--services <list>', 'only the actions for these services', parseServices)
    .action(async (flags: { services?: ServiceName[] }) => {
      // Loaded on use: it pulls in every collector and SDK client (seconds of startup for other commands).
      const { iamPolicyDocument } = await import('#lib/collect/iam.js');
      ctx.io.stdout.write(JSON.stringify(iamPolicyDocument(flags.services), null, 2) + '\n');
      ctx.setExit(EXIT.clean);
    });
}
