export { Worker, WorkerExit, type WorkerOptions } from './worker.ts';
export * from './commands/worker.ts';
