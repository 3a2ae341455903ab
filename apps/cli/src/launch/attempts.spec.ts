import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRunDir } from '@acgan/runs';
import { describe, expect, it } from 'vitest';
import { setAsideAttempt } from './attempts.ts';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'attempts-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

describe('setAsideAttempt', () => {
  it('moves an attempt without a checkpoint aside, whole, so that a new run can start in the folder', () => {
    const dir = folder({ 'config.json': '{}', 'metrics.jsonl': '{"step":0}\n', 'logs/coordinator.jsonl': 'x\n', 'samples/step-2.png': 'png' });
    expect(() => checkRunDir(dir, { resuming: false })).toThrow(/already holds a run/);
    const to = setAsideAttempt(dir, new Date('2026-11-30T12:00:00.000Z'))!;
    expect(to).toBe(join(dir, 'attempts', '2026-11-30T12-00-00-000Z'));
    expect(readdirSync(dir)).toEqual(['attempts']);
    expect(readdirSync(to).sort()).toEqual(['config.json', 'logs', 'metrics.jsonl', 'samples']);
    expect(existsSync(join(to, 'samples', 'step-2.png'))).toBe(true);
    expect(() => checkRunDir(dir, { resuming: false })).not.toThrow();
    // A second early end goes beside the first.
    writeFileSync(join(dir, 'config.json'), '{}');
    setAsideAttempt(dir, new Date('2026-11-30T13:00:00.000Z'));
    expect(readdirSync(join(dir, 'attempts')).sort()).toEqual(['2026-11-30T12-00-00-000Z', '2026-11-30T13-00-00-000Z']);
  });

  it('leaves alone a folder with no run, or with a checkpoint to resume', () => {
    const empty = folder({ 'notes.txt': 'mine' });
    expect(setAsideAttempt(empty)).toBeUndefined();
    expect(readdirSync(empty)).toEqual(['notes.txt']);
    const resumable = folder({ 'config.json': '{}', 'checkpoints/ckpt-5.bin': 'x' });
    expect(setAsideAttempt(resumable)).toBeUndefined();
    expect(readdirSync(resumable).sort()).toEqual(['checkpoints', 'config.json']);
  });
});
