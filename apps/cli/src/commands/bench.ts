/**
 * `acgan bench <name>`: benchmarks (never tests: these machines are shared and
 * noisy, so every benchmark compares ratios measured in one run).
 *
 *   npx acgan bench exchange --json
 *   npx acgan bench allreduce --workers 2 --json
 *   npx acgan bench step --json
 *   npx acgan bench data --json
 *   npx acgan bench train --json
 *   npx acgan bench scale --workers 1,2,4,8 --model article --compute-ms 20 --steps 10 --json
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyToFlag, parseArgs } from '@acgan/config';
import { rejectUnknownFlags } from './known-flags.ts';

export const BENCH_HELP = `Usage: npx acgan bench <name> [flags] [--json]

  exchange    one process sends a 96 MB float32 gradient to another through the
              transport (envelope + chunks, validated), vs memcpy of the same bytes
              flags: --size-mb 96 --chunk-mb 4 --repeats 5 --wire-dtype f32
  allreduce   a coordinator and N worker processes average a 96 MB gradient set;
              allreduce_ms vs bound_ms (memcpy of the 2 x N x 96 MB the coordinator moves)
              flags: --workers 2 --size-mb 96 --chunk-mb 4 --rounds 5 --wire-dtype f32
                     --data-plane shm|sockets (shm, shared memory, is what acgan
                     train uses for local workers when the native part is built)
                     --transport ipc|tcp (the control messages' socket; with
                     --data-plane sockets, the data's too)
                     --compare-gloo: also PyTorch's gloo allreduce of the same
                     bytes and ranks (needs Debian's python3-torch)
  step        one full ACGAN step (D + G) per backend, CPU-sized and article-sized configs
              flags: --backends wasm,cpu --steps 3
  data        packed datasets of 100k and 1M samples at 32x32x3, one epoch each in
              full order from a warm page cache and in block order from a cold
              one: loader images/s, peak RSS, raw read speed and their ratios
              flags: --sizes 100000,1000000 --dir <tmp dir>
  link        which wire dtype between hosts: the allreduce with each worker in a
              network namespace of its own whose link is shaped to --rate (tc tbf),
              once per dtype; allreduce_ms, link_ms and speedup vs f32 (needs root
              and iproute2)
              flags: --rate 1gbit --workers 2 --size-mb 24 --rounds 4 --wire-dtypes f32,f16,bf16
  train       images/s and step-time split for 1 and 2 workers on the same global
              batch; scaling efficiency = images/s(2) / (2 x images/s(1))
              flags: --steps 12 --batch-size 64 --width 16 --backend wasm
  scale       the exchange at GPU speed: acgan train with N = 1, 2, 4, 8 workers whose
              forward and backward are a stand-in (waits --compute-ms per phase, yields
              gradients of the model's exact sizes): step ms, exchange ms per phase,
              idle ms, efficiency stepMs(1) / stepMs(N), bytes moved, memcpy bound
              (memcpy_gbps, memcpy_alloc_gbps) and the (2N+1)·P shared-memory model
              flags: --workers 1,2,4,8 --model default|article --compute-ms 20 --steps 10
                     --chunk-mb 4 --wire-dtype f32 --data-plane auto|sockets (acgan train's;
                     each run reports the plane the coordinator used)

  --json      print the result as JSON only (else a readable summary + JSON)
  --help      this text`;

/** Each benchmark and the flags it takes. */
export const BENCH_FLAGS: Record<string, string[]> = {
  exchange: ['sizeMb', 'chunkMb', 'repeats', 'wireDtype'],
  allreduce: ['workers', 'sizeMb', 'chunkMb', 'rounds', 'wireDtype', 'transport', 'dataPlane', 'compareGloo'],
  step: ['backends', 'steps'],
  data: ['sizes', 'dir'],
  train: ['steps', 'batchSize', 'width', 'backend'],
  link: ['workers', 'sizeMb', 'rounds', 'rate', 'wireDtypes'],
  scale: ['workers', 'model', 'computeMs', 'steps', 'chunkMb', 'wireDtype', 'dataPlane'],
};

/** The benchmarks (the top-level --help names each). */
export const BENCH_NAMES = Object.keys(BENCH_FLAGS);

export async function run(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['json', 'help', 'compareGloo']));
  const name = positional[0];
  if (flags.has('help') || !name) {
    console.log(BENCH_HELP);
    return name || flags.has('help') ? 0 : 2;
  }
  const num = (k: string, d: number): number => {
    const v = flags.get(k);
    if (v === undefined) return d;
    const n = Number(v);
    if (typeof v !== 'string' || !Number.isFinite(n) || n <= 0) throw new Error(`--${keyToFlag(k)} must be a positive number, got ${JSON.stringify(v)}`);
    return n;
  };
  const str = (k: string, d: string): string => {
    const v = flags.get(k);
    return typeof v === 'string' ? v : d;
  };
  if (!BENCH_FLAGS[name]) throw new Error(`unknown benchmark "${name}" (${BENCH_NAMES.join(', ')})`);
  rejectUnknownFlags(flags, ['json', ...BENCH_FLAGS[name]], `bench ${name}: `);
  const wireDtype = str('wireDtype', 'f32');
  if (!['f32', 'f16', 'bf16'].includes(wireDtype)) throw new Error(`--wire-dtype must be f32, f16 or bf16, got ${JSON.stringify(wireDtype)}`);
  let result: unknown;
  switch (name) {
    case 'exchange': {
      const { runExchangeBench } = await import('@acgan/protocol');
      result = await runExchangeBench({
        sizeMb: num('sizeMb', 96),
        repeats: num('repeats', 5),
        wireDtype: wireDtype as 'f32',
        ...(flags.has('chunkMb') ? { chunkMb: [num('chunkMb', 4)] } : {}),
      });
      break;
    }
    case 'allreduce': {
      const { runAllreduceBench } = await import('@acgan/coordination');
      const transport = str('transport', 'ipc');
      if (transport !== 'ipc' && transport !== 'tcp') throw new Error(`--transport must be ipc or tcp, got ${JSON.stringify(transport)}`);
      const dataPlane = str('dataPlane', 'shm');
      if (dataPlane !== 'shm' && dataPlane !== 'sockets') throw new Error(`--data-plane must be shm or sockets, got ${JSON.stringify(dataPlane)}`);
      const endpoint = transport === 'ipc' ? `ipc://${join(tmpdir(), `acgan-bench-${process.pid}.sock`)}` : 'tcp://127.0.0.1:0';
      result = {
        transport,
        ...(await runAllreduceBench({
          workers: num('workers', 2),
          sizeMb: num('sizeMb', 96),
          chunkMb: num('chunkMb', 4),
          rounds: num('rounds', 5),
          wireDtype: wireDtype as 'f32',
          endpoint,
          dataPlane,
          compareGloo: flags.has('compareGloo'),
        })),
      };
      break;
    }
    case 'step': {
      const { runStepBench } = await import('@acgan/model');
      const known = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
      const backends = flags.has('backends') ? str('backends', '').split(',').filter(Boolean) : undefined;
      const bad = backends?.find((b) => !(known as readonly string[]).includes(b));
      if (bad) throw new Error(`--backends: unknown backend ${JSON.stringify(bad)} (${known.join(', ')})`);
      result = await runStepBench({ backends: backends as (typeof known)[number][] | undefined, ...(flags.has('steps') ? { steps: num('steps', 1) } : {}) });
      break;
    }
    case 'data': {
      const { runDataBench } = await import('@acgan/data');
      const sizes = flags.has('sizes') ? str('sizes', '').split(',').map(Number) : undefined;
      if (sizes?.some((s) => !Number.isInteger(s) || s <= 0)) throw new Error(`--sizes must be positive integers separated by commas, got ${JSON.stringify(flags.get('sizes'))}`);
      result = await runDataBench({ sizes, dir: flags.has('dir') ? str('dir', '') : undefined, onProgress: (line) => console.error(`bench data: ${line}`) });
      break;
    }
    case 'link': {
      const { runLinkBench, parseRate } = await import('@acgan/coordination');
      const rate = str('rate', '1gbit');
      parseRate(rate);
      const dtypes = str('wireDtypes', 'f32,f16,bf16').split(',');
      const bad = dtypes.find((d) => !['f32', 'f16', 'bf16'].includes(d));
      if (bad !== undefined) throw new Error(`--wire-dtypes: unknown dtype ${JSON.stringify(bad)} (f32, f16, bf16)`);
      result = await runLinkBench({
        workers: num('workers', 2),
        sizeMb: num('sizeMb', 24),
        rounds: num('rounds', 4),
        rate,
        wireDtypes: dtypes as ('f32' | 'f16' | 'bf16')[],
        onProgress: (line) => console.error(`bench link: ${line}`),
      });
      break;
    }
    case 'train': {
      const { runTrainBench } = await import('../bench/train-bench.ts');
      result = await runTrainBench({ steps: num('steps', 12), batchSize: num('batchSize', 64), width: num('width', 16), backend: str('backend', 'wasm') });
      break;
    }
    case 'scale': {
      const { runScaleBench, SCALE_MODELS } = await import('../bench/scale-bench.ts');
      const workers = str('workers', '1,2,4,8')
        .split(',')
        .map((w) => Number(w.trim()));
      if (workers.some((w) => !Number.isInteger(w) || w < 1 || w > 64)) {
        throw new Error(`--workers must be worker counts from 1 to 64 separated by commas, got ${JSON.stringify(flags.get('workers'))}`);
      }
      const model = str('model', 'default');
      if (!Object.hasOwn(SCALE_MODELS, model)) throw new Error(`--model must be ${Object.keys(SCALE_MODELS).join(' or ')}, got ${JSON.stringify(model)}`);
      const computeMs = flags.has('computeMs') ? Number(flags.get('computeMs')) : 20;
      if (!Number.isFinite(computeMs) || computeMs < 0) throw new Error(`--compute-ms must be a number >= 0, got ${JSON.stringify(flags.get('computeMs'))}`);
      const steps = num('steps', 10);
      if (!Number.isInteger(steps)) throw new Error(`--steps must be a whole number, got ${JSON.stringify(flags.get('steps'))}`);
      const dataPlane = flags.has('dataPlane') ? str('dataPlane', '') : undefined;
      if (dataPlane !== undefined && dataPlane !== 'auto' && dataPlane !== 'sockets')
        throw new Error(`--data-plane must be auto or sockets, got ${JSON.stringify(flags.get('dataPlane'))}`);
      result = await runScaleBench({
        workers,
        model: model as keyof typeof SCALE_MODELS,
        computeMs,
        steps,
        chunkMb: num('chunkMb', 4),
        wireDtype: wireDtype as 'f32',
        dataPlane,
        onProgress: (line) => console.error(`bench scale: ${line}`),
      });
      break;
    }
  }
  if (!flags.has('json')) console.error(`bench ${name} done`);
  console.log(JSON.stringify(result, null, flags.has('json') ? undefined : 2));
  return 0;
}
