/**
 * The coordinator's side of the conversation, driven by scripted workers over
 * the in-memory transport (no TensorFlow.js): registration, the initial-state
 * broadcast, averaging, validation of what arrives, checkpoints and shutdown.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  assembleTensors,
  bodyOf,
  createInMemoryHub,
  decodeToF32,
  makeGradientMessage,
  makeMessage,
  makeStateMessage,
  MessageType,
  nextMessage,
  Phase,
  PROTOCOL_VERSION,
  StatePurpose,
  type ClientTransport,
  type ProtocolMessage,
  type ServerReceived,
  type ServerTransport,
} from '@acgan/protocol';
import { createLogger, DEFAULT_CONFIG, modelConfigHash, type RunConfig } from '@acgan/config';
import type { Checkpoint } from '@acgan/runs';
import { Coordinator, type CoordinatorOptions } from './coordinator.ts';

const cfg: RunConfig = { ...DEFAULT_CONFIG, workers: 2, steps: 1, batchSize: 4, chunkMb: 8 / (1024 * 1024), timeoutMs: 5000 };
const SIZES = { D: 3, G: 2 };

class ScriptedWorker {
  session = '';
  rank = -1;
  private readonly inbox: AsyncIterator<{ msg?: ProtocolMessage }>;
  constructor(readonly t: ClientTransport) {
    this.inbox = t.messages()[Symbol.asyncIterator]();
  }
  async next(type?: MessageType): Promise<ProtocolMessage> {
    for (;;) {
      const { msg } = await nextMessage(this.inbox, 3000);
      if (!msg || msg.envelope.type === MessageType.HEARTBEAT) continue;
      if (type !== undefined && msg.envelope.type !== type) throw new Error(`expected ${MessageType[type]}, got ${MessageType[msg.envelope.type]}`);
      return msg;
    }
  }
  register(hash = modelConfigHash(cfg)): Promise<void> {
    return this.t.send(
      makeMessage(
        MessageType.REGISTER,
        { session: '' },
        { protocolVersion: PROTOCOL_VERSION, modelConfigHash: hash, requestedRank: -1, capabilities: { backend: 'wasm', host: 'test', pid: 1 } },
      ),
    );
  }
  async assigned(): Promise<void> {
    const a = bodyOf(await this.next(MessageType.ASSIGN), MessageType.ASSIGN);
    this.rank = a.rank!;
    this.session = a.session!;
  }
  ready(step: number, backend = 'wasm'): Promise<void> {
    return this.t.send(makeMessage(MessageType.READY, { session: this.session, rank: this.rank, step }, { step, backend }));
  }
  gradient(phase: 'D' | 'G', data: number[], over: Partial<{ step: number; rank: number; bucket: number; hasNonFinite: boolean }> = {}): Promise<void> {
    // Buckets of 2 elements (chunkMb = 8 bytes): D has 2 buckets, G has 1.
    const total = SIZES[phase];
    const bucket = over.bucket ?? 0;
    return this.t.send(
      makeGradientMessage({
        session: this.session,
        rank: over.rank ?? this.rank,
        step: over.step ?? 0,
        phase: phase === 'D' ? Phase.PHASE_D : Phase.PHASE_G,
        bucket,
        bucketCount: Math.ceil(total / 2),
        data: Float32Array.from(data),
        wireDtype: 'f32',
        elementOffset: bucket * 2,
        totalElements: total,
        hasNonFinite: over.hasNonFinite ?? false,
      }),
    );
  }
}

/** Registers both workers, broadcasts a one-tensor state and gets them ready; returns [rank 0, rank 1]. */
async function startRun(workers: ScriptedWorker[], backends = ['wasm', 'wasm']): Promise<[ScriptedWorker, ScriptedWorker]> {
  for (const w of workers) await w.register();
  for (const w of workers) await w.assigned();
  const [r0, r1] = workers[0].rank === 0 ? workers : [workers[1], workers[0]];
  await r0.next(MessageType.STATE_REQUEST);
  await r0.t.send(makeStateMessage({ session: r0.session, rank: 0, step: 0, purpose: StatePurpose.INITIAL, tensors: [{ name: 'w', shape: [1], data: Float32Array.from([1]) }] }));
  await r1.next(MessageType.STATE);
  await r0.ready(0, backends[0]);
  await r1.ready(0, backends[1]);
  return [r0, r1];
}

/**
 * The server transport as the coordinator sees it, and whether the coordinator is
 * idle: waiting for a message with none queued. Its receive loop asks for the next
 * message only when done with the last, and the in-memory transport hands a queued
 * one over within microtasks, so idle once they have run means every message sent
 * so far was handled.
 */
function watchReceiveLoop(server: ServerTransport): { transport: ServerTransport; idle: () => boolean } {
  let waiting = false;
  const watched = (inner: AsyncIterable<ServerReceived>): AsyncIterable<ServerReceived> => ({
    [Symbol.asyncIterator]() {
      const it = inner[Symbol.asyncIterator]();
      return {
        next: () => {
          waiting = true;
          return it.next().finally(() => (waiting = false));
        },
        return: it.return?.bind(it),
      };
    },
  });
  const transport = new Proxy(server, {
    get(target, key) {
      if (key === 'messages') return () => watched(target.messages());
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { transport, idle: () => waiting };
}

/** Waits until the coordinator has handled every message sent to it so far. */
async function handledAll(idle: () => boolean): Promise<void> {
  await new Promise((r) => setImmediate(r)); // past the microtasks of the sends just made
  await vi.waitFor(() => expect(idle(), 'the coordinator to handle every message sent so far (idle)').toBe(true), { timeout: 5000, interval: 10 });
}

async function setUp(over: Partial<RunConfig> = {}, extra: Partial<CoordinatorOptions> = {}) {
  const hub = createInMemoryHub();
  const server = await hub.bindServer();
  const { transport, idle } = watchReceiveLoop(server);
  const checkpoints: Checkpoint[] = [];
  const warnings: string[] = [];
  /** Every line written, all levels. */
  const lines: string[] = [];
  const logger = createLogger({ component: 'coordinator', console: false });
  logger.on('data', (info: { level: string; message: string }) => {
    lines.push(info.message);
    if (info.level === 'warn' || info.level === 'error') warnings.push(info.message);
  });
  const coordinator = new Coordinator({
    config: { ...cfg, ...over },
    transport,
    logger,
    totalSteps: 1,
    stepsPerEpoch: 10,
    gradientSizes: SIZES,
    onCheckpoint: (c) => checkpoints.push(c),
    ...extra,
  });
  const run = coordinator.run();
  const workers = [new ScriptedWorker(await hub.connectClient(server.endpoint)), new ScriptedWorker(await hub.connectClient(server.endpoint))];
  return { hub, server, coordinator, run, workers, checkpoints, warnings, lines, idle };
}

describe('Coordinator', () => {
  it('runs one step: assigns ranks, broadcasts rank 0 state, averages buckets, checkpoints, shuts down', async () => {
    const { run, workers, checkpoints, warnings } = await setUp();
    for (const w of workers) await w.register();
    for (const w of workers) await w.assigned();
    expect(workers.map((w) => w.rank).sort()).toEqual([0, 1]);
    const [r0, r1] = workers[0].rank === 0 ? workers : [workers[1], workers[0]];
    const req = bodyOf(await r0.next(MessageType.STATE_REQUEST), MessageType.STATE_REQUEST);
    expect(req.purpose).toBe(StatePurpose.INITIAL);
    const state = [{ name: 'w', shape: [2], data: Float32Array.from([7, 8]) }];
    await r0.t.send(makeStateMessage({ session: r0.session, rank: 0, step: 0, purpose: StatePurpose.INITIAL, tensors: state }));
    expect(assembleTensors(await r1.next(MessageType.STATE))[0].data).toEqual(Float32Array.from([7, 8]));
    await r1.ready(0);
    await r0.ready(0);

    // Hostile or stale input on the way: none of it may reach the average.
    await r1.gradient('D', [100, 100], { step: 5 });
    await r1.gradient('D', [100, 100], { rank: 0 });
    await r1.gradient('G', [100, 100]);

    await r0.gradient('D', [1, 2]);
    await r1.gradient('D', [3, 4]);
    await r0.gradient('D', [5], { bucket: 1 });
    await r1.gradient('D', [7], { bucket: 1 });
    for (const w of [r0, r1]) {
      const a = await w.next(MessageType.AVERAGED);
      expect(Array.from(decodeToF32(a.payloads[0], 'f32'))).toEqual([2, 3]);
      const b = await w.next(MessageType.AVERAGED);
      expect(b.envelope.bucket).toBe(1);
      expect(Array.from(decodeToF32(b.payloads[0], 'f32'))).toEqual([6]);
    }
    await r0.gradient('G', [1, 1]);
    await r1.gradient('G', [0, -1]);
    for (const w of [r0, r1]) expect(Array.from(decodeToF32((await w.next(MessageType.AVERAGED)).payloads[0], 'f32'))).toEqual([0.5, 0]);

    await r0.t.send(makeStateMessage({ session: r0.session, rank: 0, step: 1, purpose: StatePurpose.CHECKPOINT, tensors: state }));
    await r0.ready(1);
    await r1.ready(1);
    const result = await run;
    expect(result).toMatchObject({ exitCode: 0, stepsDone: 1 });
    expect(checkpoints.map((c) => c.step)).toEqual([1]);
    for (const w of [r0, r1]) expect(bodyOf(await w.next(MessageType.SHUTDOWN), MessageType.SHUTDOWN).exitCode).toBe(0);
    expect(warnings.join('\n')).toMatch(/dropped GRADIENT from rank 1: step 5, expected 0/);
    expect(warnings.join('\n')).toMatch(/dropped GRADIENT from rank 1: it claims rank 0/);
    expect(warnings.join('\n')).toMatch(/dropped GRADIENT from rank 1: phase G, expected D/);
  });

  it('refuses a wrong model hash and a wrong protocol version, and drops messages of unregistered senders', async () => {
    const { coordinator, run, workers, hub, server, warnings, idle } = await setUp();
    await workers[0].register('not-the-hash');
    const refused = bodyOf(await workers[0].next(MessageType.ERROR), MessageType.ERROR);
    expect(refused).toMatchObject({ code: 'MODEL_MISMATCH', fatal: true });
    await workers[1].t.send(makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: 99, modelConfigHash: modelConfigHash(cfg) }));
    expect(bodyOf(await workers[1].next(MessageType.ERROR), MessageType.ERROR).code).toBe('BAD_VERSION');
    const stranger = new ScriptedWorker(await hub.connectClient(server.endpoint));
    await stranger.gradient('D', [1, 2]);
    await stranger.t.send(makeMessage(MessageType.HEARTBEAT, { session: 'x' }, { unixMs: 1 }));
    (stranger.t as unknown as { sendRawFrames(f: Buffer[]): void }).sendRawFrames([Buffer.from('random bytes, not a message')]);
    await handledAll(idle);
    coordinator.stop('test over');
    expect(await run).toMatchObject({ exitCode: 130 });
    const log = warnings.join('\n');
    expect(log).toMatch(/refused registration .* model config hash "not-the-hash"/);
    expect(log).toMatch(`protocol version 99, expected ${PROTOCOL_VERSION}`);
    expect(log).toMatch(/dropped GRADIENT from unregistered sender/);
    expect(log).toMatch(/dropped a bad message/);
  });

  it('stops the run when replicas report different checksums, naming the ranks and the step', async () => {
    const { run, workers, warnings } = await setUp();
    const [r0, r1] = await startRun(workers);
    for (const [w, value] of [
      [r0, 'aaaa'],
      [r1, 'bbbb'],
    ] as const) {
      await w.t.send(makeMessage(MessageType.CHECKSUM, { session: w.session, rank: w.rank, step: 1 }, { step: 1, value, algorithm: 'test' }));
    }
    const result = await run;
    expect(result.exitCode).toBe(1);
    expect(result.reason).toMatch(/REPLICA_MISMATCH: parameter checksums differ after step 1: rank 0 has aaaa, ranks 1 have bbbb/);
    expect(warnings.join('\n')).toMatch(/REPLICA_MISMATCH/);
  });

  it('non-finite gradients: every rank is told to skip, the sender is named, and M consecutive skips stop the run', async () => {
    const { run, workers, warnings } = await setUp({ nonFiniteLimit: 2 });
    const [r0, r1] = await startRun(workers);
    await r0.gradient('D', [1, 2]);
    await r1.gradient('D', [NaN, 4], { hasNonFinite: true });
    await r0.gradient('D', [5], { bucket: 1 });
    await r1.gradient('D', [7], { bucket: 1 });
    for (const w of [r0, r1]) {
      expect((await w.next(MessageType.AVERAGED)).envelope.averaged?.skip).toBe(true);
      expect((await w.next(MessageType.AVERAGED)).envelope.averaged?.skip).toBe(false);
    }
    expect(warnings.join('\n')).toMatch(/non-finite gradient from rank\(s\) 1 at step 0 phase D bucket 0: every rank skips this update/);
    await r0.gradient('G', [Infinity, 0], { hasNonFinite: true });
    await r1.gradient('G', [0, 0]);
    const result = await run;
    expect(result.exitCode).toBe(1);
    expect(result.reason).toMatch(/NON_FINITE: 2 consecutive updates skipped for non-finite gradients \(limit --non-finite-limit 2\)/);
  });

  it('non-finite gradients with --non-finite stop end the run naming the rank', async () => {
    const { run, workers } = await setUp({ nonFinite: 'stop' });
    const [r0, r1] = await startRun(workers);
    await r0.gradient('D', [1, 2]);
    await r1.gradient('D', [NaN, 4], { hasNonFinite: true });
    const result = await run;
    expect(result.exitCode).toBe(1);
    expect(result.reason).toMatch(/NON_FINITE: non-finite gradient from rank\(s\) 1 at step 0 phase D bucket 0/);
  });
});

describe('Coordinator metrics records', () => {
  const metrics = (w: ScriptedWorker, step: number) =>
    w.t.send(makeMessage(MessageType.METRICS, { session: w.session, rank: w.rank, step }, { step, values: { lossD: step + w.rank, stepMs: 1 } }));

  it('a step a lost rank never reported goes in as a partial record once a later step completes', async () => {
    const records: Record<string, unknown>[] = [];
    const { coordinator, run, workers } = await setUp({}, { totalSteps: 10, onMetrics: (r) => records.push(r) });
    const [r0, r1] = await startRun(workers);
    await metrics(r0, 0);
    await metrics(r1, 0);
    await metrics(r0, 1); // rank 1's metrics of step 1 never come (it died after its checksum)
    await metrics(r0, 2);
    await metrics(r1, 2);
    await vi.waitFor(() => expect(records, 'metrics records of steps 0, 1 and 2').toHaveLength(3), { timeout: 3000, interval: 10 });
    expect(records.map((r) => [r.step, r.partial ?? false, (r.ranks as { rank: number }[]).map((x) => x.rank)])).toEqual([
      [0, false, [0, 1]],
      [1, true, [0]],
      [2, false, [0, 1]],
    ]);
    coordinator.abort('TEST_OVER', 'test over');
    await run;
  });

  it('a stopped run waits for the metrics of its last step that arrive after the checkpoint state, and writes a partial record for a rank that never sends them', async () => {
    for (const lateRank of [true, false]) {
      const records: Record<string, unknown>[] = [];
      const { coordinator, run, workers, checkpoints } = await setUp({}, { totalSteps: 10, onMetrics: (r) => records.push(r) });
      const [r0, r1] = await startRun(workers);
      await r0.gradient('D', [1, 2]);
      await r1.gradient('D', [3, 4]);
      await r0.gradient('D', [5], { bucket: 1 });
      await r1.gradient('D', [7], { bucket: 1 });
      for (const w of [r0, r1]) for (let b = 0; b < 2; b++) await w.next(MessageType.AVERAGED);
      coordinator.stop('SIGINT'); // while training step 0: takes effect at the step boundary
      await r0.gradient('G', [1, 1]);
      await r1.gradient('G', [0, -1]);
      for (const w of [r0, r1]) await w.next(MessageType.AVERAGED);
      // At the step boundary rank 0 is asked for the state, and sends it before anyone's metrics of step 0.
      expect(bodyOf(await r0.next(MessageType.STATE_REQUEST), MessageType.STATE_REQUEST)).toMatchObject({ step: 1, purpose: StatePurpose.CHECKPOINT });
      await r0.t.send(
        makeStateMessage({ session: r0.session, rank: 0, step: 1, purpose: StatePurpose.CHECKPOINT, tensors: [{ name: 'w', shape: [1], data: Float32Array.from([2]) }] }),
      );
      await vi.waitFor(
        () =>
          expect(
            checkpoints.map((c) => c.step),
            'the checkpoint of step 1',
          ).toEqual([1]),
        { timeout: 3000, interval: 10 },
      );
      await metrics(r0, 0);
      if (lateRank) await metrics(r1, 0);
      expect(await run).toMatchObject({ exitCode: 130, stepsDone: 1 });
      expect(checkpoints.map((c) => c.step)).toEqual([1]);
      expect(records.map((r) => [r.step, r.partial ?? false])).toEqual([[0, !lateRank]]);
    }
  });
});

describe('Coordinator liveness', () => {
  it('a silent rank is lost after 4 heartbeats, but a tensorflow rank gets --timeout-ms before its first step (CUDA JIT)', async () => {
    const { coordinator, run, workers, warnings } = await setUp({ heartbeatMs: 50, timeoutMs: 60_000 });
    // Neither scripted rank sends heartbeats or gradients after READY; rank 1 reports a
    // (1 ms) step, as a rank that is past its first one would.
    const [, r1] = await startRun(workers, ['tensorflow', 'tensorflow']);
    await r1.t.send(makeMessage(MessageType.METRICS, { session: r1.session, rank: 1, step: 0 }, { step: 0, values: { stepMs: 1 } }));
    await vi.waitFor(() => expect(warnings.join('\n'), 'rank 1 declared lost').toMatch(/rank 1 .*lost: silent for/), { timeout: 10_000, interval: 20 });
    expect(warnings.some((w) => /rank 0 .*lost/.test(w))).toBe(false);
    coordinator.abort('TEST_OVER', 'test over');
    await run.catch(() => undefined);
  });
});

describe('Coordinator logs of what peers send', () => {
  it('a flood over many connections makes a bounded number of lines, with the counts of the rest', async () => {
    const { coordinator, run, workers, hub, server, lines, idle } = await setUp();
    // Ranks assigned: a registration with the right hash is held as a spare.
    for (const w of workers) await w.register();
    for (const w of workers) await w.assigned();
    const before = lines.length;
    // 200 connections, each: 5 registrations with a wrong hash, 2 to the full run
    // (a spare), 5 heartbeats while unregistered and 2 undecodable messages.
    for (let c = 0; c < 200; c++) {
      const s = new ScriptedWorker(await hub.connectClient(server.endpoint));
      for (let i = 0; i < 5; i++) await s.register('not-the-hash');
      for (let i = 0; i < 2; i++) await s.register();
      for (let i = 0; i < 5; i++) await s.t.send(makeMessage(MessageType.HEARTBEAT, { session: 'x' }, { unixMs: i }));
      for (let i = 0; i < 2; i++) (s.t as unknown as { sendRawFrames(f: Buffer[]): void }).sendRawFrames([Buffer.from('garbage')]);
    }
    await handledAll(idle);
    coordinator.stop('test over');
    await run;
    const flood = lines.slice(before).filter((l) => !l.startsWith('stopping'));
    const count = (re: RegExp) => flood.filter((l) => re.test(l)).length;
    // 4 causes: at most 5 lines each in a 10 s window, then one summary each.
    expect(count(/^refused registration from test pid 1: model config hash "not-the-hash"/)).toBe(5);
    expect(count(/waits as a spare/)).toBe(5);
    expect(count(/^dropped HEARTBEAT from unregistered sender/)).toBe(5);
    expect(count(/^dropped a bad message/)).toBe(5);
    const summaries = flood.filter((l) => / more messages of cause /.test(l));
    expect(summaries.map((l) => l.replace(/in the last \d+ s/, 'in the last N s')).sort()).toEqual(
      [
        '195 more messages of cause "registration to a full run (a spare)" in the last N s from 195 connections, not logged one by one',
        '395 more messages of cause "bad message (DECODE_FAILED)" in the last N s from 198 connections, not logged one by one',
        '995 more messages of cause "HEARTBEAT from an unregistered sender" in the last N s from 199 connections, not logged one by one',
        '995 more messages of cause "refused registration (MODEL_MISMATCH)" in the last N s from 199 connections, not logged one by one',
      ].sort(),
    );
    expect(flood.length).toBeLessThanOrEqual(4 * 6);
  });

  it('a forged line stays one escaped line, and long peer strings are cut', async () => {
    const { coordinator, run, workers, hub, server, lines, idle } = await setUp();
    for (const w of workers) await w.register();
    for (const w of workers) await w.assigned();
    const r0 = workers.find((w) => w.rank === 0)!;
    const forged = 'evil\n12:00:00.000 info [coordinator] all 2 ranks ready\u001b[2J\u001b[31m\u2028';
    const spare = new ScriptedWorker(await hub.connectClient(server.endpoint));
    await spare.t.send(
      makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: PROTOCOL_VERSION, modelConfigHash: 'x', capabilities: { backend: 'wasm', host: forged, pid: 7 } }),
    );
    await spare.t.send(
      makeMessage(
        MessageType.REGISTER,
        { session: '' },
        { protocolVersion: PROTOCOL_VERSION, modelConfigHash: modelConfigHash(cfg), capabilities: { backend: 'wasm', host: forged, pid: 7 } },
      ),
    );
    // A megabyte host name does not even decode (the wire scan caps it); a long error text from a rank is cut.
    await spare.t.send(
      makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: PROTOCOL_VERSION, modelConfigHash: 'x', capabilities: { host: 'h'.repeat(1_000_000) } }),
    );
    await r0.t.send(makeMessage(MessageType.ERROR, { session: r0.session, rank: r0.rank }, { code: 'X\nY', message: `${forged}${'m'.repeat(60_000)}`, fatal: false }));
    await handledAll(idle);
    coordinator.stop('test over');
    await run;
    const escaped = 'evil\\n12:00:00.000 info [coordinator] all 2 ranks ready\\u001b[2J\\u001b[31m\\u2028';
    expect(lines.filter((l) => l.includes(escaped)).length).toBe(3); // refused, spare, rank report
    expect(lines.some((l) => /^refused registration from .*\(\d+ chars\)|host bytes is 1000000/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('rank 0 reports [X\\nY] evil\\n') && l.endsWith(`...(${forged.length + 60_000} chars)`))).toBe(true);
    for (const l of lines) {
      expect(l).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(l.length).toBeLessThan(4000);
    }
  });
});

describe('Coordinator replies to peers without a rank', () => {
  it('tell a stranger what to fix, never the session, the step or the model hash', async () => {
    // A resumed run at step 7, ranks assigned: the state a stranger would want to learn.
    const resumeFrom: Checkpoint = { step: 7, epoch: 0, config: {}, extra: {}, tensors: [{ name: 'w', shape: [1], data: Float32Array.from([1]) }] };
    const { coordinator, run, workers, hub, server } = await setUp({ steps: 20 }, { totalSteps: 20, resumeFrom });
    for (const w of workers) await w.register();
    for (const w of workers) await w.assigned();
    const hash = modelConfigHash(cfg);
    const stranger = new ScriptedWorker(await hub.connectClient(server.endpoint));
    const replies: ProtocolMessage[] = [];
    await stranger.register('not-the-hash');
    replies.push(await stranger.next(MessageType.ERROR));
    await stranger.t.send(makeMessage(MessageType.REGISTER, { session: '' }, { protocolVersion: 99, modelConfigHash: hash }));
    replies.push(await stranger.next(MessageType.ERROR));
    await stranger.register(); // the right hash: held as a spare
    replies.push(await stranger.next(MessageType.ERROR));
    coordinator.stop('test over');
    await run;
    replies.push(await stranger.next(MessageType.SHUTDOWN));
    expect(replies.map((r) => r.envelope.error?.code ?? MessageType[r.envelope.type])).toEqual(['MODEL_MISMATCH', 'BAD_VERSION', 'RUN_FULL', 'SHUTDOWN']);
    expect(bodyOf(replies[0], MessageType.ERROR).message).toMatch(/model config does not match the run's: give it the coordinator's --image-size/);
    expect(bodyOf(replies[1], MessageType.ERROR).message).toMatch(`this coordinator speaks version ${PROTOCOL_VERSION}`);
    for (const r of replies) {
      expect(r.envelope.session).toBe('');
      expect(r.envelope.step).toBe(0);
      const text = JSON.stringify(r.envelope);
      expect(text).not.toContain(coordinator.session);
      expect(text).not.toContain(hash);
      expect(text).not.toMatch(/\b7\b/);
    }
  });
});
