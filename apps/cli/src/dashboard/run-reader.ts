/**
 * What `acgan dashboard` shows of a run folder, read incrementally: the page polls with
 * cursors (the bytes of metrics.jsonl and of the coordinator's log already read) and
 * gets only what is new. Whole lines only: a line still being written is left for the
 * next poll. The run is only read, never written.
 */
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The per-step values the charts draw, as columns (step i of every column is one record). */
export const STEP_FIELDS = ['lossD', 'lossG', 'dRealAcc', 'dFakeAcc', 'classAccReal', 'classAccFake', 'gFoolRate', 'imagesPerS', 'stepMs'] as const;
/** The per-rank time split of a step. */
export const RANK_FIELDS = ['computeMs', 'exchangeMs', 'idleMs'] as const;
/** An evaluation record's scores (--eval-interval). */
export const EVAL_FIELDS = ['evalClassAccuracy', 'evalDiversity', 'evalFrechet', 'evalRealClassAccuracy', 'evalRealFrechet'] as const;

export interface StepColumns {
  step: number[];
  values: Record<(typeof STEP_FIELDS)[number], (number | null)[]>;
  /** ranks[r][field][i]: rank r's time split at step i (null when it did not report). */
  ranks: Record<(typeof RANK_FIELDS)[number], (number | null)[]>[];
  /** Steps whose record is partial (a rank was lost before it reported). */
  partial: number[];
}

export interface RunEvent {
  time: string;
  level: string;
  kind: 'checkpoint' | 'worker' | 'skip' | 'resume' | 'stop' | 'start' | 'warning' | 'error';
  message: string;
}

export interface RunSnapshot {
  /** Cursors for the next poll: bytes of metrics.jsonl and of the coordinator's log already read. */
  cursor: { metrics: number; log: number };
  config?: Record<string, unknown>;
  dataset?: Record<string, unknown>;
  steps: StepColumns;
  evaluations: { step: number; values: Record<string, number | null> }[];
  events: RunEvent[];
  /** Steps that have a sample grid (samples/step-N.png), ascending. */
  samples: number[];
  /** Whether the run has ended (its coordinator logged 'run ended'), and how. */
  ended?: string;
}

/** The whole lines of `file` from byte `from` on, and the byte after the last of them (a line still being written waits). */
export function readLinesFrom(file: string, from: number): { lines: string[]; next: number } {
  if (!existsSync(file)) return { lines: [], next: from };
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    // A file that shrank is not the one the cursor was for: start over.
    const start = from <= size ? from : 0;
    const buf = Buffer.alloc(size - start);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    const end = buf.lastIndexOf(0x0a, got - 1);
    if (end < 0) return { lines: [], next: start };
    return { lines: buf.subarray(0, end).toString('utf8').split('\n'), next: start + end + 1 };
  } finally {
    closeSync(fd);
  }
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(line) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function readJson(file: string): Record<string, unknown> | undefined {
  return existsSync(file) ? parse(readFileSync(file, 'utf8')) : undefined;
}

/** Sorts a coordinator log line into an event of the run, or undefined for routine lines. */
export function eventOf(entry: Record<string, unknown>): RunEvent | undefined {
  const message = typeof entry.message === 'string' ? entry.message : '';
  const level = typeof entry.level === 'string' ? entry.level : 'info';
  const time = typeof entry.timestamp === 'string' ? entry.timestamp : '';
  const kind: RunEvent['kind'] | undefined = /^checkpoint step \d+ (written|not written)/.test(message)
    ? 'checkpoint'
    : /lost|rejoined|replacement for rank|continuing with \d+ of \d+ ranks|killing worker|not restarting/.test(message)
      ? 'worker'
      : /non-finite|skips this update/.test(message)
        ? 'skip'
        : /^resuming |resumed with changed settings/.test(message)
          ? 'resume'
          : /^run ended|^stopping/.test(message)
            ? 'stop'
            : /^all \d+ ranks ready/.test(message)
              ? 'start'
              : level === 'error'
                ? 'error'
                : level === 'warn'
                  ? 'warning'
                  : undefined;
  return kind ? { time, level, kind, message } : undefined;
}

/** What is new in `runDir` since `cursor` (both 0 for everything). */
export function readRun(runDir: string, cursor: { metrics: number; log: number } = { metrics: 0, log: 0 }): RunSnapshot {
  const steps: StepColumns = {
    step: [],
    values: Object.fromEntries(STEP_FIELDS.map((f) => [f, []])) as unknown as StepColumns['values'],
    ranks: [],
    partial: [],
  };
  const evaluations: RunSnapshot['evaluations'] = [];
  const metrics = readLinesFrom(join(runDir, 'metrics.jsonl'), cursor.metrics);
  for (const line of metrics.lines) {
    const rec = parse(line);
    if (!rec || typeof rec.step !== 'number') continue;
    if (rec.evaluation && typeof rec.evaluation === 'object') {
      const e = rec.evaluation as Record<string, unknown>;
      evaluations.push({ step: rec.step, values: Object.fromEntries(EVAL_FIELDS.map((f) => [f, num(e[f])])) });
      continue;
    }
    const i = steps.step.length;
    steps.step.push(rec.step);
    for (const f of STEP_FIELDS) steps.values[f].push(num(rec[f]));
    if (rec.partial === true) steps.partial.push(rec.step);
    const ranks = Array.isArray(rec.ranks) ? (rec.ranks as Record<string, unknown>[]) : [];
    for (const r of ranks) {
      const rank = typeof r.rank === 'number' && Number.isInteger(r.rank) && r.rank >= 0 && r.rank < 1024 ? r.rank : undefined;
      if (rank === undefined) continue;
      while (steps.ranks.length <= rank) steps.ranks.push(Object.fromEntries(RANK_FIELDS.map((f) => [f, []])) as unknown as StepColumns['ranks'][number]);
    }
    for (const [rank, cols] of steps.ranks.entries()) {
      const r = ranks.find((x) => x.rank === rank);
      for (const f of RANK_FIELDS) {
        while (cols[f].length < i) cols[f].push(null);
        cols[f].push(r ? num(r[f]) : null);
      }
    }
  }
  const events: RunEvent[] = [];
  let ended: string | undefined;
  const log = readLinesFrom(join(runDir, 'logs', 'coordinator.jsonl'), cursor.log);
  for (const line of log.lines) {
    const entry = parse(line);
    if (!entry) continue;
    const ev = eventOf(entry);
    if (ev) events.push(ev);
    if (typeof entry.message === 'string' && entry.message.startsWith('run ended')) ended = entry.message;
  }
  let samples: number[] = [];
  try {
    const dir = join(runDir, 'samples');
    samples = readdirSync(dir)
      // An empty file is a grid a full disk cut short (runs before sample writes were atomic).
      .flatMap((n) => (/^step-(\d+)\.png$/.test(n) && statSync(join(dir, n)).size > 0 ? [n.slice(5, -4)] : []))
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    // no samples folder yet
  }
  return {
    cursor: { metrics: metrics.next, log: log.next },
    ...(cursor.metrics === 0 && cursor.log === 0 ? { config: readJson(join(runDir, 'config.json')), dataset: readJson(join(runDir, 'dataset.json')) } : {}),
    steps,
    evaluations,
    events,
    samples,
    ...(ended ? { ended } : {}),
  };
}
