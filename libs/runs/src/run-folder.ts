/**
 * The folder every run writes: config.json (the resolved config), metrics.jsonl
 * (one JSON object per step), logs/ (JSON lines), samples/step-N.png,
 * checkpoints/ and export/ (the generator and discriminator in the TensorFlow.js
 * layers format).
 */
import { appendFileSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface RunPaths {
  root: string;
  config: string;
  metrics: string;
  logs: string;
  samples: string;
  checkpoints: string;
  export: string;
}

export function runPaths(root: string): RunPaths {
  const abs = resolve(root);
  return {
    root: abs,
    config: join(abs, 'config.json'),
    metrics: join(abs, 'metrics.jsonl'),
    logs: join(abs, 'logs'),
    samples: join(abs, 'samples'),
    checkpoints: join(abs, 'checkpoints'),
    export: join(abs, 'export'),
  };
}

/** A fresh default run folder name: runs/<UTC date-time>. */
export function defaultRunDir(now = new Date()): string {
  return join('runs', now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19));
}

export function createRunFolder(root: string): RunPaths {
  const p = runPaths(root);
  for (const d of [p.root, p.logs, p.samples, p.checkpoints, p.export]) mkdirSync(d, { recursive: true });
  return p;
}

/** Writes a JSON file atomically (temp + rename). */
export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, path);
}

export class MetricsWriter {
  constructor(readonly path: string) {}
  append(record: Record<string, unknown>): void {
    appendFileSync(this.path, JSON.stringify(record) + '\n');
  }
}
