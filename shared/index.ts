export * from './schema';
export * from './text';
export * from './redline';
