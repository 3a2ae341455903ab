import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/main.mjs', import.meta.url));

describe('the coordinator program', () => {
  it('prints its help', () => {
    const res = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/Usage: npx acgan coordinator/);
  });
  it('names an unknown flag and exits 2', () => {
    const res = spawnSync(process.execPath, [BIN, '--no-such-flag', 'x'], { encoding: 'utf8' });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/unknown flag --no-such-flag/);
  });
});
