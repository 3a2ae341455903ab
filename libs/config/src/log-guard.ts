/**
 * Logging what peers send, safely. Two rules for every line that carries
 * something from the wire:
 *
 * - each string a peer supplied (a host name, an error text, a session id, a
 *   metric name...) goes through peerText: control characters, line and
 *   paragraph separators, bidirectional overrides and backslashes are escaped,
 *   so it cannot start a forged line or drive a terminal, and it is cut to a
 *   bounded length;
 * - lines a peer can trigger over and over go through a LogLimiter: per cause
 *   (a fixed description, never peer text), across all connections, the first
 *   few lines of each window are written and the rest counted, then summed up
 *   in one line.
 */
import type { Logger } from './logger.ts';

/** Longest peer-supplied string written to a log, characters (before escaping). */
export const PEER_TEXT_MAX = 200;

// C0 and C1 controls, DEL, the line/paragraph separators, bidi controls, and the backslash.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\\]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

/**
 * A peer-supplied value as it may appear in a log line: one line, no control
 * characters (escaped as \n, \t, \u001b ...), at most `maxChars` characters of
 * the original followed by `...(N chars)` when it was longer.
 */
export function peerText(value: unknown, maxChars = PEER_TEXT_MAX): string {
  const s = typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
  const cut = s.length > maxChars ? s.slice(0, maxChars) : s;
  const escaped = cut.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return s.length > maxChars ? `${escaped}...(${s.length} chars)` : escaped;
}

export interface LogLimiterOptions {
  /** Lines written per cause and window; the rest are counted. Default 5. */
  perWindow?: number;
  /** Window length, ms. Default 10 s. */
  windowMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

interface CauseWindow {
  start: number;
  written: number;
  suppressed: number;
  /** Distinct senders of the suppressed events (counted up to SENDERS_MAX). */
  senders: Set<string>;
}

const SENDERS_MAX = 1000;
/** Distinct causes tracked at once; causes are fixed texts, so this is a safety net. */
const CAUSES_MAX = 256;

export class LogLimiter {
  private readonly causes = new Map<string, CauseWindow>();
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly log: Logger,
    opts: LogLimiterOptions = {},
  ) {
    this.perWindow = opts.perWindow ?? 5;
    this.windowMs = opts.windowMs ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  warn(cause: string, line: string, sender?: string): void {
    this.write('warn', cause, line, sender);
  }

  error(cause: string, line: string, sender?: string): void {
    this.write('error', cause, line, sender);
  }

  /** Writes `line` unless `cause` has had its lines in this window; then counts it. */
  write(level: 'warn' | 'error' | 'info', cause: string, line: string, sender?: string): void {
    const now = this.now();
    let w = this.causes.get(cause);
    if (w && now - w.start >= this.windowMs) {
      this.summarise(cause, w, now);
      w = undefined;
    }
    if (!w) {
      if (this.causes.size >= CAUSES_MAX) this.flush(true);
      w = { start: now, written: 0, suppressed: 0, senders: new Set() };
      this.causes.set(cause, w);
    }
    if (w.written < this.perWindow) {
      w.written++;
      this.log.log(level, line);
      return;
    }
    w.suppressed++;
    if (sender !== undefined && w.senders.size < SENDERS_MAX) w.senders.add(sender);
    // Summaries of windows that ended are written even if the flood stops.
    if (!this.timer) {
      this.timer = setInterval(() => this.flush(), Math.min(this.windowMs, 1000));
      this.timer.unref?.();
    }
  }

  /** Writes the count of every window that has ended (all of them with `all`) and forgets it. */
  flush(all = false): void {
    const now = this.now();
    for (const [cause, w] of this.causes) {
      if (all || now - w.start >= this.windowMs) this.summarise(cause, w, now);
    }
    if (this.causes.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Final summaries; stops the timer. */
  close(): void {
    this.flush(true);
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private summarise(cause: string, w: CauseWindow, now: number): void {
    this.causes.delete(cause);
    if (w.suppressed === 0) return;
    const seconds = Math.max(1, Math.round((now - w.start) / 1000));
    const from = w.senders.size === 0 ? '' : ` from ${w.senders.size >= SENDERS_MAX ? `${SENDERS_MAX}+` : w.senders.size} connection${w.senders.size === 1 ? '' : 's'}`;
    this.log.warn(`${w.suppressed.toLocaleString('en-US')} more messages of cause "${cause}" in the last ${seconds} s${from}, not logged one by one`);
  }
}
