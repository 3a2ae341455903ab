/**
 * winston loggers: readable lines on the terminal (stderr, so that `--json`
 * output on stdout stays clean), JSON lines in the run folder.
 */
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
  if (opts.file) {
    transports.push(new winston.transports.File({ filename: opts.file, format: winston.format.json() }));
  }
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
export function addLogFile(logger: Logger, file: string): void {
  logger.add(new winston.transports.File({ filename: file, format: winston.format.json() }));
}
