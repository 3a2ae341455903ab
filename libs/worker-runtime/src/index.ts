export * from './worker.ts';
export * from './commands/worker.ts';
