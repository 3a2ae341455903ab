/**
 * The report of `acgan soak`: one object (printed as JSON with `--json`) and its
 * human-readable form.
 */
import { FAULT_KINDS, type FaultKind } from './nemesis.ts';
import type { RssSummary } from './rss.ts';

export interface FaultRecord {
  n: number;
  kind: FaultKind;
  /** Seconds since the chaos run started. */
  atSeconds: number;
  /** Last step completed when it was injected. */
  step: number;
  detail: string;
  /** Seconds from injection until the run completed a step past `step` (null: it did not). */
  recoverySeconds: number | null;
}

export interface SoakReport {
  seed: number;
  minutes: number;
  workers: number;
  /** The training job's flags (chaos and reference run alike, but for the soak's own: bind, log level, restarts). */
  job: string[];
  /** identical: the chaos run's final parameters equal the straight run's bit for bit. */
  verdict: 'identical' | 'different' | 'incomplete';
  exitCode: number;
  /** The step both runs ended at (the chaos run's final checkpoint). */
  steps: number;
  chaosSeconds: number;
  referenceSeconds: number;
  faults: Record<FaultKind, number>;
  faultsTotal: number;
  /** Kinds that could not be injected here, and why (e.g. disk-full without root). */
  skipped: { kind: FaultKind; reason: string }[];
  /** Enabled kinds that were never injected (the run ended first). */
  notInjected: FaultKind[];
  recoveries: { workerRestarts: number; rejoins: number; coordinatorResumes: number };
  /** Steps trained twice: those a resumed coordinator redid since its checkpoint. */
  stepsRedone: number;
  /** Phases redone by a rank that rejoined (one per rejoin: the phase in flight, by that rank only). */
  phasesRedone: number;
  longestStall: { seconds: number; afterStep: number; during: FaultKind | null };
  /** Longest time from a fault to the next new step. */
  longestRecoverySeconds: number;
  checkpointWriteFailures: number;
  hostileMessages: number;
  comparison: { tensors: number; differing: string[] };
  runFolder: { metricsRecords: number; metricsBadLines: number; stepsMissing: number; logFileOk: boolean; strayFiles: string[] };
  rss: RssSummary;
  unexplainedErrors: { count: number; first: string[] };
  unexpected: string[];
  /** Where the soak's files stayed (kept with --keep or when the soak failed), else null. */
  keptAt: string | null;
  faultLog: FaultRecord[];
}

export function emptyFaultCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

/**
 * Contradictions between fields of a report (the e2e test asserts there are
 * none): counts that must add up, recoveries each fault implies, RSS order.
 */
export function reportInconsistencies(r: SoakReport): string[] {
  const out: string[] = [];
  const sum = Object.values(r.faults).reduce((a, b) => a + b, 0);
  if (sum !== r.faultsTotal) out.push(`faults by kind add up to ${sum}, faultsTotal is ${r.faultsTotal}`);
  if (r.faultLog.length !== r.faultsTotal) out.push(`faultLog has ${r.faultLog.length} entries, faultsTotal is ${r.faultsTotal}`);
  for (const k of FAULT_KINDS) {
    const logged = r.faultLog.filter((f) => f.kind === k).length;
    if (logged !== r.faults[k]) out.push(`${k}: ${logged} in faultLog, ${r.faults[k]} counted`);
  }
  const killed = r.faults['kill-worker'] + r.faults['hang-worker'];
  if (r.recoveries.workerRestarts < killed) out.push(`${killed} workers killed or hung, only ${r.recoveries.workerRestarts} restarts`);
  if (r.recoveries.rejoins < killed) out.push(`${killed} workers killed or hung, only ${r.recoveries.rejoins} rejoins`);
  if (r.recoveries.coordinatorResumes !== r.faults['kill-coordinator']) out.push(`${r.faults['kill-coordinator']} coordinator kills, ${r.recoveries.coordinatorResumes} resumes`);
  if (r.stepsRedone < 0) out.push(`stepsRedone is negative (${r.stepsRedone})`);
  if (r.longestStall.seconds < 0 || r.longestStall.seconds > r.chaosSeconds) out.push(`longest stall ${r.longestStall.seconds} s outside the chaos run's ${r.chaosSeconds} s`);
  if (r.faults['disk-full'] > 0 && r.checkpointWriteFailures < r.faults['disk-full'])
    out.push(`${r.faults['disk-full']} disk-full faults, ${r.checkpointWriteFailures} failed checkpoint writes`);
  if ((r.verdict === 'identical') !== (r.comparison.tensors > 0 && r.comparison.differing.length === 0))
    out.push(`verdict ${r.verdict} but ${r.comparison.differing.length} of ${r.comparison.tensors} tensors differ`);
  if ((r.exitCode === 0) !== (r.verdict === 'identical' && r.unexpected.length === 0))
    out.push(`exit code ${r.exitCode} with verdict ${r.verdict} and ${r.unexpected.length} unexpected`);
  for (const role of r.rss.roles) {
    if (role.peakMb < role.startMb || role.peakMb < role.endMb) out.push(`RSS of ${role.role}: peak ${role.peakMb} below start ${role.startMb} or end ${role.endMb}`);
    const series = r.rss.series.byRole[role.role];
    if (!series || series.length !== r.rss.series.t.length) out.push(`RSS series of ${role.role} has ${series?.length} points, t has ${r.rss.series.t.length}`);
    else if (Math.max(...series.map((x) => x ?? 0)) !== role.peakMb)
      out.push(`RSS series of ${role.role} peaks at ${Math.max(...series.map((x) => x ?? 0))}, peak is ${role.peakMb}`);
  }
  return out;
}

function mmss(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function formatReport(r: SoakReport): string {
  const lines: string[] = [];
  const kinds = FAULT_KINDS.filter((k) => r.faults[k] > 0 || !r.skipped.some((s) => s.kind === k));
  lines.push(`acgan soak: ${r.minutes} min, ${r.workers} workers, seed ${r.seed} (replay: npx acgan soak --minutes ${r.minutes} --workers ${r.workers} --seed ${r.seed})`);
  lines.push('');
  const verdict =
    r.verdict === 'identical'
      ? `IDENTICAL: the final parameters after step ${r.steps} equal a straight run's, bit for bit (${r.comparison.tensors} tensors; BatchNorm moving statistics, rank 0's own, left out)`
      : r.verdict === 'different'
        ? `DIFFERENT: ${r.comparison.differing.length} of ${r.comparison.tensors} tensors differ from a straight run's after step ${r.steps}: ${r.comparison.differing.slice(0, 5).join(', ')}${r.comparison.differing.length > 5 ? ', ...' : ''}`
        : 'INCOMPLETE: no comparison (see unexpected)';
  lines.push(`verdict                 ${verdict}`);
  lines.push(`faults injected         ${r.faultsTotal}: ${kinds.map((k) => `${k} ${r.faults[k]}`).join(', ')}`);
  for (const s of r.skipped) lines.push(`  skipped               ${s.kind}: ${s.reason}`);
  if (r.notInjected.length) lines.push(`  never injected        ${r.notInjected.join(', ')} (the run ended first)`);
  lines.push(`recoveries              worker restarts ${r.recoveries.workerRestarts}, rejoins ${r.recoveries.rejoins}, coordinator resumes ${r.recoveries.coordinatorResumes}`);
  const byKind = kinds
    .map((k) => [k, r.faultLog.filter((f) => f.kind === k && f.recoverySeconds !== null).map((f) => f.recoverySeconds!)] as const)
    .filter(([, xs]) => xs.length > 0)
    .map(([k, xs]) => `${k} ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)}/${Math.max(...xs).toFixed(1)}`);
  if (byKind.length) lines.push(`recovery s (mean/max)   ${byKind.join(', ')}`);
  lines.push(`steps redone            ${r.stepsRedone} by resumed coordinators (from their checkpoint), and ${r.phasesRedone} phase(s) by rejoining ranks`);
  lines.push(
    `longest stall           ${r.longestStall.seconds.toFixed(1)} s after step ${r.longestStall.afterStep}${r.longestStall.during ? ` (${r.longestStall.during})` : ''}; longest recovery ${r.longestRecoverySeconds.toFixed(1)} s`,
  );
  lines.push(`disk and wire           ${r.checkpointWriteFailures} checkpoint write(s) failed on the full disk; ${r.hostileMessages} hostile messages sent`);
  lines.push(
    `run folder              ${r.runFolder.metricsRecords} metrics records, ${r.runFolder.metricsBadLines} unreadable, ${r.runFolder.stepsMissing} steps missing; coordinator log ${r.runFolder.logFileOk ? 'complete' : 'INCOMPLETE'}; ${r.runFolder.strayFiles.length} stray temporary files`,
  );
  lines.push(`time                    chaos run ${mmss(r.chaosSeconds)} (${r.steps} steps), straight reference run ${mmss(r.referenceSeconds)}`);
  lines.push('');
  lines.push('resident memory (MB)    start    peak     end  processes');
  for (const role of r.rss.roles) {
    lines.push(
      `  ${role.role.padEnd(20)} ${role.startMb.toFixed(0).padStart(6)} ${role.peakMb.toFixed(0).padStart(7)} ${role.endMb.toFixed(0).padStart(7)}  ${String(role.processes).padStart(9)}`,
    );
  }
  const { t, byRole, bucketSeconds } = r.rss.series;
  if (t.length > 0) {
    lines.push('');
    lines.push(`resident memory over time (MB, largest sample per ${bucketSeconds} s)`);
    const roles = r.rss.roles.map((x) => x.role);
    lines.push(`  ${'time'.padEnd(7)}${roles.map((x) => x.padStart(10)).join('')}`);
    for (let i = 0; i < t.length; i++) lines.push(`  ${mmss(t[i]).padEnd(7)}${roles.map((x) => (byRole[x][i] === null ? '-' : byRole[x][i]!.toFixed(0)).padStart(10)).join('')}`);
  }
  lines.push('');
  lines.push(`unexplained error lines ${r.unexplainedErrors.count}${r.unexplainedErrors.first.map((l) => `\n  ${l}`).join('')}`);
  lines.push(`unexpected              ${r.unexpected.length === 0 ? 'none' : ''}${r.unexpected.map((u) => `\n  - ${u}`).join('')}`);
  if (r.keptAt) lines.push(`files kept at           ${r.keptAt}`);
  lines.push(`exit code               ${r.exitCode}`);
  return lines.join('\n');
}
