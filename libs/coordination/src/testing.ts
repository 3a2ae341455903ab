// Scripted workers for the coordinator's specs: they drive a real Coordinator over the
// in-memory transport (no TensorFlow.js), and every wait is on an event (a message, a
// log line), bounded only so that a failure says what it waited for. Not exported from
// index.ts.
import { afterEach, expect } from 'vitest';
import {
  bodyOf,
  createInMemoryHub,
  decodeToF32,
  makeGradientMessage,
  makeMessage,
  makeSharedGradientMessage,
  makeStateMessage,
  MessageType,
  nextMessage,
  phaseToWire,
  PROTOCOL_VERSION,
  StatePurpose,
  type InMemoryClientTransport,
  type InMemoryHub,
  type PhaseName,
  type ProtocolMessage,
  type ServerTransport,
} from '@acgan/protocol';
import { createLogger, DEFAULT_CONFIG, modelConfigHash, type RunConfig } from '@acgan/config';
import { Coordinator, type CoordinatorOptions, type CoordinatorResult } from './coordinator.ts';
import { openSegment } from '@acgan/shm';

/** Long enough for a loaded machine; only a failure ever waits this long. */
export const WAIT_MS = 15_000;
/** Buckets of 2 elements (chunkMb = 8 bytes): D has 2 buckets, G has 1. */
export const SIZES = { D: 3, G: 2 };
// Heartbeats so rare that no rank is lost unless a test says so (4 x 60 s), and no progress timeout.
export const BASE: RunConfig = { ...DEFAULT_CONFIG, workers: 2, steps: 1, batchSize: 4, chunkMb: 8 / (1024 * 1024), heartbeatMs: 60_000, timeoutMs: 600_000 };

export class ScriptedWorker {
  session = '';
  rank = -1;
  readonly inbox: AsyncIterator<{ msg?: ProtocolMessage }>;
  private beating: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly t: InMemoryClientTransport,
    readonly pid: number,
  ) {
    this.inbox = t.messages()[Symbol.asyncIterator]();
  }

  /** The next message other than a heartbeat; it must be of `type` when given. */
  async next(type?: MessageType): Promise<ProtocolMessage> {
    for (;;) {
      const { msg } = await nextMessage(this.inbox, WAIT_MS).catch(() => {
        throw new Error(`pid ${this.pid} (rank ${this.rank}): no ${type === undefined ? 'message' : MessageType[type]} within ${WAIT_MS} ms`);
      });
      if (!msg || msg.envelope.type === MessageType.HEARTBEAT) continue;
      if (type !== undefined && msg.envelope.type !== type) throw new Error(`pid ${this.pid}: expected ${MessageType[type]}, got ${MessageType[msg.envelope.type]}`);
      return msg;
    }
  }

  /** Its shared-memory segments, once it mapped the ones its ASSIGN offered. */
  shm: { slot: Float32Array; average: Float32Array } | undefined;

  /** REGISTER; with `sharedMemory`, saying it can map the coordinator's segments. */
  register(requestedRank = -1, sharedMemory = false): Promise<void> {
    return this.t.send(
      makeMessage(
        MessageType.REGISTER,
        { session: '' },
        { protocolVersion: PROTOCOL_VERSION, modelConfigHash: modelConfigHash(BASE), requestedRank, capabilities: { backend: 'wasm', host: 'test', pid: this.pid, sharedMemory } },
      ),
    );
  }

  /** Waits for ASSIGN and takes its rank and session; returns it. */
  async assigned(): Promise<ProtocolMessage> {
    const msg = await this.next(MessageType.ASSIGN);
    const a = bodyOf(msg, MessageType.ASSIGN);
    this.rank = a.rank!;
    this.session = a.session!;
    const offer = a.sharedMemory;
    if (offer) this.shm = { slot: openSegment(offer.slotPath!, offer.bytes!).floats, average: openSegment(offer.averagePath!, offer.bytes!).floats };
    return msg;
  }

  ready(step: number): Promise<void> {
    return this.t.send(makeMessage(MessageType.READY, { session: this.session, rank: this.rank, step }, { step, backend: 'wasm', sharedMemory: this.shm !== undefined }));
  }

  /** A bucket through shared memory: written into its slot, then announced. */
  sharedGradient(phase: PhaseName, bucket: number, data: number[], step = 0): Promise<void> {
    this.shm!.slot.set(data, bucket * 2);
    const total = SIZES[phase];
    return this.t.send(
      makeSharedGradientMessage({
        session: this.session,
        rank: this.rank,
        step,
        phase: phaseToWire(phase),
        bucket,
        bucketCount: Math.ceil(total / 2),
        totalElements: total,
        hasNonFinite: false,
      }),
    );
  }

  metrics(step: number): Promise<void> {
    return this.t.send(makeMessage(MessageType.METRICS, { session: this.session, rank: this.rank, step }, { step, values: { lossD: 1, stepMs: 1 } }));
  }

  heartbeat(): Promise<void> {
    return this.t.send(makeMessage(MessageType.HEARTBEAT, { session: this.session, rank: this.rank }, { unixMs: Date.now() }));
  }

  /** Heartbeats every `ms`, as a worker sends them while it waits, until stopBeating(). */
  beat(ms: number): void {
    this.beating = setInterval(() => void this.heartbeat().catch(() => undefined), ms);
  }

  stopBeating(): void {
    clearInterval(this.beating);
  }

  state(purpose: StatePurpose, step: number, value: number): Promise<void> {
    return this.t.send(makeStateMessage({ session: this.session, rank: this.rank, step, purpose, tensors: [{ name: 'w', shape: [1], data: Float32Array.from([value]) }] }));
  }

  gradient(phase: PhaseName, bucket: number, data: number[], step = 0): Promise<void> {
    const total = SIZES[phase];
    return this.t.send(
      makeGradientMessage({
        session: this.session,
        rank: this.rank,
        step,
        phase: phaseToWire(phase),
        bucket,
        bucketCount: Math.ceil(total / 2),
        data: Float32Array.from(data),
        wireDtype: 'f32',
        elementOffset: bucket * 2,
        totalElements: total,
      }),
    );
  }

  /** The next AVERAGED: its bucket and values (`shared` when it was read from the average segment). */
  async averaged(): Promise<{ bucket: number; values: number[]; shared?: true }> {
    const msg = await this.next(MessageType.AVERAGED);
    const bucket = msg.envelope.bucket;
    if (msg.envelope.averaged?.inSharedMemory) {
      const total = msg.envelope.averaged.totalElements ?? 0;
      return { bucket, values: Array.from(this.shm!.average.subarray(bucket * 2, Math.min(total, bucket * 2 + 2))), shared: true };
    }
    return { bucket, values: Array.from(decodeToF32(msg.payloads[0], 'f32')) };
  }
}

export interface Run {
  hub: InMemoryHub;
  server: ServerTransport;
  coordinator: Coordinator;
  run: Promise<CoordinatorResult>;
  lines: string[];
  lostCalls: [number, number, string][];
  /** Resolves with the first log line (any level) matching `re`, past or future. */
  line(re: RegExp): Promise<string>;
  /** A new scripted worker with this pid. */
  worker(pid: number): Promise<ScriptedWorker>;
  /** The connection that holds `rank` in the coordinator's membership. */
  coordinatorPeerIdOf(rank: number): string;
}

/** Undone after each test: the coordinators it started. */
export const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

export async function setUp(over: Partial<RunConfig> = {}, extra: Partial<CoordinatorOptions> = {}): Promise<Run> {
  const hub = createInMemoryHub();
  const server = await hub.bindServer();
  const lines: string[] = [];
  const watchers: { re: RegExp; resolve: (l: string) => void }[] = [];
  const logger = createLogger({ component: 'coordinator', console: false });
  logger.on('data', (info: { message: string }) => {
    lines.push(info.message);
    for (const w of watchers.filter((x) => x.re.test(info.message))) {
      watchers.splice(watchers.indexOf(w), 1);
      w.resolve(info.message);
    }
  });
  const coordinator = new Coordinator({ config: { ...BASE, ...over }, transport: server, logger, totalSteps: 1, stepsPerEpoch: 10, gradientSizes: SIZES, ...extra });
  const lostCalls: [number, number, string][] = [];
  coordinator.setRankLostHandler((rank, pid, host) => lostCalls.push([rank, pid, host]));
  const run = coordinator.run();
  cleanups.push(() => coordinator.abort('TEST_OVER', 'test over'));
  const line = (re: RegExp): Promise<string> => {
    const seen = lines.find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no log line ${re} within ${WAIT_MS} ms; lines:\n${lines.join('\n')}`)), WAIT_MS);
      watchers.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  };
  const worker = async (pid: number) => new ScriptedWorker(await hub.connectClient(server.endpoint), pid);
  const coordinatorPeerIdOf = (rank: number) => (coordinator as unknown as { membership: { peerIdOf(r: number): string } }).membership.peerIdOf(rank);
  return { hub, server, coordinator, run, lines, lostCalls, line, worker, coordinatorPeerIdOf };
}

let fences = 0;
/** Resolves once the coordinator has handled everything `w` sent so far: a connection's messages are handled in order, and this one is logged. */
export async function handled(r: Run, w: ScriptedWorker): Promise<void> {
  const mark = `fence ${++fences}`;
  await w.t.send(makeMessage(MessageType.ERROR, { session: w.session, rank: w.rank }, { code: 'TEST', message: mark, fatal: false }));
  await r.line(new RegExp(`^rank ${w.rank} reports \\[TEST\\] ${mark}$`));
}

/** Registers `n` workers (pids 100, 101, ...; each asks for rank i), hands out rank 0's initial state and gets all ready; returns them by rank. */
export async function startRun(r: Run, n = 2): Promise<ScriptedWorker[]> {
  const workers: ScriptedWorker[] = [];
  for (let i = 0; i < n; i++) workers.push(await r.worker(100 + i));
  for (const [i, w] of workers.entries()) await w.register(i);
  for (const w of workers) await w.assigned();
  expect(workers.map((w) => w.rank)).toEqual(workers.map((_, i) => i));
  const [r0, ...others] = workers;
  expect(bodyOf(await r0.next(MessageType.STATE_REQUEST), MessageType.STATE_REQUEST).purpose).toBe(StatePurpose.INITIAL);
  await r0.state(StatePurpose.INITIAL, 0, 1);
  for (const w of others) await w.next(MessageType.STATE);
  for (const w of workers) await w.ready(0);
  await r.line(/^all \d+ ranks ready/);
  return workers;
}
