/** STS: GetCallerIdentity for the simulated account (answered in every region, as STS is). */
import type { SimServiceModule } from './core.js';

export const stsSim: SimServiceModule = {
  clientName: 'STSClient',
  handlers: {
    GetCallerIdentityCommand: (_input, { account }) => ({
      UserId: 'AROASIMULATEDROLEID:perfscan',
      Account: account.accountId,
      Arn: `arn:aws:sts::${account.accountId}:assumed-role/PerfscanReadOnly/perfscan`,
    }),
  },
};
