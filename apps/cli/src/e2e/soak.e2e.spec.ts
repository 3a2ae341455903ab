/**
 * slow: the chaos soak. A one-minute `acgan soak` injects every fault kind at least
 * once (worker SIGKILL, short SIGSTOP, a hang until the worker is lost, a killed and
 * resumed coordinator, hostile traffic, a full disk where this runs as root), the run
 * recovers from each, its final parameters equal a straight run's bit for bit and
 * the report adds up. Interrupted, the soak leaves no process, mount or file
 * behind. And one bug the soak found, on its own: rank 0 failing (and the run with
 * it) on a sample grid it could not write.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FAULT_KINDS } from '../soak/nemesis.ts';
import { reportInconsistencies, type SoakReport } from '../soak/report.ts';
import { childrenOf } from '../soak/rss.ts';
import { alive, runCli, startCli, tinyJob, tmp, waitFor } from './run-cli.ts';

const root = process.getuid?.() === 0;

/** Temporary folders of this file, removed at its end. */
const made: string[] = [];
function scratch(name: string): string {
  const dir = tmp(name);
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function mounted(dir: string): boolean {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[1] === dir);
}

describe('slow: chaos soak', () => {
  it('acgan soak --minutes 1: every fault kind injected and recovered from, the result identical to a straight run, the report consistent', async () => {
    const dir = join(scratch('soak'), 'files');
    const res = await runCli(['soak', '--minutes', '1', '--seed', '12', '--dir', dir, '--json']);
    const tail = res.stderr.slice(-4000);
    expect(res.code, tail).toBe(0);
    const report = JSON.parse(res.stdout) as SoakReport;
    expect(report.verdict).toBe('identical');
    expect(report.unexpected).toEqual([]);
    expect(report.unexplainedErrors).toEqual({ count: 0, first: [] });
    expect(reportInconsistencies(report)).toEqual([]);
    for (const kind of FAULT_KINDS) {
      if (kind === 'disk-full' && !root) {
        expect(report.skipped).toEqual([{ kind, reason: expect.stringMatching(/not root/) }]);
        continue;
      }
      expect(report.faults[kind], `${kind} injected; fault log: ${JSON.stringify(report.faultLog)}`).toBeGreaterThanOrEqual(1);
    }
    for (const f of report.faultLog) expect(f.recoverySeconds, `${f.kind} #${f.n} recovered`).not.toBeNull();
    expect(report.recoveries.coordinatorResumes).toBeGreaterThanOrEqual(1);
    expect(report.recoveries.rejoins).toBeGreaterThanOrEqual(2);
    expect(report.steps).toBeGreaterThan(20);
    expect(report.runFolder).toMatchObject({ metricsBadLines: 0, stepsMissing: 0, logFileOk: true, strayFiles: [] });
    if (root) expect(report.checkpointWriteFailures).toBeGreaterThanOrEqual(1);
    expect(report.rss.roles.map((r) => r.role)).toEqual(['launcher', 'worker 0', 'worker 1']);
    for (const r of report.rss.roles) expect(r.peakMb).toBeGreaterThan(20);
    expect(report.longestStall.seconds).toBeGreaterThan(0);
    // A passing soak cleans up after itself.
    expect(report.keptAt).toBeNull();
    expect(existsSync(dir)).toBe(false);
    expect(mounted(join(dir, 'run'))).toBe(false);
  });

  it('SIGTERM mid-soak ends every process it started, unmounts the run folder and removes its files', async () => {
    const dir = join(scratch('soak-interrupted'), 'files');
    const soak = startCli(['soak', '--minutes', '5', '--seed', '3', '--dir', dir]);
    let stderr = '';
    soak.child.stderr!.on('data', (d) => (stderr += d));
    // The first fault may be a killed coordinator: between that kill and the resumed launcher the soak has no child, so wait for one.
    // Taken in the wait itself: a launcher seen, then gone by a second look, was seen empty once in CI.
    let launchers: number[] = [];
    await waitFor(
      'the first fault, and a launcher running',
      () => /soak: fault 1 at/.test(stderr) && (launchers = childrenOf(soak.child.pid!).map((c) => c.pid)).length > 0,
      120_000,
    );
    const processes = [...launchers, ...launchers.flatMap((pid) => childrenOf(pid).map((c) => c.pid))];
    expect(processes.length).toBeGreaterThanOrEqual(1);
    soak.child.kill('SIGTERM');
    const res = await soak.done;
    expect(res.code, res.stderr.slice(-2000)).toBe(130);
    await waitFor('every process of the soak to end', () => processes.every((pid) => !alive(pid)), 10_000);
    expect(mounted(join(dir, 'run'))).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });

  it('a sample grid that cannot be written is skipped with a warning; the run goes on (rank 0 used to fail the run)', async () => {
    const dir = scratch('samples-unwritable');
    // A folder where the grid of step 2 should go: writing it fails as a full disk would.
    mkdirSync(join(dir, 'samples', 'step-2.png'), { recursive: true });
    const res = await runCli(['train', '--workers', '2', '--steps', '4', '--sample-interval', '2', '--checkpoint-interval', '0', ...tinyJob(dir)]);
    expect(res.code, res.stderr).toBe(0);
    // The coordinator writes rank 0's outputs: it says so, and goes on.
    expect(res.stderr).toMatch(/an output file from rank 0 was not written: samples\/step-2\.png: cannot move into place \(.*\); the run goes on/);
    expect(existsSync(join(dir, 'samples', 'step-4.png'))).toBe(true);
  });
});
