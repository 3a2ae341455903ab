export * from './config.ts';
export * from './config-error.ts';
export * from './flags.ts';
export * from './logger.ts';
export * from './hash.ts';
export * from './config-help.ts';
export * from './entry-point.ts';
export * from './presets.ts';
