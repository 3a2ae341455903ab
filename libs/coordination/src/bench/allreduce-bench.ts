/**
 * `acgan bench allreduce`: a coordinator (this process) and N worker processes
 * average a gradient set (default 96 MB of float32) through the same pieces a
 * training run uses, on either data plane:
 * - `shm` (what acgan train uses for local ranks): the shared-memory plane
 *   (ShmPlane: a slot per rank, the average segment, the reduction threads); a
 *   worker writes each bucket into its slot and announces it, and reads each
 *   average from the segment into its own buffer when told;
 * - `sockets`: ZeroMQ ROUTER/DEALER, envelope + raw chunk frames validated on
 *   arrival, the rank-order mean (meanOverRanks), averaged buckets sent back.
 *
 * The bound it is compared with is a plain memcpy, in this same run, of the
 * 2 x N x size bytes the coordinator must take in and send out per round. A round
 * that makes no progress for 30 s ends the bench with an error naming what it
 * waited for (it must never hang).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@acgan/config';
import {
  bindServer,
  makeAveragedMessage,
  makeMessage,
  makeSharedAveragedMessage,
  maxFrameBytes,
  MessageType,
  Phase,
  splitIntoBuckets,
  protoToWireDtype,
  type WireDtype,
} from '@acgan/protocol';
import { meanOverRanks, type BucketReduction } from '../bucket-reducer.ts';
import { sharedMean } from '../shared-reduction.ts';
import { ShmPlane } from '../shm-plane.ts';

export interface AllreduceBenchOptions {
  workers?: number;
  sizeMb?: number;
  chunkMb?: number;
  rounds?: number;
  wireDtype?: WireDtype;
  endpoint?: string;
  /** Run worker r in network namespace hosts[r % hosts.length] (see netns-hosts.ts), reaching this process at its `here` address. */
  hosts?: { ns: string; here: string }[];
  /** The data plane: shm (the default for local workers, as acgan train) or sockets. */
  dataPlane?: 'shm' | 'sockets';
  /** Also time PyTorch's gloo allreduce of the same bytes and ranks (Debian's python3-torch). */
  compareGloo?: boolean;
}

/** No progress for this long ends the bench with an error. */
const STALL_MS = 30_000;

const PEER = fileURLToPath(new URL('./allreduce-peer.ts', import.meta.url));
const GLOO = fileURLToPath(new URL('./gloo_allreduce.py', import.meta.url));

/**
 * PyTorch's gloo allreduce of `elements` float32 over `workers` processes, in a child
 * (Debian's /usr/bin/python3 with python3-torch), or why it could not run.
 */
export function runGlooBaseline(workers: number, elements: number, rounds: number): { gloo_ms: number; gloo_ms_per_round: number[]; torch: string } | { gloo: string } {
  const port = 20000 + Math.floor(Math.random() * 20000);
  try {
    const out = execFileSync('/usr/bin/python3', [GLOO, String(workers), String(elements), String(rounds), String(port)], {
      encoding: 'utf8',
      timeout: 600_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out.trim().split('\n').pop()!);
  } catch (err) {
    const text = String((err as { stderr?: string }).stderr ?? (err as Error).message);
    const why = /No module named 'torch'/.test(text) ? 'PyTorch is not installed for /usr/bin/python3 (Debian: apt-get install python3-torch)' : text.trim().split('\n').pop();
    return { gloo: `unavailable: ${why}` };
  }
}

export async function runAllreduceBench(opts: AllreduceBenchOptions = {}): Promise<Record<string, unknown>> {
  const workers = opts.workers ?? 2;
  const sizeMb = opts.sizeMb ?? 96;
  const chunkMb = opts.chunkMb ?? 4;
  const rounds = opts.rounds ?? 5;
  const wireDtype = opts.wireDtype ?? 'f32';
  const total = Math.floor((sizeMb * 1e6) / 4);
  const spans = splitIntoBuckets(total, Math.floor((chunkMb * 1024 * 1024) / 4));
  const hosts = opts.hosts ?? [];
  const dataPlane = opts.dataPlane ?? (hosts.length > 0 ? 'sockets' : 'shm');
  let plane: ShmPlane | undefined;
  if (dataPlane === 'shm') {
    if (hosts.length > 0) throw new Error('allreduce bench: --data-plane shm is for workers on this host, not in network namespaces');
    const opened = ShmPlane.open(total, createLogger({ component: 'bench', console: false }), { ranks: workers });
    if ('unavailable' in opened) throw new Error(`allreduce bench: no shared memory here (${opened.unavailable}); use --data-plane sockets`);
    plane = opened;
  }
  const peerIds: string[] = [];
  const newReduction = (step: number): BucketReduction =>
    plane
      ? sharedMean(plane, (rank) => plane!.slotOf(peerIds[rank]))({ step, phase: 'D', worldSize: workers, buckets: spans })
      : meanOverRanks({ step, phase: 'D', worldSize: workers, buckets: spans });
  // With stand-in hosts (network namespaces of this machine) it binds every
  // address in plaintext: a benchmark of synthetic gradients, for its duration only.
  const server = await bindServer(opts.endpoint ?? (hosts.length > 0 ? 'tcp://0.0.0.0:0' : 'tcp://127.0.0.1:0'), {
    insecurePlaintext: hosts.length > 0,
    maxMessageSize: maxFrameBytes(Math.ceil(chunkMb * 1024 * 1024)),
  });
  const children: ChildProcess[] = [];
  for (let r = 0; r < workers; r++) {
    const host = hosts.length > 0 ? hosts[r % hosts.length] : undefined;
    const endpoint = host ? `tcp://${host.here}:${new URL(server.endpoint).port}` : server.endpoint;
    const peer = [process.execPath, '--import', 'tsx', PEER, endpoint, String(r), String(total), String(chunkMb), String(rounds), wireDtype];
    const [cmd, ...args] = host ? ['ip', 'netns', 'exec', host.ns, ...peer] : peer;
    children.push(spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] }));
  }
  const peers = new Map<string, number>();
  const times: number[] = [];
  let reduceMs = 0;
  // Workers that cannot reach this process (a wrong address, a dead link) must not hang the benchmark.
  let connectFailed = false;
  const connectDeadline = setTimeout(() => {
    if (peers.size < workers) {
      connectFailed = true;
      void server.close();
    }
  }, 30_000);
  let round = -1;
  let reduction: BucketReduction | undefined;
  // The bench must never hang: no progress for STALL_MS ends it, saying what it waited for.
  let stalled: string | undefined;
  let lastProgress = Date.now();
  const watchdog = setInterval(() => {
    if (round < 0 || Date.now() - lastProgress < STALL_MS) return;
    stalled = `allreduce bench: no progress for ${STALL_MS / 1000} s in round ${round}, waiting for ranks ${reduction?.missingRanks().join(', ') || '?'}`;
    void server.close();
  }, 1000);
  try {
    let t0 = 0;
    for await (const item of server.messages()) {
      if (item.error) throw item.error;
      const env = item.msg!.envelope;
      if (env.type === MessageType.READY) {
        peers.set(item.peer, env.senderRank);
        peerIds[env.senderRank] = item.peer;
        if (peers.size === workers) {
          round = 0;
          lastProgress = Date.now();
          t0 = performance.now();
          reduction = newReduction(round);
          // "go", naming each worker's segments on the shared-memory plane.
          for (const [id, rank] of peers)
            await server.send(
              id,
              makeMessage(MessageType.ASSIGN, { session: 'bench', rank: -1 }, { rank, worldSize: workers, ...(plane ? { sharedMemory: plane.offer(id) } : {}) }),
            );
        }
        continue;
      }
      if (env.type !== MessageType.GRADIENT || !reduction) continue;
      lastProgress = Date.now();
      const r0 = performance.now();
      const chunk = env.chunks[0];
      const outcome = await (env.gradient?.inSharedMemory
        ? reduction.addShared!(env.senderRank, env.bucket)
        : reduction.add(env.senderRank, env.bucket, item.msg!.payloads[0], protoToWireDtype(chunk.dtype ?? 0)!));
      reduceMs += performance.now() - r0;
      if (outcome.kind === 'rejected') throw new Error(outcome.reason);
      if (outcome.kind !== 'complete') continue;
      const span = spans[env.bucket];
      const where = { session: 'bench', rank: -1, step: round, phase: Phase.PHASE_D, bucket: env.bucket, bucketCount: spans.length };
      const msg = plane
        ? makeSharedAveragedMessage({ ...where, totalElements: total, skip: false })
        : makeAveragedMessage({ ...where, data: outcome.average, wireDtype, elementOffset: span.offset, totalElements: total });
      // As the coordinator does: not awaited (the transport queues per peer, in order).
      for (const id of peers.keys()) void server.send(id, msg).catch(() => undefined);
      if (!reduction.done) continue;
      times.push(performance.now() - t0);
      round++;
      if (round >= rounds) break;
      t0 = performance.now();
      reduction = newReduction(round);
    }
  } catch (err) {
    if (!connectFailed && !stalled) throw err;
  } finally {
    clearTimeout(connectDeadline);
    clearInterval(watchdog);
    await server.close();
    await plane?.close();
    if (connectFailed || stalled) for (const c of children) c.kill('SIGKILL');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))));
  }
  if (stalled) throw new Error(stalled);
  if (connectFailed)
    throw new Error(
      `allreduce bench: ${peers.size} of ${workers} workers connected within 30 s to ${server.endpoint}${hosts.length > 0 ? ` (from ${hosts.map((h) => `${h.ns} via ${h.here}`).join(', ')})` : ''}`,
    );
  const bytes = total * 4;
  const boundMs = measureMemcpyMs(2 * workers * bytes);
  const sorted = [...times].slice(1).sort((a, b) => a - b); // round 0 warms up
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : times[0];
  const gloo = opts.compareGloo ? runGlooBaseline(workers, total, rounds) : undefined;
  return {
    bench: 'allreduce',
    data_plane: dataPlane,
    workers,
    size_mb: sizeMb,
    chunk_mb: chunkMb,
    wire_dtype: wireDtype,
    rounds,
    allreduce_ms: round3(median),
    allreduce_ms_per_round: times.map(round3),
    bound_ms: round3(boundMs),
    ratio: round3(boundMs / median),
    reduce_ms_per_round: round3(reduceMs / Math.max(1, times.length)),
    coordinator_in_gbps: round3((workers * bytes) / (median / 1000) / 1e9),
    ...(gloo
      ? 'gloo_ms' in gloo
        ? { gloo_ms: round3(gloo.gloo_ms), gloo_ms_per_round: gloo.gloo_ms_per_round.map(round3), torch: gloo.torch, speedup_vs_gloo: round3(gloo.gloo_ms / median) }
        : gloo
      : {}),
  };
}

/** Time of a plain copy of `bytes` bytes (best of 3, 64 MiB pieces). */
export function measureMemcpyMs(bytes: number): number {
  const piece = Math.min(bytes, 64 << 20);
  const src = Buffer.alloc(piece, 1);
  const dst = Buffer.alloc(piece);
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    for (let done = 0; done < bytes; done += piece) src.copy(dst, 0, 0, Math.min(piece, bytes - done));
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
