/**
 * The member-account role: deploy it alone in each scanned account, or through a StackSet. It holds
 * exactly the read-only actions the collectors declare, and trusts only the scanner's role, with an
 * external id.
 */
import { CfnOutput, CfnParameter, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { ArnPrincipal, ManagedPolicy, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { requiredIamActions } from '#lib/collect/registry.js';
import type { ServiceName } from '#lib/model/index.js';
import { DEFAULT_MEMBER_ROLE } from './perfscan-stack.js';

export interface MemberRoleStackProps extends StackProps {
  /** ARN of the scanner's Scan function role (stack output ScannerRoleArn). When omitted, a CloudFormation parameter asks for it (StackSets). */
  scannerRoleArn?: string;
  externalId?: string;
  roleName?: string;
  services?: ServiceName[];
}

export class MemberRoleStack extends Stack {
  constructor(scope: Construct, id: string, props: MemberRoleStackProps = {}) {
    super(scope, id, props);
    const scannerRoleArn =
      props.scannerRoleArn ??
      new CfnParameter(this, 'ScannerRoleArn', {
        type: 'String',
        description: 'ARN of the perfscan scanner role (output ScannerRoleArn of the Perfscan stack)',
        allowedPattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/.+$',
      }).valueAsString;
    const externalId =
      props.externalId ??
      new CfnParameter(this, 'ExternalId', {
        type: 'String',
        description: 'External id the scanner presents when it assumes this role',
        minLength: 2,
        noEcho: true,
      }).valueAsString;

    const policy = new ManagedPolicy(this, 'ReadOnly', {
      description: 'perfscan: read-only actions generated from the collectors declarations',
      statements: [
        new PolicyStatement({
          sid: 'PerfscanReadOnly',
          actions: requiredIamActions(props.services),
          resources: ['*'],
        }),
      ],
    });
    const role = new Role(this, 'Role', {
      roleName: props.roleName ?? DEFAULT_MEMBER_ROLE,
      description: 'Assumed by the perfscan scanner to read performance-relevant state and metrics',
      assumedBy: new ArnPrincipal(scannerRoleArn).withConditions({
        StringEquals: { 'sts:ExternalId': externalId },
      }),
      managedPolicies: [policy],
    });
    new CfnOutput(this, 'MemberRoleArn', { value: role.roleArn });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The read-only Describe/List/Get APIs perfscan calls have no resource-level permissions; the action list is explicit and generated from the collectors (no wildcard actions).',
    });
  }
}
