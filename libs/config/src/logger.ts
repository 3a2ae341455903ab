/**
 * winston loggers: readable lines on the terminal (stderr, so that `--json`
 * output on stdout stays clean), JSON lines in the run folder.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';
import winston from 'winston';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level?: string;
  /** Who logs: `coordinator`, `worker[1]`, `launcher`... */
  component: string;
  /** Append JSON lines here (the run folder's log file). */
  file?: string;
  /** Terminal output; default true. */
  console?: boolean;
}

const readable = winston.format.printf((info) => {
  const { level, message, timestamp, component, ...rest } = info as Record<string, unknown>;
  const extra = Object.keys(rest).filter((k) => typeof k === 'string' && !k.startsWith('Symbol'));
  const tail = extra.length ? ' ' + JSON.stringify(Object.fromEntries(extra.map((k) => [k, rest[k]]))) : '';
  return `${String(timestamp).slice(11, 23)} ${level} [${String(component)}] ${String(message)}${tail}`;
});

export function createLogger(opts: LoggerOptions): Logger {
  const transports: winston.transport[] = [];
  if (opts.console !== false) {
    transports.push(
      new winston.transports.Console({
        stderrLevels: ['error', 'warn', 'info', 'debug'],
        // Colours only on a terminal: logs piped to a file or CI stay plain text.
        format: process.stderr.isTTY ? winston.format.combine(winston.format.colorize({ level: true }), readable) : readable,
      }),
    );
  }
  if (opts.file) transports.push(logFileTransport(opts.file));
  // A logger with nowhere to write stays silent (winston warns about it otherwise).
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  return winston.createLogger({
    level: opts.level ?? 'info',
    defaultMeta: { component: opts.component },
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: false })),
    transports,
  });
}

/** Adds the run folder's JSON-lines file to an existing logger. */
export function addLogFile(logger: Logger, file: string, write?: WriteFn): void {
  logger.add(logFileTransport(file, write));
}

/** The one call that moves bytes into a log file; tests replace it to simulate a full disk. */
export type WriteFn = (fd: number, bytes: Uint8Array, offset: number, length: number) => number;

function logFileTransport(file: string, write: WriteFn = writeSync): winston.transport {
  return new winston.transports.Stream({ stream: new LogFile(file, write), format: winston.format.json(), eol: '\n' });
}

/** Lines held back while a log file cannot be written; beyond it the oldest are dropped, counted. */
const LOG_BACKLOG = 1000;

/**
 * A log file that outlives a full disk. winston's File transport stops writing
 * for good after its first error (its stream is destroyed), so a run that hit a
 * full disk once would log nothing more to its run folder. Here every line is
 * appended whole or not at all (a failed append is cut back), lines that cannot
 * be written are held back (the newest LOG_BACKLOG) and go in, in order, with
 * the next line that can, after a line counting any that were dropped. Writes
 * are synchronous: a line logged before the process exits is in the file. The
 * same append as MetricsWriter's in @acgan/runs, which this library cannot import.
 */
class LogFile extends Writable {
  private pending: string[] = [];
  private dropped = 0;

  constructor(
    private readonly file: string,
    private readonly writeFn: WriteFn,
  ) {
    super({ decodeStrings: false });
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.pending.push(String(chunk));
    if (this.pending.length > LOG_BACKLOG) {
      this.pending.shift();
      this.dropped++;
    }
    const lost =
      this.dropped > 0
        ? JSON.stringify({ level: 'warn', message: `${this.dropped} log line(s) lost: the log file could not be written`, timestamp: new Date().toISOString() }) + '\n'
        : '';
    try {
      appendWhole(this.file, lost + this.pending.join(''), this.writeFn);
      this.pending = [];
      this.dropped = 0;
    } catch {
      // Held back; the terminal still has the line. Never an error: that would end the stream.
    }
    done();
  }
}

function appendWhole(path: string, text: string, write: WriteFn): void {
  const bytes = Buffer.from(text, 'utf8');
  const fd = openSync(path, 'a');
  try {
    const start = fstatSync(fd).size;
    try {
      let done = 0;
      while (done < bytes.length) done += write(fd, bytes, done, bytes.length - done);
    } catch (err) {
      ftruncateSync(fd, start);
      throw err;
    }
  } finally {
    closeSync(fd);
  }
}
