/** One line of help per config key, printed by `--help` of the commands that take a config. */
import { DEFAULT_CONFIG, keyToFlag, type RunConfig } from './config.ts';

export const CONFIG_HELP: Record<keyof RunConfig, string> = {
  workers: 'worker processes `acgan train` starts, each on its own GPU; 0 = one per GPU of the backend (tensorflow-gpu: CUDA GPUs listed by nvidia-smi; webgpu: hardware WebGPU adapters; auto: the former, else the latter), else 2',
  steps: 'training steps (one D update and one G update on a global batch)',
  epochs: 'when > 0, train this many epochs instead of --steps',
  batchSize: 'global batch, split evenly over the workers',
  imageSize: 'image side in pixels, a multiple of 16',
  channels: '1 (gray) or 3 (RGB)',
  numClasses: 'classes of the dataset (the generator is conditioned on them)',
  latentDim: 'noise vector length',
  width: 'width factor w: channels w, 2w, 4w, 8w (the seed uses 128)',
  conditioning: 'multiply (class embedding x noise, the seed code) or concat (one-hot + noise)',
  lr: 'Adam learning rate of both networks when --lr-d / --lr-g are 0 (given alone, it sets both)',
  lrD: 'discriminator learning rate (0 = use --lr)',
  lrG: 'generator learning rate (0 = use --lr)',
  beta1: 'Adam beta1',
  beta2: 'Adam beta2',
  labelSmoothing: 'one-sided label smoothing of the real target (0 = off)',
  seed: 'run seed: initial weights, data order and noise follow from it',
  backend: 'auto (the first that works of tensorflow-gpu, webgpu on a hardware adapter, tensorflow, wasm, cpu) | tensorflow-gpu | webgpu | tensorflow | wasm | cpu; `acgan doctor` says which work here',
  dataset: 'mnist | idx:<dir> | cifar10:<dir> | cifar100:<dir> | folder:<dir> | shards:<dir>',
  dataOrder: 'sample order: full (shuffle every record), block (shuffled 1 MiB blocks, records shuffled within windows of 16 blocks: streams data larger than memory), auto (block for shards datasets over 4 GiB, full otherwise)',
  runDir: 'run folder (default runs/<date-time>)',
  checkpointInterval: 'checkpoint every K steps (and at the end); 0 = only at the end',
  keepCheckpoints: 'keep the newest K checkpoints',
  sampleInterval: 'write samples/step-N.png every K steps (and at the end); 0 = only at the end',
  checksumInterval: 'ranks compare parameter checksums every K steps',
  wireDtype: 'gradient dtype on the wire: f32 | f16 | bf16',
  chunkMb: 'gradient bucket size on the wire, MiB',
  bind: 'coordinator endpoint to bind (loopback unless told otherwise)',
  connect: 'coordinator endpoint a worker connects to',
  resume: 'continue the run in this folder from its newest valid checkpoint',
  curveKeys: 'CURVE key pair prefix of this process (<prefix>.key/.pub from `acgan keys`); turns CURVE on for the coordinator',
  curveServerKey: 'worker: the coordinator\'s .pub file; turns CURVE on for this worker (needs --curve-keys)',
  curveAllow: 'coordinator: allow-list file, one worker public key per line (needed with --curve-keys)',
  insecurePlaintext: 'INSECURE: allow CURVE off on a non-loopback address (coordinator --bind, worker --connect); anyone on the network can then read and change the traffic, join the run and make the coordinator buffer without bound. A switch (no value)',
  timeoutMs: 'longest wait for an expected message before giving up, ms',
  heartbeatMs: 'heartbeat period, ms',
  nonFinite: 'non-finite gradients: skip the update on every rank (warn) or stop naming the rank',
  evalInterval: 'every K steps rank 0 scores the generator (class accuracy, diversity, Frechet distance) into metrics.jsonl; 0 = off',
  evalPerClass: 'generated images per class for those evaluations',
  workerLoss: 'a lost rank that does not rejoin within --rejoin-timeout-ms: stop the run, or shrink the world and re-shard',
  rejoinTimeoutMs: 'how long a lost rank may take to rejoin, ms',
  maxRestarts: 'acgan train restarts a lost worker at most this often per rank',
  nonFiniteLimit: 'with --non-finite skip: stop after this many consecutive skipped updates',
  logLevel: 'error | warn | info | debug',
};

export function configHelp(keys: readonly (keyof RunConfig)[] = Object.keys(DEFAULT_CONFIG) as (keyof RunConfig)[]): string {
  const rows = keys.map((k) => [`--${keyToFlag(k)}`, CONFIG_HELP[k], JSON.stringify(DEFAULT_CONFIG[k])] as const);
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([f, h, d]) => `  ${f.padEnd(w)}  ${h} (default ${d})`).join('\n');
}
