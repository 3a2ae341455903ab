export * from './checkpoint-store.ts';
export * from './run-error.ts';
export * from './run-folder.ts';
export * from './artifact-writer.ts';
