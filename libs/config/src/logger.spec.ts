import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addLogFile, createLogger, type WriteFn } from './logger.ts';

describe('log file', () => {
  it('survives a full disk: no torn line, held-back lines written in order once it can, and lines go on after', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-')), 'coordinator.jsonl');
    let full = false;
    // A full disk takes a few bytes of a write, then fails.
    const write: WriteFn = (fd, bytes, offset, length) => {
      if (!full) return writeSync(fd, bytes, offset, length);
      if (offset === 0) return writeSync(fd, bytes, 0, Math.min(7, length));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const log = createLogger({ component: 'coordinator', console: false });
    addLogFile(log, file, write);
    log.info('before');
    full = true;
    log.info('during 1');
    log.warn('during 2');
    const during = readFileSync(file, 'utf8');
    expect(
      during
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).message),
    ).toEqual(['before']);
    full = false;
    log.info('after');
    log.info('later');
    const lines = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.message)).toEqual(['before', 'during 1', 'during 2', 'after', 'later']);
    expect(lines[2]).toMatchObject({ level: 'warn', component: 'coordinator' });
  });
});
