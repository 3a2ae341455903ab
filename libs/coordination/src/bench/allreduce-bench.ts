/**
 * `acgan bench allreduce`: a coordinator (this process) and N worker processes
 * average a gradient set (default 96 MB of float32) through the same pieces a
 * training run uses: ZeroMQ ROUTER/DEALER transport, envelope + raw chunk
 * frames validated on arrival, the coordinator's averaging rule (meanOverRanks),
 * averaged buckets sent back.
 *
 * The bound it is compared with is a plain memcpy, in this same run, of the
 * 2 x N x size bytes the coordinator must take in and send out per round.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bindServer, makeAveragedMessage, maxFrameBytes, MessageType, Phase, splitIntoBuckets, protoToWireDtype, type WireDtype } from '@acgan/protocol';
import { meanOverRanks, type BucketReduction } from '../bucket-reducer.ts';

export interface AllreduceBenchOptions {
  workers?: number;
  sizeMb?: number;
  chunkMb?: number;
  rounds?: number;
  wireDtype?: WireDtype;
  endpoint?: string;
  /** Run worker r in network namespace hosts[r % hosts.length] (see netns-hosts.ts), reaching this process at its `here` address. */
  hosts?: { ns: string; here: string }[];
}

const PEER = fileURLToPath(new URL('./allreduce-peer.ts', import.meta.url));

export async function runAllreduceBench(opts: AllreduceBenchOptions = {}): Promise<Record<string, unknown>> {
  const workers = opts.workers ?? 2;
  const sizeMb = opts.sizeMb ?? 96;
  const chunkMb = opts.chunkMb ?? 4;
  const rounds = opts.rounds ?? 5;
  const wireDtype = opts.wireDtype ?? 'f32';
  const total = Math.floor((sizeMb * 1e6) / 4);
  const spans = splitIntoBuckets(total, Math.floor((chunkMb * 1024 * 1024) / 4));
  const hosts = opts.hosts ?? [];
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
  try {
    let round = -1;
    let reduction: BucketReduction | undefined;
    let t0 = 0;
    for await (const item of server.messages()) {
      if (item.error) throw item.error;
      const env = item.msg!.envelope;
      if (env.type === MessageType.READY) {
        peers.set(item.peer, env.senderRank);
        if (peers.size === workers) {
          round = 0;
          t0 = performance.now();
          reduction = meanOverRanks({ step: round, phase: 'D', worldSize: workers, buckets: spans });
          for (const id of peers.keys()) await server.send(id, item.msg!); // "go"
        }
        continue;
      }
      if (env.type !== MessageType.GRADIENT || !reduction) continue;
      const r0 = performance.now();
      const chunk = env.chunks[0];
      const outcome = await reduction.add(env.senderRank, env.bucket, item.msg!.payloads[0], protoToWireDtype(chunk.dtype ?? 0)!);
      reduceMs += performance.now() - r0;
      if (outcome.kind === 'rejected') throw new Error(outcome.reason);
      if (outcome.kind !== 'complete') continue;
      const span = spans[env.bucket];
      const msg = makeAveragedMessage({
        session: 'bench',
        rank: -1,
        step: round,
        phase: Phase.PHASE_D,
        bucket: env.bucket,
        bucketCount: spans.length,
        data: outcome.average,
        wireDtype,
        elementOffset: span.offset,
        totalElements: total,
      });
      await Promise.all([...peers.keys()].map((id) => server.send(id, msg)));
      if (!reduction.done) continue;
      times.push(performance.now() - t0);
      round++;
      if (round >= rounds) break;
      t0 = performance.now();
      reduction = meanOverRanks({ step: round, phase: 'D', worldSize: workers, buckets: spans });
    }
  } catch (err) {
    if (!connectFailed) throw err;
  } finally {
    clearTimeout(connectDeadline);
    await server.close();
    if (connectFailed) for (const c of children) c.kill('SIGKILL');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))));
  }
  if (connectFailed) throw new Error(`allreduce bench: ${peers.size} of ${workers} workers connected within 30 s to ${server.endpoint}${hosts.length > 0 ? ` (from ${hosts.map((h) => `${h.ns} via ${h.here}`).join(', ')})` : ''}`);
  const bytes = total * 4;
  const boundMs = measureMemcpyMs(2 * workers * bytes);
  const sorted = [...times].slice(1).sort((a, b) => a - b); // round 0 warms up
  const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : times[0];
  return {
    bench: 'allreduce',
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
