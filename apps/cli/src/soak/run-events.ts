/**
 * What the soak learns from the launcher's terminal output (its own log lines and
 * its workers', which share its stderr). With `--log-level debug` the coordinator
 * logs one line per step once every rank's checksum agrees: that is the soak's
 * measure of progress, and it does not depend on the run folder, which a full disk
 * may keep from being written.
 */

export type RunEvent =
  | { type: 'step'; step: number }
  | { type: 'lost'; rank: number; pid: number; why: string }
  | { type: 'rejoined'; rank: number; step: number; phase: 'D' | 'G' }
  | { type: 'restarting'; worker: number; pid: number; how: string }
  | { type: 'checkpoint-written'; step: number }
  | { type: 'checkpoint-failed'; step: number }
  | { type: 'resumed'; fromStep: number }
  | { type: 'ended'; reason: string; stepsDone: number; exitCode: number }
  | { type: 'error-line'; line: string };

/**
 * Patterns of the message part of a line, anchored at its start: peers can put
 * text into log lines (a host name, say), but only after the line's own words,
 * escaped, so a hostile client cannot forge a step or a rejoin for the soak.
 */
const PATTERNS: [RegExp, (m: RegExpExecArray) => RunEvent][] = [
  [/^checksums agree after step (\d+):/, (m) => ({ type: 'step', step: Number(m[1]) })],
  [/^rank (\d+) \(\S+ pid (\d+)\) lost: (.*?); waiting/, (m) => ({ type: 'lost', rank: Number(m[1]), pid: Number(m[2]), why: m[3] })],
  [/^rank (\d+) rejoined at step (\d+) phase ([DG])$/, (m) => ({ type: 'rejoined', rank: Number(m[1]), step: Number(m[2]), phase: m[3] as 'D' | 'G' })],
  [/^worker (\d+) \(pid (\d+)\) ended with (.*?); restarting it/, (m) => ({ type: 'restarting', worker: Number(m[1]), pid: Number(m[2]), how: m[3] })],
  [/^checkpoint step (\d+) written to /, (m) => ({ type: 'checkpoint-written', step: Number(m[1]) })],
  [/^checkpoint step (\d+) not written/, (m) => ({ type: 'checkpoint-failed', step: Number(m[1]) })],
  [/^resuming .* from checkpoint step (\d+)$/, (m) => ({ type: 'resumed', fromStep: Number(m[1]) })],
  [/^run ended: (.*) \(steps done (\d+), exit (\d+)\)$/, (m) => ({ type: 'ended', reason: m[1], stepsDone: Number(m[2]), exitCode: Number(m[3]) })],
];

/** A terminal log line: `12:00:00.000 info [coordinator] message`. */
const LINE = /^\d\d:\d\d:\d\d\.\d{3} (\w+) \[(\S+)\] (.*)$/;

/** The events of one line of the launcher's stderr (none for most lines). */
export function parseRunLine(line: string): RunEvent[] {
  const head = LINE.exec(line);
  if (!head) return [];
  const [, level, component, message] = head;
  if (component === 'coordinator') {
    for (const [re, make] of PATTERNS) {
      const m = re.exec(message);
      if (m) return [make(m)];
    }
  }
  if (level === 'error') return [{ type: 'error-line', line }];
  return [];
}

/** Splits a byte stream into lines; `feed` returns the complete ones. */
export class LineSplitter {
  private rest = '';

  feed(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines;
  }

  /** The unterminated last line, if any. */
  end(): string[] {
    const r = this.rest;
    this.rest = '';
    return r ? [r] : [];
  }
}

/**
 * Error lines that an injected fault explains, by kind: what a worker says when its
 * coordinator is killed, what the coordinator says when the disk is full, and so on.
 * Any other error line is reported as unexplained.
 */
export const EXPECTED_ERRORS: { pattern: RegExp; because: string }[] = [
  { pattern: /checkpoint step \d+ not written: .*ENOSPC/, because: 'disk-full' },
  { pattern: /cannot append \(ENOSPC/, because: 'disk-full' },
  { pattern: /coordinator at \S+ silent for \d+ ms .*giving up/, because: 'kill-coordinator' },
  { pattern: /launcher went away \(stdin closed\): exiting/, because: 'kill-coordinator' },
  // The soak's own SIGINT at the end of the chaos run.
  { pattern: /coordinator shut the run down: SIGINT: checkpointing and stopping all workers \(exit 130\)/, because: 'the end of the chaos run' },
];

export function explainError(line: string): string | undefined {
  return EXPECTED_ERRORS.find((e) => e.pattern.test(line))?.because;
}
