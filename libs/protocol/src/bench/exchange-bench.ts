// Exchange benchmark: how fast does one gradient (96 MB of float32 by default)
// cross to a second real process through this library's transport, compared
// with a plain memory copy of the same bytes measured in the same run? Reported
// as a ratio so numbers from different machines can be compared.
//
// Run (from the repository root; takes a few seconds, use sparingly on a shared box):
//   node --import tsx libs/protocol/src/bench/run-exchange-bench.ts --sizeMb=96 --repeats=5
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { maxFrameBytes } from '../framing.ts';
import { makeGradientMessage, makeMessage } from '../message-builders.ts';
import { MessageType, Phase } from '../schema.ts';
import { addDecodedInto, encodeF32, wireDtypeSize, type WireDtype } from '../tensor-codec.ts';
import { DEFAULT_CHUNK_BYTES, splitIntoBuckets } from '../tensor-chunks.ts';
import { nextMessage, type TransportOptions } from '../transport.ts';
import { connectClient } from '../zmq-transport.ts';

export interface ExchangeBenchOptions {
  /** Gradient size in MB (1e6 bytes of float32). Default 96. */
  sizeMb?: number;
  /** Bucket sizes (MiB of float32) for the curve. Default [0.25, 1, 4, 16, 96]. */
  chunkMb?: number[];
  /** Bucket size (MiB) of the headline number. Default 4 (DEFAULT_CHUNK_BYTES). */
  defaultChunkMb?: number;
  /** Timed gradients per point, after one warm-up. Default 5. */
  repeats?: number;
  wireDtype?: WireDtype;
  /** 'ipc' (default: fastest on one box) or 'tcp' (loopback). */
  transport?: 'ipc' | 'tcp';
  /** Extra socket options for both sides (buffer sizes, high-water marks). */
  transportOptions?: TransportOptions;
  /** Extra environment of the receiving process (it inherits ours). */
  peerEnv?: Record<string, string>;
}

export interface ExchangePoint {
  chunk_mb: number;
  gbps: number;
  ratio: number;
}

export interface ExchangeBenchResult {
  size_mb: number;
  chunk_mb: number;
  repeats: number;
  wire_dtype: WireDtype;
  transport: 'ipc' | 'tcp';
  /** Payload bytes on the wire per second / 1e9, at the default bucket size. */
  gbps: number;
  /** Same-run copy of the same number of bytes into a preallocated, warm buffer, / 1e9. */
  memcpy_gbps: number;
  /** gbps / memcpy_gbps. */
  ratio: number;
  /** Same-run copy into freshly allocated memory (what Buffer.from(bytes) costs), / 1e9. */
  memcpy_alloc_gbps: number;
  /** gbps / memcpy_alloc_gbps. */
  ratio_vs_alloc_copy: number;
  /**
   * glibc malloc tuning variables as the peer saw them ('unset' = defaults).
   * Received frames are malloc'd by libzmq and freed only when V8 collects their
   * Buffers, so allocator behaviour shows up in these numbers; recorded so runs
   * with and without tuning can be told apart.
   */
  malloc_env: Record<string, string>;
  /** addDecodedInto (the coordinator's reduction) over the same bytes, / 1e9. */
  reduce_gbps: number;
  curve: ExchangePoint[];
}

const MiB = 1024 * 1024;
const MALLOC_ENV_KEYS = ['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_ARENA_MAX'];
const peerScript = join(dirname(fileURLToPath(import.meta.url)), 'exchange-peer.ts');
const libRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function runExchangeBench(opts: ExchangeBenchOptions = {}): Promise<ExchangeBenchResult> {
  const sizeMb = opts.sizeMb ?? 96;
  const defaultChunkMb = opts.defaultChunkMb ?? DEFAULT_CHUNK_BYTES / MiB;
  const curveMb = [...new Set([...(opts.chunkMb ?? [0.25, 1, 4, 16, 96]), defaultChunkMb])].sort((a, b) => a - b);
  const repeats = opts.repeats ?? 5;
  const wireDtype = opts.wireDtype ?? 'f32';
  const transport = opts.transport ?? 'ipc';
  // Frames as large as the largest chunk measured (96 MB by default, beyond a run's default limit).
  const transportOptions = { maxMessageSize: maxFrameBytes(Math.ceil(curveMb[curveMb.length - 1] * MiB)), ...opts.transportOptions };

  const elements = Math.floor((sizeMb * 1e6) / 4);
  const gradient = new Float32Array(elements);
  for (let i = 0; i < elements; i++) gradient[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
  const wireBytes = elements * wireDtypeSize(wireDtype);

  const peerEnv = opts.peerEnv ?? {};
  const mallocEnv = Object.fromEntries(MALLOC_ENV_KEYS.map((key) => [key, peerEnv[key] ?? process.env[key] ?? 'unset']));
  const memcpyGbps = measureMemcpy(wireBytes);
  const allocCopyGbps = measureAllocCopy(wireBytes);
  const reduceGbps = measureReduce(gradient, wireDtype);

  const address = transport === 'ipc' ? `ipc://${join(tmpdir(), `acgan-bench-${randomBytes(6).toString('hex')}.sock`)}` : 'tcp://127.0.0.1:0';
  const peer = await startPeer({ address, ...transportOptions }, peerEnv);
  const client = await connectClient(peer.endpoint, transportOptions);
  const session = 'exchange-bench';
  let step = 0;
  try {
    const curve: ExchangePoint[] = [];
    for (const chunkMb of curveMb) {
      const bucketElements = Math.max(1, Math.floor((chunkMb * MiB) / 4));
      const buckets = splitIntoBuckets(elements, bucketElements);
      // One reusable f16/bf16 buffer per bucket, as a worker keeps them across steps.
      const encodeBuffers = wireDtype === 'f32' ? [] : buckets.map((b) => new Uint8Array(b.length * 2).fill(0));
      const sendGradient = async (): Promise<void> => {
        step++;
        const sends = buckets.map(({ offset, length }, bucket) =>
          client.send(
            makeGradientMessage({
              session,
              rank: 0,
              step,
              phase: Phase.PHASE_D,
              bucket,
              bucketCount: buckets.length,
              data: gradient.subarray(offset, offset + length),
              wireDtype,
              encodeBuffer: encodeBuffers[bucket],
              elementOffset: offset,
              totalElements: elements,
            }),
          ),
        );
        await Promise.all(sends);
        const ack = await nextMessage(client.messages(), 60_000);
        if (ack.error || ack.msg?.envelope.type !== MessageType.READY || ack.msg.envelope.ready?.step !== step) {
          throw new Error(`exchange-bench: expected READY for step ${step}, got ${ack.error?.message ?? JSON.stringify(ack.msg?.envelope.toJSON())}`);
        }
      };
      await sendGradient(); // warm-up: connection, page faults, JIT
      const start = performance.now();
      for (let r = 0; r < repeats; r++) await sendGradient();
      const seconds = (performance.now() - start) / 1000;
      const gbps = (wireBytes * repeats) / seconds / 1e9;
      curve.push({ chunk_mb: chunkMb, gbps: round(gbps), ratio: round(gbps / memcpyGbps) });
    }
    const head = curve.find((p) => p.chunk_mb === defaultChunkMb) as ExchangePoint;
    return {
      size_mb: sizeMb,
      chunk_mb: defaultChunkMb,
      repeats,
      wire_dtype: wireDtype,
      transport,
      gbps: head.gbps,
      memcpy_gbps: round(memcpyGbps),
      ratio: head.ratio,
      memcpy_alloc_gbps: round(allocCopyGbps),
      ratio_vs_alloc_copy: round(head.gbps / allocCopyGbps),
      malloc_env: mallocEnv,
      reduce_gbps: round(reduceGbps),
      curve,
    };
  } finally {
    await client.send(makeMessage(MessageType.SHUTDOWN, { session }, { reason: 'bench done' })).catch(() => undefined);
    await client.close();
    await peer.exited;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Best of several copies of `bytes` bytes (warm pages, so it is the copy alone). */
function measureMemcpy(bytes: number): number {
  const src = new Uint8Array(bytes).fill(1);
  const dst = new Uint8Array(bytes);
  dst.set(src);
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    dst.set(src);
    best = Math.min(best, performance.now() - t);
  }
  return bytes / (best / 1000) / 1e9;
}

/** Best of several copies into new memory: allocation and first-touch page faults included. */
function measureAllocCopy(bytes: number): number {
  const src = new Uint8Array(bytes).fill(1);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const dst = new Uint8Array(bytes);
    dst.set(src);
    best = Math.min(best, performance.now() - t);
  }
  return bytes / (best / 1000) / 1e9;
}

/** Wire bytes per second that addDecodedInto folds into an accumulator. */
function measureReduce(gradient: Float32Array, dtype: WireDtype): number {
  const bytes = encodeF32(gradient, dtype);
  const acc = new Float32Array(gradient.length);
  addDecodedInto(acc, bytes, dtype);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    addDecodedInto(acc, bytes, dtype);
    best = Math.min(best, performance.now() - t);
  }
  return bytes.byteLength / (best / 1000) / 1e9;
}

async function startPeer(args: TransportOptions & { address: string }, env: Record<string, string>): Promise<{ endpoint: string; exited: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', peerScript, JSON.stringify(args)], {
    cwd: libRoot,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`exchange-peer exited with ${code ?? signal}`))));
  });
  // Surface an early crash instead of waiting for an endpoint that never comes.
  exited.catch(() => undefined);
  const lines = createInterface({ input: child.stdout });
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('exchange-peer did not start within 30 s')), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { endpoint: string }).endpoint);
    });
    exited.catch((err: unknown) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return { endpoint, exited };
}
