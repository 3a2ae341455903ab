import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendWholeLines, checkRunDir, MetricsWriter } from './run-folder.ts';
import type { WriteFn } from './checkpoint-store.ts';

/** A disk that is full while `full.on` holds: a write puts a few bytes in, then fails with ENOSPC. */
function flakyDisk(): { full: { on: boolean }; write: WriteFn } {
  const full = { on: false };
  let partial = false;
  const write: WriteFn = (fd, bytes, offset, length) => {
    if (!full.on) return writeSync(fd, bytes, offset, length);
    if (!partial) {
      partial = true;
      return writeSync(fd, bytes, offset, Math.min(5, length));
    }
    partial = false;
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  };
  return { full, write };
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('MetricsWriter', () => {
  it('holds records back while the disk is full, leaves no torn line, and writes them in order once it can', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'metrics-')), 'metrics.jsonl');
    const { full, write } = flakyDisk();
    const failures: string[] = [];
    const recovered: [number, number][] = [];
    const m = new MetricsWriter(path, { write, onWriteFailed: (e) => failures.push(e.message), onRecovered: (n, d) => recovered.push([n, d]) });
    m.append({ step: 0 });
    full.on = true;
    for (let s = 1; s <= 4; s++) expect(() => m.append({ step: s })).not.toThrow();
    expect(m.backlog).toBe(4);
    expect(lines(path)).toEqual([{ step: 0 }]); // parses: the partial writes were cut back
    expect(failures).toEqual(['ENOSPC: no space left on device, write']); // once per outage
    full.on = false;
    m.append({ step: 5 });
    expect(m.backlog).toBe(0);
    expect(lines(path).map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(recovered).toEqual([[5, 0]]);
  });

  it('keeps at most maxPending records of an outage and counts the dropped ones', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'metrics-')), 'metrics.jsonl');
    const { full, write } = flakyDisk();
    const recovered: [number, number][] = [];
    const m = new MetricsWriter(path, { write, maxPending: 3, onRecovered: (n, d) => recovered.push([n, d]) });
    full.on = true;
    for (let s = 0; s < 6; s++) m.append({ step: s });
    full.on = false;
    expect(m.flush()).toBe(true);
    expect(lines(path).map((r) => r.step)).toEqual([3, 4, 5]);
    expect(recovered).toEqual([[3, 3]]);
  });

  it('appendWholeLines throws the write error and leaves the file as it was', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'metrics-')), 'x.jsonl');
    appendWholeLines(path, '{"a":1}\n');
    const { full, write } = flakyDisk();
    full.on = true;
    expect(() => appendWholeLines(path, '{"b":2}\n', write)).toThrow(/ENOSPC/);
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
  });
});

describe('checkRunDir', () => {
  const base = () => mkdtempSync(join(tmpdir(), 'acgan-run-dir-'));

  it('takes a new folder, an empty one, and one that holds a run when resuming', () => {
    const dir = base();
    expect(() => checkRunDir(join(dir, 'a', 'b'), { resuming: false })).not.toThrow();
    expect(() => checkRunDir(dir, { resuming: false })).not.toThrow();
    writeFileSync(join(dir, 'config.json'), '{}');
    expect(() => checkRunDir(dir, { resuming: true })).not.toThrow();
  });

  it('refuses a folder that holds a run, naming what it holds and the way to continue it', () => {
    const dir = base();
    mkdirSync(join(dir, 'checkpoints'));
    writeFileSync(join(dir, 'checkpoints', 'ckpt-00000025.bin'), '');
    writeFileSync(join(dir, 'metrics.jsonl'), '{"step":0}\n');
    expect(() => checkRunDir(dir, { resuming: false })).toThrow(
      new RegExp(`^--run-dir ${dir}: already holds a run \\(metrics.jsonl, 1 checkpoint\\(s\\)\\): continue it with --resume ${dir}, or pick another --run-dir`),
    );
  });

  it('says what is wrong with the path: a file, a file above it, a pseudo-filesystem', () => {
    const dir = base();
    const file = join(dir, 'f');
    writeFileSync(file, '');
    expect(() => checkRunDir(file, { resuming: false })).toThrow(/: is a file, not a folder$/);
    expect(() => checkRunDir(join(file, 'x'), { resuming: false })).toThrow(new RegExp(`: ${file} is a file, so no folder can be made under it$`));
    expect(() => checkRunDir('/proc/acgan-run', { resuming: false })).toThrow(/is under \/proc, a kernel pseudo-filesystem: pick a folder on a disk$/);
    expect(() => checkRunDir('/sys', { resuming: false, flag: '--out' })).toThrow(/^--out \/sys: /);
  });

  it('names a folder it cannot write (a read-only file system; root is refused only there)', () => {
    if (process.getuid?.() !== 0) {
      const dir = base();
      chmodSync(dir, 0o555);
      expect(() => checkRunDir(join(dir, 'run'), { resuming: false })).toThrow(/cannot create it: .* is not writable \(permission denied\)$/);
      return;
    }
    const dir = base();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro', 'acgan-ro', dir]);
    try {
      expect(() => checkRunDir(join(dir, 'run'), { resuming: false })).toThrow(new RegExp(`: cannot create it: ${dir} is not writable \\(a read-only file system\\)$`));
      expect(() => checkRunDir(dir, { resuming: false })).toThrow(/: the folder is not writable \(a read-only file system\)$/);
    } finally {
      execFileSync('umount', [dir]);
    }
  });
});
