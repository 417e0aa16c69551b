export * from './eligibility';
export * from './tally';
export * from './audit-chain';
export * from './roster-rows';
export * from './zoned-time';
export * from './csv-export';
export * from './rules';
