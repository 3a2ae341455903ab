/**
 * `acgan dashboard`: a local web page that shows a run while it trains, and a
 * finished one: losses, D's accuracies, throughput and ETA, each rank's time split
 * (where stragglers show), evaluation scores, the sample grids with a step slider,
 * the config and the run's events. Charts are uPlot's (npm `uplot`). It only reads
 * the run folder.
 *
 *   npx acgan dashboard --run runs/my-run
 */
import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '@acgan/config';
import { rejectUnknownFlags } from './known-flags.ts';
import { readRun } from '../dashboard/run-reader.ts';
import { CONTENT_TYPES, hostAndPort, send, sendFile, serveUntilSignal, TEXT } from '../http/local-server.ts';

export const DASHBOARD_HELP = `Usage: npx acgan dashboard --run <run dir> [--port 0] [--host 127.0.0.1]

Serves a page that shows a run and follows it live while it trains (it polls every 2 s);
it works on a finished run too. Prints {"url": ...} as one JSON line when listening;
stops on SIGINT (Ctrl-C) or SIGTERM. It only reads the run folder.

The page: D and G losses; D's accuracy on real and fake and its class accuracy on
each; images/s and the ETA; per rank, compute, exchange and idle time per step (a
straggler's compute stands above the others and their idle grows); evaluation scores
(--eval-interval); the sample grids with a step slider; the config; the run's events
(checkpoints, ranks lost and rejoined, skipped updates, resumes, warnings).

  --run <dir>        the run folder (metrics.jsonl, logs/, samples/, config.json)
  --host <addr>      address to listen on (default 127.0.0.1: this machine only)
  --port <n>         TCP port (default 0: a free port, see the printed url)
  --help             this text

Routes: /  the page;  /api/run?metrics=<n>&log=<n>  what is new past those byte
cursors of metrics.jsonl and logs/coordinator.jsonl (JSON, with the next cursors);
/samples/step-<n>.png  a sample grid.`;

const FLAGS = ['run', 'host', 'port'];

/** Static files of the page, beside this command in src/dashboard/. */
const PAGE_DIR = fileURLToPath(new URL('../dashboard/', import.meta.url));

/** A non-negative integer query parameter, or 0. */
function cursorParam(url: URL, name: string): number {
  const v = Number(url.searchParams.get(name) ?? 0);
  return Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

export async function run(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['help']));
  if (flags.has('help')) {
    console.log(DASHBOARD_HELP);
    return 0;
  }
  rejectUnknownFlags(flags, FLAGS);
  if (positional.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positional[0])} (see --help)`);
  const runFlag = flags.get('run');
  if (typeof runFlag !== 'string' || runFlag === '') throw new Error('dashboard needs --run <run dir> (see --help)');
  if (!existsSync(runFlag) || !statSync(runFlag).isDirectory()) throw new Error(`--run ${runFlag}: run folder not found`);
  const runDir = resolve(runFlag);
  if (!existsSync(join(runDir, 'config.json')) && !existsSync(join(runDir, 'metrics.jsonl'))) {
    throw new Error(`--run ${runFlag}: not a run folder (no config.json or metrics.jsonl)`);
  }
  const { host, port } = hostAndPort(flags);

  const uplot = (file: string) => createRequire(import.meta.url).resolve(`uplot/dist/${file}`);
  const staticFiles: Record<string, string> = {
    '/': join(PAGE_DIR, 'index.html'),
    '/index.html': join(PAGE_DIR, 'index.html'),
    '/page.js': join(PAGE_DIR, 'page.js'),
    '/uPlot.iife.min.js': uplot('uPlot.iife.min.js'),
    '/uPlot.min.css': uplot('uPlot.min.css'),
  };
  const handle = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    if (path === '/api/run') {
      const url = new URL(req.url ?? '/', 'http://local');
      const body = JSON.stringify(readRun(runDir, { metrics: cursorParam(url, 'metrics'), log: cursorParam(url, 'log') }));
      return send(res, 200, CONTENT_TYPES['.json'], body, req.method === 'HEAD');
    }
    const sample = /^\/samples\/step-(\d{1,12})\.png$/.exec(path);
    if (sample) {
      const file = join(runDir, 'samples', `step-${sample[1]}.png`);
      if (!existsSync(file) || !statSync(file).isFile()) return send(res, 404, TEXT, 'not found\n');
      return sendFile(req, res, file);
    }
    const file = staticFiles[path];
    if (file) return sendFile(req, res, file);
    send(res, 404, TEXT, 'not found\n');
  };
  await serveUntilSignal('acgan dashboard', { host, port, handle, listening: (url) => console.log(JSON.stringify({ url, run: runDir })) });
  return 0;
}
