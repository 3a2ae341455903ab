/**
 * `acgan worker`: one worker process; connects to a coordinator, takes the rank
 * and run config it is given, and trains until the coordinator says stop.
 *
 *   npx acgan worker --connect tcp://10.0.0.1:5555 --backend tensorflow-gpu
 */
import { chunkBytesOf, configHelp, ConfigError, createLogger, parseArgs, resolveConfig } from '@acgan/config';
import { clientCurveFromFiles, connectClient, isLocalEndpoint, maxFrameBytes } from '@acgan/protocol';
import { Worker } from '../worker.ts';

export const WORKER_HELP = `Usage: npx acgan worker --connect <endpoint> [flags]

Connects to a coordinator and trains as one rank. The coordinator's config is the
one that runs (sent at the rank assignment), so a worker takes only the flags
below: its model flags must match the coordinator's, --backend chooses this
worker's backend, and the run's flags (--steps, --dataset, ...) are refused.
Started while a run is going, it replaces a lost rank (from the state of a live
one); if every rank is live it waits as a spare for the next rank lost.

  --rank <r>            ask for rank r (default: any)
  --preset <name>       a recipe's values (only the keys below are read)
  --config <file>       JSON object of config keys (only the keys below are read)
  --exit-with-parent    exit when stdin closes (set by \`acgan train\`)
  --help                this text

An address that is not loopback needs CURVE (--curve-server-key and --curve-keys)
or --insecure-plaintext. A coordinator with --chunk-mb above 4 needs the same
--chunk-mb here: frames larger than that are refused.

Config flags:
${configHelp('worker')}`;

export async function runWorkerCommand(argv: string[], evaluateCommand?: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(WORKER_HELP);
    return 0;
  }
  const { flags } = parseArgs(argv, new Set(['help', 'exitWithParent']));
  const cfg = resolveConfig(flags, { command: 'worker', extraFlags: new Set(['help', 'exitWithParent', 'rank']) });
  const endpoint = cfg.connect;
  if (!endpoint) throw new Error('--connect <endpoint> is required (the coordinator prints its endpoint when it starts)');
  const rankFlag = flags.get('rank');
  const requestedRank = typeof rankFlag === 'string' ? Number(rankFlag) : -1;
  if (!Number.isInteger(requestedRank) || requestedRank < -1) throw new Error(`--rank must be a non-negative integer, got ${JSON.stringify(rankFlag)}`);
  // Read the key files before anything else, so a bad one fails fast, naming the file.
  const curve = clientCurveFromFiles(cfg);
  if (!curve && !isLocalEndpoint(endpoint) && !cfg.insecurePlaintext) {
    throw new ConfigError(
      'BAD_VALUE',
      `refusing to connect to ${endpoint} without CURVE: it is not a loopback address, and in plaintext anyone on the way can read and change the model and the gradients. ` +
        'Use --curve-server-key and --curve-keys (README "Security"), or pass --insecure-plaintext to accept that',
      { key: 'connect', value: endpoint },
    );
  }
  const log = createLogger({ component: 'worker', level: cfg.logLevel });
  if (curve) log.info(`CURVE on: coordinator key ${curve.serverPublicKey}, this worker's key ${curve.clientPublicKey}`);
  else if (!isLocalEndpoint(endpoint)) log.warn(`INSECURE: talking to ${endpoint} in plaintext (--insecure-plaintext): anyone on the way can read and change the traffic`);
  if (flags.get('exitWithParent') === true) {
    // The launcher holds our stdin open; when it dies the pipe closes and so do we.
    process.stdin.on('end', () => {
      log.error('launcher went away (stdin closed): exiting');
      process.exit(4);
    });
    process.stdin.resume();
    // Ctrl-C reaches the whole process group; the launcher turns it into a
    // checkpoint and an orderly SHUTDOWN, so a worker must not die of it first.
    const ignore = (sig: string) => () => log.info(`${sig} received: the launcher stops this worker`);
    process.on('SIGINT', ignore('SIGINT'));
    process.on('SIGTERM', ignore('SIGTERM'));
  }
  // A refused handshake is final (libzmq stops retrying after a ZAP refusal), and
  // the Worker would otherwise wait for its rank until the long registration deadline.
  let brokenHandshakes = 0;
  const handshakeFailed = (kind: 'auth' | 'protocol' | 'other', reason: string): void => {
    if (kind === 'other') {
      if (++brokenHandshakes === 3) log.warn(`${reason}; retrying (check --curve-server-key)`);
      return;
    }
    const hint =
      kind === 'auth'
        ? `: is ${curve?.clientPublicKey ?? 'this key'} in the coordinator's --curve-allow file?`
        : curve
          ? ''
          : ': the coordinator probably requires CURVE (--curve-server-key, --curve-keys)';
    log.error(`coordinator refused this worker: ${reason}${hint}`);
    process.exit(1);
  };
  const worker = new Worker({
    config: cfg,
    requestedRank,
    logger: log,
    backendOverride: flags.has('backend') ? cfg.backend : undefined,
    // Frames up to a chunk of this worker's --chunk-mb (the coordinator's must not be larger) or an envelope.
    connect: (e) => connectClient(e, { curve, onHandshakeFailed: handshakeFailed, maxMessageSize: maxFrameBytes(chunkBytesOf(cfg)) }),
    evaluateCommand,
  });
  const code = await worker.run(endpoint);
  if (flags.get('exitWithParent') === true) process.stdin.pause();
  return code;
}
