/**
 * The config spec: every run config key declared once, with its type, default,
 * bounds or choices, help line, the commands that take it and whether it is part
 * of the model hash. Everything else is derived from this table: the `RunConfig`
 * type, DEFAULT_CONFIG and validation (config.ts), flag parsing and the per-command
 * refusal of flags (flags.ts), each command's `--help` list (config-help.ts), the
 * model-hash keys (hash.ts) and the README's flag list (readme-flags.ts).
 *
 * A new key is one entry here. Its place in the table is its place in
 * config.json, in `--help` and in the README list; the model keys' order is the
 * model hash's, so do not reorder them.
 */

/** The commands that take run config flags. */
export const CONFIG_COMMANDS = ['train', 'coordinator', 'worker', 'model-summary'] as const;
export type ConfigCommand = (typeof CONFIG_COMMANDS)[number];

interface KeyCommon {
  help: string;
  /** The commands that use this key; any other refuses it as a flag (naming the flag and itself). */
  commands: readonly ConfigCommand[];
  /** Part of the model hash: every worker must agree with the coordinator on it. */
  model?: boolean;
  /**
   * Cannot change on --resume (model keys cannot either): which samples and noise each
   * step sees follows from it, so the resumed run would not continue the same run.
   */
  fixedOnResume?: boolean;
  /** Placeholder of the value in `--help` (default by type: <n>, <value>). */
  arg?: string;
}

interface NumberBounds {
  /** value >= min */
  min?: number;
  /** value > gt */
  gt?: number;
  /** value < lt */
  lt?: number;
  /** A further rule on the value alone: the reason it is bad, or undefined. */
  check?: (value: number) => string | undefined;
}

/** One key's declaration. `switch` is a boolean flag that takes no value (`--insecure-plaintext`). */
export type KeySpec =
  | (KeyCommon & NumberBounds & { type: 'number' | 'integer'; default: number })
  | (KeyCommon & { type: 'string'; default: string })
  | (KeyCommon & { type: 'switch'; default: boolean })
  | (KeyCommon & { type: 'choice'; choices: readonly string[]; default: string });

/** `acgan train` and `acgan coordinator`: the run keys (a worker takes the coordinator's at ASSIGN). */
const RUN = ['train', 'coordinator'] as const;
/** Keys every training process reads from its own flags. */
const ALL = ['train', 'coordinator', 'worker'] as const;
/** The model-defining keys: also `acgan model-summary`'s. */
const MODEL = ['train', 'coordinator', 'worker', 'model-summary'] as const;

export const CONFIG_SPEC = {
  /** Worker processes `acgan train` starts (the world size `acgan coordinator` waits for); 0 = one per GPU of the backend's path, else 2. */
  workers: {
    type: 'integer',
    default: 0,
    min: 0,
    commands: RUN,
    help: 'worker processes `acgan train` starts, each on its own GPU (`acgan coordinator`: workers to wait for); 0 = one per GPU of the backend (tensorflow-gpu: CUDA GPUs listed by nvidia-smi; webgpu: hardware WebGPU adapters; auto: the former, else the latter), else 2',
  },
  /** Training steps (one step = one D update and one G update on a global batch). */
  steps: { type: 'integer', default: 2000, min: 0, commands: RUN, help: 'training steps (one D update and one G update on a global batch)' },
  /** When > 0, overrides `steps` with epochs x steps-per-epoch. */
  epochs: { type: 'integer', default: 0, min: 0, commands: RUN, help: 'when > 0, train this many epochs instead of --steps' },
  /** Global batch, split evenly over the workers (must divide by the worker count). */
  batchSize: { type: 'integer', default: 64, gt: 0, commands: RUN, fixedOnResume: true, help: 'global batch, split evenly over the workers' },
  imageSize: {
    type: 'integer',
    default: 32,
    gt: 0,
    commands: MODEL,
    model: true,
    check: (v) => (v % 16 === 0 ? undefined : 'must be a multiple of 16 (32, 64, 128, ...)'),
    help: 'image side in pixels, a multiple of 16',
  },
  channels: {
    type: 'integer',
    default: 1,
    commands: MODEL,
    model: true,
    check: (v) => (v === 1 || v === 3 ? undefined : 'must be 1 or 3'),
    help: '1 (gray) or 3 (RGB)',
  },
  numClasses: {
    type: 'integer',
    default: 10,
    min: 2,
    commands: MODEL,
    model: true,
    help: "classes of the dataset (the generator is conditioned on them); acgan train takes the dataset's when not given",
  },
  latentDim: { type: 'integer', default: 100, gt: 0, commands: MODEL, model: true, help: 'noise vector length' },
  /** Width factor w: the networks have w, 2w, 4w, 8w channels (the article model uses 128). */
  width: { type: 'integer', default: 16, gt: 0, commands: MODEL, model: true, help: 'width factor w: channels w, 2w, 4w, 8w (the article model uses 128)' },
  conditioning: {
    type: 'choice',
    choices: ['multiply', 'concat'],
    default: 'multiply',
    commands: MODEL,
    model: true,
    help: 'multiply (class embedding x noise, as in the article code) or concat (one-hot + noise)',
  },
  /** Learning rate of both networks unless lrD / lrG are set (> 0). */
  lr: { type: 'number', default: 2e-4, gt: 0, commands: RUN, help: 'Adam learning rate of both networks when --lr-d / --lr-g are 0 (given alone, it sets both)' },
  lrD: { type: 'number', default: 1e-4, min: 0, commands: RUN, help: 'discriminator learning rate (0 = use --lr)' },
  lrG: { type: 'number', default: 4e-4, min: 0, commands: RUN, help: 'generator learning rate (0 = use --lr)' },
  beta1: { type: 'number', default: 0.5, min: 0, lt: 1, commands: RUN, help: 'Adam beta1' },
  beta2: { type: 'number', default: 0.999, min: 0, lt: 1, commands: RUN, help: 'Adam beta2' },
  /** One-sided label smoothing of the real target in the D loss (0 = off). */
  labelSmoothing: { type: 'number', default: 0.1, min: 0, lt: 0.5, commands: RUN, help: 'one-sided label smoothing of the real target (0 = off)' },
  seed: { type: 'integer', default: 1, commands: RUN, fixedOnResume: true, help: 'run seed: initial weights, data order and noise follow from it' },
  /** TF.js backend; on a worker, its own choice whatever the coordinator's config says. */
  backend: {
    type: 'choice',
    choices: ['auto', 'tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'],
    default: 'auto',
    commands: ALL,
    help: "TF.js backend (a worker's own overrides the run's); auto = the first that works of tensorflow-gpu, webgpu on a hardware adapter, tensorflow, wasm, cpu; `acgan doctor` says which work here",
  },
  /** `mnist`, `idx:<dir>`, `cifar10:<dir>`, `cifar100:<dir>`, `folder:<dir>`, `shards:<dir>`. */
  dataset: {
    type: 'string',
    default: 'mnist',
    arg: '<spec>',
    commands: RUN,
    fixedOnResume: true,
    help: 'mnist | idx:<dir> | cifar10:<dir> | cifar100:<dir> | folder:<dir> | shards:<dir>',
  },
  /** Leave out the images of a folder dataset that cannot be decoded, counted and named, instead of stopping. */
  skipBadImages: {
    type: 'switch',
    default: false,
    commands: RUN,
    fixedOnResume: true,
    help: 'folder datasets: leave out images that cannot be decoded (each is decoded once at start; they are counted in the log and dataset.json) instead of stopping at the first',
  },
  /** Run folder; empty = runs/<date-time>. */
  runDir: { type: 'string', default: '', arg: '<dir>', commands: RUN, help: 'run folder, new or empty (default: runs/<date-time>, a new one per run)' },
  checkpointInterval: { type: 'integer', default: 500, min: 0, commands: RUN, help: 'checkpoint every K steps (and at the end); 0 = only at the end' },
  keepCheckpoints: { type: 'integer', default: 3, min: 1, commands: RUN, help: 'keep the newest K checkpoints' },
  sampleInterval: { type: 'integer', default: 500, min: 0, commands: RUN, help: 'write samples/step-N.png every K steps (and at the end); 0 = only at the end' },
  /** Every K steps the ranks report a parameter checksum; a mismatch stops the run. */
  checksumInterval: { type: 'integer', default: 10, gt: 0, commands: RUN, help: 'ranks compare parameter checksums every K steps' },
  wireDtype: { type: 'choice', choices: ['f32', 'f16', 'bf16'], default: 'f32', commands: RUN, help: 'gradient dtype on the wire' },
  /** Gradient bucket size on the wire, in MiB; a worker refuses frames larger than its own. */
  chunkMb: { type: 'number', default: 4, gt: 0, commands: ALL, help: 'gradient bucket size on the wire, MiB (a worker accepts chunks up to its own)' },
  /** How gradients travel between the coordinator and the ranks on its host. */
  dataPlane: {
    type: 'choice',
    choices: ['auto', 'sockets'],
    default: 'auto',
    commands: ALL,
    help: "how gradients travel: auto = through shared memory (/dev/shm) for the ranks on the coordinator's host when the native part is built (npm install builds it), ZeroMQ for the others; sockets = ZeroMQ for every rank",
  },
  /** Coordinator endpoint to bind (loopback unless told otherwise). */
  bind: { type: 'string', default: 'tcp://127.0.0.1:0', arg: '<endpoint>', commands: RUN, help: 'coordinator endpoint to bind (loopback unless told otherwise)' },
  /** Endpoint a worker connects to. */
  connect: { type: 'string', default: '', arg: '<endpoint>', commands: ['worker'], help: 'coordinator endpoint to connect to, e.g. tcp://127.0.0.1:5555; required' },
  /** A run folder to continue from its newest valid checkpoint. */
  resume: {
    type: 'string',
    default: '',
    arg: '<dir>',
    commands: RUN,
    help: 'continue the run in this folder from its newest valid checkpoint (its stored config is the base; flags still override)',
  },
  /**
   * CURVE: path prefix of this process's key pair (<prefix>.key secret, <prefix>.pub
   * public, from `acgan keys`). On the coordinator it switches CURVE on (and needs
   * curveAllow); on a worker it is the key the coordinator's allow-list names.
   */
  curveKeys: {
    type: 'string',
    default: '',
    arg: '<prefix>',
    commands: ['coordinator', 'worker'],
    help: "CURVE key pair prefix of this process (<prefix>.key/.pub from `acgan keys`); turns CURVE on for the coordinator; a worker's .pub must be in the coordinator's --curve-allow file",
  },
  /** Worker: path of the coordinator's .pub file; switches CURVE on for the worker. */
  curveServerKey: {
    type: 'string',
    default: '',
    arg: '<file>',
    commands: ['worker'],
    help: "the coordinator's .pub file: talk CURVE-encrypted, and only to it (needs --curve-keys)",
  },
  /** Coordinator: allow-list file, one worker public key (Z85) per line, '#' comment lines. */
  curveAllow: { type: 'string', default: '', arg: '<file>', commands: ['coordinator'], help: 'allow-list file, one worker public key per line (needed with --curve-keys)' },
  /**
   * Allows plaintext (CURVE off) on a network address: without it the coordinator
   * refuses to bind, and a worker to connect to, a TCP address that is not
   * loopback unless CURVE is on. Anyone on the network could read, change and
   * inject traffic, and a peer can make the coordinator buffer without bound.
   */
  insecurePlaintext: {
    type: 'switch',
    default: false,
    commands: ALL,
    help: 'INSECURE: allow CURVE off on a non-loopback address (coordinator --bind, worker --connect); anyone on the network can then read and change the traffic, join the run and make the coordinator buffer without bound',
  },
  /** Longest wait for any expected message before the waiting side gives up. */
  timeoutMs: { type: 'integer', default: 120_000, gt: 0, commands: ALL, help: 'longest wait for an expected message before giving up, ms' },
  heartbeatMs: { type: 'integer', default: 1_000, gt: 0, commands: ALL, help: 'heartbeat period, ms (a worker gives up on a coordinator silent for 5 of its own, at least 5 s)' },
  /** Every K steps rank 0 scores a snapshot of the generator (acgan evaluate) into metrics.jsonl; 0 = off. */
  evalInterval: {
    type: 'integer',
    default: 0,
    min: 0,
    commands: RUN,
    help: 'every K steps rank 0 scores the generator (class accuracy, diversity, Frechet distance) into metrics.jsonl; 0 = off',
  },
  /** Generated images per class for those evaluations. */
  evalPerClass: { type: 'integer', default: 20, gt: 0, commands: RUN, help: 'generated images per class for those evaluations' },
  /** A lost rank that does not rejoin in time: stop the run, or shrink the world and re-shard. */
  workerLoss: {
    type: 'choice',
    choices: ['stop', 'shrink'],
    default: 'stop',
    commands: RUN,
    help: 'a lost rank that does not rejoin within --rejoin-timeout-ms: stop the run, or shrink the world and re-shard',
  },
  /**
   * Sample order of the data: full (shuffle all records each epoch), block
   * (quasi-random: shuffled blocks, records shuffled within windows of blocks,
   * read as large contiguous pieces; for datasets larger than memory) or auto
   * (block for a shards dataset over 4 GiB, full otherwise: decided from the
   * dataset alone, so every rank decides the same).
   */
  dataOrder: {
    type: 'choice',
    fixedOnResume: true,
    choices: ['auto', 'full', 'block'],
    default: 'auto',
    commands: RUN,
    help: 'sample order: full (shuffle every record), block (shuffled 1 MiB blocks, records shuffled within windows of 16 blocks: streams data larger than memory), auto (block for shards datasets over 4 GiB, full otherwise)',
  },
  /** How long a lost rank may take to rejoin, ms. */
  rejoinTimeoutMs: { type: 'integer', default: 60_000, gt: 0, commands: RUN, help: 'how long a lost rank may take to rejoin, ms' },
  /** `acgan train` restarts a lost worker at most this often (per rank). */
  maxRestarts: { type: 'integer', default: 3, min: 0, commands: ['train'], help: 'restart a lost worker at most this often per rank' },
  nonFinite: {
    type: 'choice',
    choices: ['skip', 'stop'],
    default: 'skip',
    commands: RUN,
    help: 'non-finite gradients: skip the update on every rank (warn) or stop naming the rank',
  },
  /** With nonFinite = skip: stop after this many consecutive skipped updates. */
  nonFiniteLimit: { type: 'integer', default: 5, gt: 0, commands: RUN, help: 'with --non-finite skip: stop after this many consecutive skipped updates' },
  logLevel: { type: 'choice', choices: ['error', 'warn', 'info', 'debug'], default: 'info', commands: ALL, help: 'log level' },
} as const satisfies Record<string, KeySpec>;

type Spec = typeof CONFIG_SPEC;

/** The TypeScript type of one key's value, from its declaration. */
type ValueOf<S> = S extends { type: 'choice'; choices: readonly (infer C)[] }
  ? C
  : S extends { type: 'number' | 'integer' }
    ? number
    : S extends { type: 'switch' }
      ? boolean
      : string;

/** The run configuration: one field per CONFIG_SPEC key. */
export type RunConfig = { -readonly [K in keyof Spec]: ValueOf<Spec[K]> };

export type ConfigKey = keyof RunConfig;

/** The keys that are part of the model hash (`model: true`). */
export type ModelKey = { [K in keyof Spec]: Spec[K] extends { model: true } ? K : never }[keyof Spec];

/** The spec of one key, with its type widened to KeySpec. */
export function specOf(key: ConfigKey): KeySpec {
  return CONFIG_SPEC[key];
}

/** Every config key, in table order. */
export const CONFIG_KEYS: readonly ConfigKey[] = Object.freeze(Object.keys(CONFIG_SPEC) as ConfigKey[]);

/** The config keys a command takes as flags, in table order. */
export function commandKeys(command: ConfigCommand): ConfigKey[] {
  return CONFIG_KEYS.filter((k) => specOf(k).commands.includes(command));
}
