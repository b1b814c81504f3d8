export * from './common.js';
export * from './snapshot.js';
export * from './finding.js';
export * from './scan.js';
export type * from './facts.js';
export * from './table.js';
export * from './format.js';
export * from './aggregate.js';
export * from './offerings.js';
