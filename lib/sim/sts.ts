/**
 * STS: GetCallerIdentity for the simulated account (answered in every region, as STS is), and AssumeRole into
 * the member accounts of its simulated organization (an account outside it has no such role: AccessDenied).
 */
import { awsError, paginate, type SimServiceModule } from './core.js';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,64}$/;

export const stsSim: SimServiceModule = {
  clientName: 'STSClient',
  handlers: {
    GetCallerIdentityCommand: (_input, { account }) => ({
      UserId: 'AROASIMULATEDROLEID:perfscan',
      Account: account.accountId,
      Arn: `arn:aws:sts::${account.accountId}:assumed-role/PerfscanReadOnly/perfscan`,
    }),
    AssumeRoleCommand: (input: { RoleArn?: string; RoleSessionName?: string }, { account }) => {
      const m = ROLE_ARN.exec(input.RoleArn ?? '');
      if (!m || !input.RoleSessionName)
        throw awsError('ValidationError', 'RoleArn and RoleSessionName are required and must be valid.', 400);
      const target = m[1] as string;
      const member = account.options.organization?.members.find(
        (a) => a.id === target && a.state !== 'SUSPENDED',
      );
      if (!member && target !== account.accountId)
        throw awsError(
          'AccessDenied',
          `User: arn:aws:sts::${account.accountId}:assumed-role/PerfscanReadOnly/perfscan is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
          403,
        );
      return {
        Credentials: {
          AccessKeyId: 'ASIASIMULATEDMEMBER',
          SecretAccessKey: 'simulated',
          SessionToken: `simulated-${target}`,
          Expiration: new Date(account.options.now.getTime() + 3600_000 * 24 * 365 * 10),
        },
        AssumedRoleUser: {
          AssumedRoleId: `AROASIMULATED:${input.RoleSessionName}`,
          Arn:
            input.RoleArn!.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/') +
            `/${input.RoleSessionName}`,
        },
      };
    },
  },
};

/** Organizations: ListAccounts of the simulated organization (the managing account first), 20 a page. */
export const organizationsSim: SimServiceModule = {
  clientName: 'OrganizationsClient',
  handlers: {
    ListAccountsCommand: (input: Record<string, unknown>, { account }) => {
      const org = account.options.organization;
      if (!org)
        throw awsError(
          'AWSOrganizationsNotInUseException',
          'Your account is not a member of an organization.',
          400,
        );
      const all = [
        { Id: account.accountId, Name: 'management', State: 'ACTIVE', Status: 'ACTIVE' },
        ...org.members.map((m) => ({
          Id: m.id,
          Name: m.name,
          State: m.state ?? 'ACTIVE',
          Status: m.state ?? 'ACTIVE',
        })),
      ];
      const { page, nextToken } = paginate(all, input, { max: 20 });
      return { Accounts: page, ...(nextToken ? { NextToken: nextToken } : {}) };
    },
  },
};
