export * from './coordinator.ts';
export * from './bucket-reducer.ts';
export * from './run-coordinator.ts';
export * from './progress.ts';
export * from './bench/allreduce-bench.ts';
export * from './commands/train.ts';
export * from './commands/coordinator.ts';
