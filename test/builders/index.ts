export * from './snapshot.js';
export * from './metrics.js';
export * from './check.js';
export * from './ec2.js';
export * from './ebs.js';
