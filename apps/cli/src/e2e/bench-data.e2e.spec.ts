/**
 * The data benchmark's plumbing, at a tiny size: it must pack, stream every
 * record in both settings (full order from a warm page cache, block order from
 * a cold one) in child processes, and report consistent numbers. Speed is not
 * asserted (benchmarks measure it; these machines are shared and noisy).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { runCli, tmp } from './run-cli.ts';

describe('acgan bench data (tiny)', () => {
  it('streams every record in both settings and reports images/s, peak RSS, raw read speed and ratios', async () => {
    const dir = tmp('bench-data');
    const res = await runCli(['bench', 'data', '--sizes', '3000,7000', '--dir', dir, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
    expect(out.bench).toBe('data');
    expect(out.runs.map((r: { records: number; order: string; cache: string }) => `${r.records} ${r.order} ${r.cache}`)).toEqual([
      '3000 full warm',
      '3000 block cold',
      '7000 full warm',
      '7000 block cold',
    ]);
    for (const r of out.runs) {
      // One epoch of batches of 256, the last one padded by wrapping.
      expect(r.samples).toBe(Math.ceil(r.records / 256) * 256);
      expect(r.images_per_s).toBeGreaterThan(0);
      expect(r.loader_mb_per_s).toBeCloseTo((r.images_per_s * 3074) / 1e6, 3);
      expect(r.raw_read_gbps).toBeGreaterThan(0);
      expect(r.ratio).toBeCloseTo((r.loader_mb_per_s * 1e6) / (r.raw_read_gbps * 1e9), 6);
      expect(r.peak_rss_mb).toBeGreaterThan(10);
    }
    expect(out.ratio).toBe(out.runs[3].ratio);
    expect(out.ratio_warm).toBe(out.runs[2].ratio);
    expect(out.read_gbps).toBe(out.runs[3].raw_read_gbps);
    expect(out.rss_ratio.block_cold).toBeCloseTo(out.runs[3].peak_rss_mb / out.runs[1].peak_rss_mb, 9);
    expect(res.stderr).toMatch(/bench data: 7000 records, block order, cache cold: \d+ images\/s/);
    // The temp folder is gone.
    expect(readdirSync(dir).filter((f) => f.startsWith('acgan-data-bench-'))).toEqual([]);
  });
});
