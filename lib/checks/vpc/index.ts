import type { CheckDefinition } from '../types.js';
import { vpcGatewayEndpointsS3Dynamodb } from './vpc-gateway-endpoints-s3-dynamodb.js';
import { vpcInterfaceEndpointsMajorServices } from './vpc-interface-endpoints-major-services.js';

export const vpcChecks: readonly CheckDefinition<string>[] = [
  vpcGatewayEndpointsS3Dynamodb,
  vpcInterfaceEndpointsMajorServices,
] as CheckDefinition<string>[];
