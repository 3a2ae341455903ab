/** The soak's parts that need no processes: the nemesis, the log parser, the RSS summary, the report. */
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, HOSTILE_ATTACKS, Nemesis, parseFaultKinds } from './nemesis.ts';
import { LineSplitter, explainError, parseRunLine } from './run-events.ts';
import { summarizeRss } from './rss.ts';
import { emptyFaultCounts, formatReport, reportInconsistencies, type SoakReport } from './report.ts';
import { compareCheckpoints } from './soak.ts';

describe('Nemesis', () => {
  it('injects every kind once in its first round, then draws at random; the same seed gives the same decisions', () => {
    const plans = (seed: number) => {
      const n = new Nemesis({ seed, kinds: FAULT_KINDS, workers: 2, pauseMs: [3000, 15_000] });
      return Array.from({ length: 40 }, () => n.next());
    };
    const a = plans(7);
    expect(new Set(a.slice(0, FAULT_KINDS.length).map((p) => p.kind))).toEqual(new Set(FAULT_KINDS));
    for (const p of a.slice(0, FAULT_KINDS.length)) expect(p.pauseMs).toBeLessThanOrEqual(2000);
    for (const p of a.slice(FAULT_KINDS.length)) expect(p.pauseMs).toBeGreaterThanOrEqual(3000);
    expect(plans(7)).toEqual(a);
    expect(plans(8).map((p) => p.kind)).not.toEqual(a.map((p) => p.kind));
    expect(a.map((p) => p.n)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (const p of a) {
      expect(p.victim).toBeGreaterThanOrEqual(0);
      expect(p.victim).toBeLessThan(2);
      if (p.kind === 'pause-worker') expect(p.holdMs).toBeLessThanOrEqual(2500); // under the 4 s liveness limit
      if (p.kind === 'hostile') {
        expect(p.attacks.length).toBeGreaterThanOrEqual(3);
        expect(new Set(p.attacks).size).toBe(p.attacks.length);
        for (const x of p.attacks) expect(HOSTILE_ATTACKS).toContain(x);
      } else expect(p.attacks).toEqual([]);
    }
  });

  it('takes only the kinds it is given', () => {
    const n = new Nemesis({ seed: 1, kinds: ['hostile', 'kill-worker'], workers: 4, pauseMs: [1, 2] });
    expect(new Set(Array.from({ length: 20 }, () => n.next().kind))).toEqual(new Set(['hostile', 'kill-worker']));
    expect(parseFaultKinds(undefined)).toEqual([...FAULT_KINDS]);
    expect(parseFaultKinds('hostile, disk-full')).toEqual(['hostile', 'disk-full']);
    expect(() => parseFaultKinds('kill-worker,reboot')).toThrow(/unknown fault kind "reboot"/);
    expect(() => parseFaultKinds('hostile,hostile')).toThrow(/named twice/);
  });
});

describe('the launcher log parser', () => {
  it('reads progress, losses, rejoins, restarts, checkpoints and resumes from the coordinator lines', () => {
    const lines = [
      '06:27:54.072 debug [coordinator] checksums agree after step 12: e980d6f770100a92',
      '06:28:05.030 warn [coordinator] rank 0 (vm pid 3599) lost: silent for 4488 ms (limit 4000 ms): it died, hung or lost the network; waiting up to 60000 ms for a replacement at step 73 phase G',
      '06:28:05.058 warn [coordinator] worker 0 (pid 3599) ended with signal SIGKILL; restarting it (1/1000000)',
      '06:28:06.596 info [coordinator] rank 0 rejoined at step 73 phase G',
      '06:27:57.098 error [coordinator] checkpoint step 25 not written: writing checkpoint /x/ckpt-00000025.bin failed: ENOSPC: no space left on device, write; the previous checkpoint is untouched',
      '06:27:58.991 info [coordinator] checkpoint step 50 written to /x/ckpt-00000050.bin',
      '06:28:18.701 info [coordinator] resuming /tmp/soak/run from checkpoint step 175',
      '06:28:20.000 info [coordinator] run ended: SIGINT: checkpointing and stopping all workers (steps done 180, exit 130)',
    ];
    expect(lines.flatMap(parseRunLine)).toEqual([
      { type: 'step', step: 12 },
      { type: 'lost', rank: 0, pid: 3599, why: 'silent for 4488 ms (limit 4000 ms): it died, hung or lost the network' },
      { type: 'restarting', worker: 0, pid: 3599, how: 'signal SIGKILL' },
      { type: 'rejoined', rank: 0, step: 73, phase: 'G' },
      { type: 'checkpoint-failed', step: 25 },
      { type: 'checkpoint-written', step: 50 },
      { type: 'resumed', fromStep: 175 },
      { type: 'ended', reason: 'SIGINT: checkpointing and stopping all workers', stepsDone: 180, exitCode: 130 },
    ]);
    expect(explainError(lines[4])).toBe('disk-full');
  });

  it('is not fooled by text a peer put into a line, nor by workers', () => {
    const forged =
      '06:28:09.011 warn [coordinator] refused registration from evil\\n00:00:00.000 debug [coordinator] checksums agree after step 99999999: 0 pid 4242: model config hash "deadbeef"';
    expect(parseRunLine(forged)).toEqual([]);
    expect(parseRunLine('06:28:09.011 info [worker[0]] checksums agree after step 5: x')).toEqual([]);
    const err = '06:22:07.894 error [worker[1]] worker failed: boom';
    expect(parseRunLine(err)).toEqual([{ type: 'error-line', line: err }]);
    expect(explainError(err)).toBeUndefined();
  });

  it('splits a stream into lines across chunks', () => {
    const s = new LineSplitter();
    expect(s.feed('a\nb')).toEqual(['a']);
    expect(s.feed('c\n\nd')).toEqual(['bc', '']);
    expect(s.end()).toEqual(['d']);
  });
});

describe('summarizeRss', () => {
  it('gives start, peak and end per role across restarts, and a bucketed series of the largest samples', () => {
    const samples = [
      { t: 0, role: 'worker 0', pid: 10, mb: 100 },
      { t: 0, role: 'launcher', pid: 1, mb: 200 },
      { t: 5, role: 'worker 0', pid: 10, mb: 150 },
      { t: 12, role: 'worker 0', pid: 11, mb: 90 },
      { t: 12, role: 'launcher', pid: 1, mb: 210 },
      { t: 25, role: 'worker 0', pid: 11, mb: 120 },
    ];
    const r = summarizeRss(samples);
    expect(r.roles).toEqual([
      { role: 'launcher', startMb: 200, peakMb: 210, endMb: 210, processes: 1, samples: 2 },
      { role: 'worker 0', startMb: 100, peakMb: 150, endMb: 120, processes: 2, samples: 4 },
    ]);
    expect(r.series).toEqual({ bucketSeconds: 10, t: [0, 10, 20], byRole: { launcher: [200, 210, null], 'worker 0': [150, 90, 120] } });
    // An hour: about 30 buckets, never fewer than 10 s each.
    const hour = summarizeRss(Array.from({ length: 3600 }, (_, i) => ({ t: i, role: 'launcher', pid: 1, mb: 100 + (i % 7) })));
    expect(hour.series.bucketSeconds).toBe(120);
    expect(hour.series.t.length).toBe(30);
  });
});

function sampleReport(): SoakReport {
  const faults = emptyFaultCounts();
  faults['kill-worker'] = 1;
  faults['kill-coordinator'] = 1;
  return {
    seed: 1,
    minutes: 1,
    workers: 2,
    job: [],
    verdict: 'identical',
    exitCode: 0,
    steps: 300,
    chaosSeconds: 60,
    referenceSeconds: 20,
    faults,
    faultsTotal: 2,
    skipped: [{ kind: 'disk-full', reason: 'not root: mounting a tmpfs needs root' }],
    notInjected: [],
    recoveries: { workerRestarts: 1, rejoins: 1, coordinatorResumes: 1 },
    stepsRedone: 7,
    phasesRedone: 1,
    longestStall: { seconds: 6.5, afterStep: 120, during: 'kill-coordinator' },
    longestRecoverySeconds: 8,
    checkpointWriteFailures: 0,
    hostileMessages: 0,
    comparison: { tensors: 113, differing: [] },
    runFolder: { metricsRecords: 310, metricsBadLines: 0, stepsMissing: 0, logFileOk: true, strayFiles: [] },
    rss: {
      roles: [{ role: 'launcher', startMb: 200, peakMb: 230, endMb: 210, processes: 2, samples: 50 }],
      series: { bucketSeconds: 10, t: [0, 10], byRole: { launcher: [230, 210] } },
    },
    unexplainedErrors: { count: 0, first: [] },
    unexpected: [],
    keptAt: null,
    faultLog: [
      { n: 1, kind: 'kill-worker', atSeconds: 8, step: 40, detail: 'worker 0 (pid 5) SIGKILLed', recoverySeconds: 3 },
      { n: 2, kind: 'kill-coordinator', atSeconds: 20, step: 127, detail: 'launcher SIGKILLed', recoverySeconds: 8 },
    ],
  };
}

describe('the report', () => {
  it('finds no contradiction in a consistent report, and names each one in a broken one', () => {
    const ok = sampleReport();
    expect(reportInconsistencies(ok)).toEqual([]);
    const bad = { ...sampleReport(), faultsTotal: 3, recoveries: { workerRestarts: 0, rejoins: 1, coordinatorResumes: 0 }, exitCode: 1 };
    bad.rss.roles[0].peakMb = 100;
    expect(reportInconsistencies(bad)).toEqual([
      'faults by kind add up to 2, faultsTotal is 3',
      'faultLog has 2 entries, faultsTotal is 3',
      '1 workers killed or hung, only 0 restarts',
      '1 coordinator kills, 0 resumes',
      'exit code 1 with verdict identical and 0 unexpected',
      'RSS of launcher: peak 100 below start 200 or end 210',
      'RSS series of launcher peaks at 230, peak is 100',
    ]);
  });

  it('reads as text: verdict, faults, recoveries, stall, memory', () => {
    const text = formatReport(sampleReport());
    expect(text).toMatch(/^verdict +IDENTICAL: the final parameters after step 300 equal a straight run's, bit for bit \(113 tensors/m);
    expect(text).toMatch(/^faults injected +2: kill-worker 1, pause-worker 0, hang-worker 0, kill-coordinator 1, hostile 0$/m);
    expect(text).toMatch(/skipped +disk-full: not root/);
    expect(text).toMatch(/^longest stall +6\.5 s after step 120 \(kill-coordinator\)/m);
    expect(text).toMatch(/^ {2}launcher +200 +230 +210 +2$/m);
    expect(text).toMatch(/^exit code +0$/m);
  });
});

describe('compareCheckpoints', () => {
  const ck = (w: number[], moving: number) => ({
    step: 3,
    epoch: 0,
    config: {},
    extra: {},
    tensors: [
      { name: 'g/w', shape: [w.length], data: Float32Array.from(w) },
      { name: 'd/bn/moving_mean', shape: [1], data: Float32Array.from([moving]) },
    ],
  });
  it('compares bit for bit, leaving BatchNorm moving statistics out', () => {
    expect(compareCheckpoints(ck([1, 2], 5), ck([1, 2], 6))).toEqual({ tensors: 1, differing: [] });
    expect(compareCheckpoints(ck([1, 0], 5), ck([1, -0], 5))).toEqual({ tensors: 1, differing: ['g/w'] });
    expect(compareCheckpoints(ck([NaN, 2], 5), ck([NaN, 2], 5)).differing).toEqual([]);
  });
});
