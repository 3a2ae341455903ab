import { describe, expect, it } from 'vitest';
import { writeSync, mkdtempSync, readFileSync, writeFileSync, readdirSync, truncateSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listCheckpoints, loadNewestCheckpoint, pruneCheckpoints, readCheckpoint, writeCheckpoint, type Checkpoint } from './checkpoint-store.ts';

function sample(step: number): Checkpoint {
  return {
    step,
    epoch: 1,
    config: { steps: 10, seed: 3 },
    extra: { worldSize: 2 },
    tensors: [
      { name: 'g/dense/kernel', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, step]) },
      { name: 'd/bias', shape: [3], data: Float32Array.from([-1, 0.5, NaN]) },
    ],
  };
}

describe('checkpoint store', () => {
  it('round-trips tensors, step, config and extra', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const path = writeCheckpoint(dir, sample(7));
    const back = readCheckpoint(path);
    expect(back.step).toBe(7);
    expect(back.config).toEqual({ steps: 10, seed: 3 });
    expect(back.extra).toEqual({ worldSize: 2 });
    expect(back.tensors.map((t) => t.name)).toEqual(['g/dense/kernel', 'd/bias']);
    expect(Array.from(back.tensors[0].data)).toEqual([1, 2, 3, 4, 5, 7]);
    expect(Number.isNaN(back.tensors[1].data[2])).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects a shape that does not match the data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const bad = sample(1);
    bad.tensors[0].shape = [4, 4];
    expect(() => writeCheckpoint(dir, bad)).toThrow(/shape \[4,4\] needs 16 elements, has 6/);
  });

  it('detects corruption and truncation, and falls back to the previous checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    writeCheckpoint(dir, sample(10));
    writeCheckpoint(dir, sample(20));
    const p30 = writeCheckpoint(dir, sample(30));
    const bytes = readFileSync(p30);
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(p30, bytes);
    expect(() => readCheckpoint(p30)).toThrow(/checksum mismatch/);
    truncateSync(join(dir, 'ckpt-00000020.bin'), 100);
    const skipped: string[] = [];
    const ck = loadNewestCheckpoint(dir, (p) => skipped.push(p));
    expect(ck?.step).toBe(10);
    expect(skipped.map((p) => p.slice(-17))).toEqual(['ckpt-00000030.bin', 'ckpt-00000020.bin']);
  });

  it('rejects a file that is not a checkpoint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    const p = join(dir, 'ckpt-00000001.bin');
    writeFileSync(p, 'hello world, not a checkpoint');
    expect(() => readCheckpoint(p)).toThrow(/not a checkpoint/);
  });

  it('keeps the newest K', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    for (const s of [5, 10, 15, 20]) writeCheckpoint(dir, sample(s));
    pruneCheckpoints(dir, 2);
    expect(listCheckpoints(dir).map((c) => c.step)).toEqual([20, 15]);
  });

  it('removes the temp files of writers that are gone, not those of a live one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    writeCheckpoint(dir, sample(5));
    // A process that has ended: its pid is free (a crashed coordinator's leftover).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const stale = `.ckpt-00000010.bin.${gone.stdout}.tmp`;
    const live = `.ckpt-00000010.bin.${process.pid}.tmp`;
    writeFileSync(join(dir, stale), 'half a checkpoint');
    writeFileSync(join(dir, live), 'being written');
    expect(pruneCheckpoints(dir, 3)).toEqual([join(dir, stale)]);
    expect(readdirSync(dir).sort()).toEqual([live, 'ckpt-00000005.bin']);
  });

  it('leaves the previous checkpoint valid when a write fails', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    writeCheckpoint(dir, sample(1));
    const bad = sample(2);
    // A write that fails once 40 bytes are down stands in for a full disk.
    let written = 0;
    const fullDisk = (fd: number, bytes: Uint8Array, offset: number, length: number): number => {
      if (written + length > 40) throw new Error('ENOSPC: no space left on device, write');
      written += length;
      return writeSync(fd, bytes, offset, length);
    };
    expect(() => writeCheckpoint(dir, bad, fullDisk)).toThrow(/ENOSPC.*previous checkpoint is untouched/);
    expect(listCheckpoints(dir).map((c) => c.step)).toEqual([1]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(loadNewestCheckpoint(dir)?.step).toBe(1);
  });
});
