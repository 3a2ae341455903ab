/**
 * Whole worker runs past ASSIGN against a scripted coordinator on the in-memory
 * hub: the real replica (AcganTrainer on the wasm backend, a tiny model, the mnist
 * digits), driven message by message. What the e2e tests check across processes,
 * here one conversation at a time: the step's exchange, the skip policy, the state
 * served for checkpoints and rejoins, a replacement rank, a re-shard.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, learningRates, modelConfigHash, modelConfigOf, type RunConfig } from '@acgan/config';
import {
  assembleTensors,
  bodyOf,
  createInMemoryHub,
  makeMessage,
  makeStateMessage,
  MessageType,
  phaseToWire,
  StatePurpose,
  UNASSIGNED_RANK,
  type PhaseName,
  type ProtocolMessage,
} from '@acgan/protocol';
import { AcganTrainer, initBackend } from '@acgan/model';
import type { NamedTensor } from '@acgan/tensor-types';
import { NONFINITE_FAILPOINT_ENV } from './failpoints.ts';
import { recordingLogger, ScriptedCoordinator } from './testing.ts';
import { Worker } from './worker.ts';

/** A tiny job: 11k gradient values per phase in buckets of 4096 (3 buckets). */
const RUN: RunConfig = {
  ...DEFAULT_CONFIG,
  imageSize: 16,
  width: 4,
  latentDim: 8,
  batchSize: 4,
  backend: 'wasm',
  steps: 2,
  workers: 1,
  checkpointInterval: 0,
  sampleInterval: 0,
  checksumInterval: 1,
  evalInterval: 0,
  chunkMb: 16 / 1024,
  timeoutMs: 20_000,
};

beforeAll(async () => {
  await initBackend('wasm', () => undefined);
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setUp(over: Partial<RunConfig> = {}) {
  const runDir = mkdtempSync(join(tmpdir(), 'acgan-worker-run-'));
  const cfg: RunConfig = { ...RUN, runDir, ...over };
  // The coordinator's run folder, visible to this worker (same host): its log file goes there too.
  writeFileSync(join(runDir, 'config.json'), JSON.stringify(cfg));
  const hub = createInMemoryHub();
  const server = await hub.bindServer();
  const { log, lines, warnings } = recordingLogger();
  const worker = new Worker({ config: cfg, logger: log, connect: (e) => hub.connectClient(e) });
  const exit = worker.run(server.endpoint);
  const c = new ScriptedCoordinator(server);
  cleanups.push(async () => {
    await server.close();
    await exit;
    rmSync(runDir, { recursive: true, force: true });
  });
  return { cfg, c, exit, lines, warnings, runDir };
}

interface Seat {
  rank: number;
  worldSize: number;
  session: string;
  step: number;
  phase: PhaseName;
}

function assign(cfg: RunConfig, s: Seat): ProtocolMessage {
  return makeMessage(
    MessageType.ASSIGN,
    { session: s.session, rank: UNASSIGNED_RANK, step: s.step, phase: phaseToWire(s.phase) },
    {
      rank: s.rank,
      worldSize: s.worldSize,
      runConfigJson: JSON.stringify(cfg),
      startStep: s.step,
      epoch: 0,
      session: s.session,
    },
  );
}

function stateRequest(session: string, step: number, purpose: StatePurpose, phase: PhaseName = 'D'): ProtocolMessage {
  return makeMessage(MessageType.STATE_REQUEST, { session, rank: UNASSIGNED_RANK, step, phase: phaseToWire(phase) }, { step, purpose });
}

/** The worker's next STATE: its purpose, step and tensors. */
async function nextState(c: ScriptedCoordinator): Promise<{ purpose: StatePurpose; step: number; tensors: NamedTensor[] }> {
  const msg = await c.next(MessageType.STATE);
  const body = bodyOf(msg, MessageType.STATE);
  return { purpose: body.purpose!, step: body.step!, tensors: assembleTensors(msg) };
}

/** Registers with the scripted coordinator and takes `seat`. */
async function registerAs(c: ScriptedCoordinator, cfg: RunConfig, seat: Seat): Promise<void> {
  const reg = bodyOf(await c.next(MessageType.REGISTER), MessageType.REGISTER);
  expect(reg.modelConfigHash).toBe(modelConfigHash(cfg));
  await c.send(assign(cfg, seat));
}

/** The value of one state entry. */
function entry(tensors: NamedTensor[], name: string): number[] {
  const t = tensors.find((x) => x.name === name);
  if (!t) throw new Error(`no state entry ${name}`);
  return [...t.data];
}

/** A fresh replica's full state, for a coordinator that hands one to a joining rank. */
async function freshState(cfg: RunConfig): Promise<NamedTensor[]> {
  const trainer = new AcganTrainer(modelConfigOf(cfg), { ...learningRates(cfg), beta1: cfg.beta1, beta2: cfg.beta2, labelSmoothing: cfg.labelSmoothing, seed: 99 });
  const state = await trainer.getState();
  trainer.dispose();
  return state;
}

/**
 * Equal weights, Adam moments and steps. BatchNorm moving statistics are left out:
 * a phase's forward pass moves them as it computes the gradient, and the state is
 * served after that (while the rank waits for the averages), as it always was.
 */
function expectSameState(a: NamedTensor[], b: NamedTensor[]): void {
  expect(a.map((t) => t.name)).toEqual(b.map((t) => t.name));
  a.forEach((t, i) => {
    if (!/\/moving_(mean|variance)$/.test(t.name)) expect(t.data, t.name).toEqual(b[i].data);
  });
}

describe('Worker, a whole run with a scripted coordinator', () => {
  it('trains every step through the exchange: initial state, D then G, checksums, metrics, skips, checkpoints, outputs, shutdown', async () => {
    // The failpoint puts a NaN into rank 0's D gradient of step 0; the coordinator's policy skips that update.
    process.env[NONFINITE_FAILPOINT_ENV] = '0:0:D';
    cleanups.push(() => void delete process.env[NONFINITE_FAILPOINT_ENV]);
    const { cfg, c, exit, runDir } = await setUp({ checkpointInterval: 1 });
    await registerAs(c, cfg, { rank: 0, worldSize: 1, session: 'S', step: 0, phase: 'D' });
    await c.send(stateRequest('S', 0, StatePurpose.INITIAL));
    const initial = await nextState(c);
    expect(initial).toMatchObject({ purpose: StatePurpose.INITIAL, step: 0 });
    expect(bodyOf(await c.next(MessageType.READY), MessageType.READY)).toMatchObject({ step: 0, backend: 'wasm' });

    const checkpoints: NamedTensor[][] = [];
    for (const step of [0, 1]) {
      const d = await c.gradients();
      expect(d.map((b) => [b.step, b.phase, b.rank, b.session])).toEqual(d.map(() => [step, 'D', 0, 'S']));
      expect(d.map((b) => b.hasNonFinite)).toEqual(step === 0 ? [true, false, false] : [false, false, false]);
      await c.echo(d, { skip: step === 0 });
      const g = await c.gradients();
      expect(g.map((b) => [b.step, b.phase])).toEqual(g.map(() => [step, 'G']));
      await c.echo(g);
      expect(bodyOf(await c.next(MessageType.CHECKSUM), MessageType.CHECKSUM).step).toBe(step + 1);
      const metrics = bodyOf(await c.next(MessageType.METRICS), MessageType.METRICS);
      expect(metrics.step).toBe(step);
      expect(Object.keys(metrics.values!)).toEqual(expect.arrayContaining(['computeMs', 'exchangeMs', 'idleMs', 'stepMs', 'epoch']));
      expect(metrics.values!.skippedD).toBe(step === 0 ? 1 : undefined);
      expect(metrics.values!.skippedG).toBeUndefined();
      const ckpt = await nextState(c);
      expect(ckpt).toMatchObject({ purpose: StatePurpose.CHECKPOINT, step: step + 1 });
      checkpoints.push(ckpt.tensors);
    }
    // Step 0's D update was skipped, its G update applied; step 1 applied both.
    expect(entry(checkpoints[0], 'discriminator/adam_step')).toEqual([0]);
    expect(entry(checkpoints[0], 'generator/adam_step')).toEqual([1]);
    expect(entry(checkpoints[1], 'discriminator/adam_step')).toEqual([1]);
    expect(entry(checkpoints[1], 'generator/adam_step')).toEqual([2]);

    expect(bodyOf(await c.next(MessageType.READY), MessageType.READY).step).toBe(2);
    // Rank 0's outputs went to the coordinator, and nothing of them into the run folder.
    expect([...c.files.keys()].filter((p) => !p.startsWith('export/generator/weights'))).toEqual(
      expect.arrayContaining(['samples/step-2.png', 'export/generator/model.json', 'export/discriminator/model.json']),
    );
    expect(JSON.parse(c.files.get('export/generator/model.json')!.toString()).modelTopology).toBeDefined();
    expect(c.files.get('samples/step-2.png')!.subarray(1, 4).toString()).toBe('PNG');
    expect(existsSync(join(runDir, 'samples')) || existsSync(join(runDir, 'export'))).toBe(false);
    expect(existsSync(join(runDir, 'logs', 'worker-0.jsonl'))).toBe(true);
    await c.send(makeMessage(MessageType.SHUTDOWN, { session: 'S' }, { reason: 'done', exitCode: 0 }));
    await expect(exit).resolves.toBe(0);
  });

  it('serves a checkpoint the state of its step boundary (at once while waiting for D averages, else on reaching it) and a rejoin the state at the start of the phase in flight', async () => {
    const { cfg, c, exit } = await setUp();
    await registerAs(c, cfg, { rank: 0, worldSize: 1, session: 'S', step: 0, phase: 'D' });
    await c.send(stateRequest('S', 0, StatePurpose.INITIAL));
    const initial = await nextState(c);
    await c.next(MessageType.READY);

    // Step 0: asked for the boundary it waits at, the worker sends it at once.
    const d0 = await c.gradients();
    await c.send(stateRequest('S', 0, StatePurpose.CHECKPOINT));
    const atZero = await nextState(c);
    expect(atZero).toMatchObject({ purpose: StatePurpose.CHECKPOINT, step: 0 });
    expectSameState(atZero.tensors, initial.tensors);
    await c.echo(d0);
    // Mid-step (D applied) it cannot serve boundary 1 yet: it does when the step ends.
    const g0 = await c.gradients();
    await c.send(stateRequest('S', 1, StatePurpose.CHECKPOINT));
    await c.echo(g0);
    const afterStep0 = [await c.nextOf([MessageType.STATE, MessageType.CHECKSUM, MessageType.METRICS])];
    while (afterStep0.length < 3) afterStep0.push(await c.next());
    const served = afterStep0.find((m) => m.envelope.type === MessageType.STATE)!;
    expect(bodyOf(served, MessageType.STATE)).toMatchObject({ purpose: StatePurpose.CHECKPOINT, step: 1 });
    const atOne = assembleTensors(served);

    // Step 1: boundary 1 again while waiting for the D averages: the same state.
    const d1 = await c.gradients();
    await c.send(stateRequest('S', 1, StatePurpose.CHECKPOINT));
    expectSameState((await nextState(c)).tensors, atOne);
    await c.echo(d1);
    // A replacement rank needs the state at the start of step 1's G phase.
    const g1 = await c.gradients();
    await c.send(stateRequest('S', 1, StatePurpose.REJOIN, 'G'));
    const rejoin = await nextState(c);
    expect(rejoin).toMatchObject({ purpose: StatePurpose.REJOIN, step: 1 });
    expect(entry(rejoin.tensors, 'discriminator/adam_step')).toEqual([2]);
    expect(entry(rejoin.tensors, 'generator/adam_step')).toEqual([1]);
    // G skipped: the final state is still the one at the start of that phase.
    await c.echo(g1, { skip: true });
    await c.next(MessageType.CHECKSUM);
    expect(bodyOf(await c.next(MessageType.METRICS), MessageType.METRICS).values!.skippedG).toBe(1);
    const final = await nextState(c);
    expect(final).toMatchObject({ purpose: StatePurpose.CHECKPOINT, step: 2 });
    expectSameState(final.tensors, rejoin.tensors);
    await c.next(MessageType.READY);
    await c.send(makeMessage(MessageType.SHUTDOWN, { session: 'S' }, { reason: 'done', exitCode: 0 }));
    await expect(exit).resolves.toBe(0);
  });

  it('as a replacement rank, starts at phase G of the step in flight from the state it is sent', async () => {
    const { cfg, c, exit, lines } = await setUp();
    await registerAs(c, cfg, { rank: 1, worldSize: 2, session: 'S', step: 1, phase: 'G' });
    const state = await freshState(cfg);
    await c.send(makeStateMessage({ session: 'S', rank: UNASSIGNED_RANK, step: 1, epoch: 0, purpose: StatePurpose.REJOIN, tensors: state }));
    expect(bodyOf(await c.next(MessageType.READY), MessageType.READY).step).toBe(1);
    const g = await c.gradients();
    expect(g.map((b) => [b.step, b.phase, b.rank])).toEqual(g.map(() => [1, 'G', 1]));
    expect(lines).toContain('replacing a lost rank: starting at step 1 phase G');
    // The coordinator asks this rank too for the state of the phase in flight: the one it was sent.
    await c.send(stateRequest('S', 1, StatePurpose.REJOIN, 'G'));
    expectSameState((await nextState(c)).tensors, state);
    await c.echo(g);
    expect(bodyOf(await c.next(MessageType.CHECKSUM), MessageType.CHECKSUM).step).toBe(2);
    expect(bodyOf(await c.next(MessageType.METRICS), MessageType.METRICS).step).toBe(1);
    // Rank 1 writes no checkpoint, samples or export.
    expect(bodyOf(await c.next(MessageType.READY), MessageType.READY).step).toBe(2);
    await c.send(makeMessage(MessageType.SHUTDOWN, { session: 'S' }, { reason: 'done', exitCode: 0 }));
    await expect(exit).resolves.toBe(0);
  });

  it('re-sharded by a shrinking coordinator, redoes the phase in flight with its new rank, slice and session', async () => {
    const { cfg, c, exit, lines } = await setUp();
    await registerAs(c, cfg, { rank: 1, worldSize: 2, session: 'S1', step: 0, phase: 'D' });
    await c.send(makeStateMessage({ session: 'S1', rank: UNASSIGNED_RANK, step: 0, epoch: 0, purpose: StatePurpose.INITIAL, tensors: await freshState(cfg) }));
    await c.next(MessageType.READY);
    const before = await c.gradients();
    expect(before.map((b) => [b.session, b.rank])).toEqual(before.map(() => ['S1', 1]));
    // Rank 0 was lost: the world goes on with this rank alone, from step 0 phase D.
    await c.send(assign({ ...cfg, workers: 1 }, { rank: 0, worldSize: 1, session: 'S2', step: 0, phase: 'D' }));
    const redone = await c.gradients();
    expect(redone.map((b) => [b.session, b.rank, b.step, b.phase])).toEqual(redone.map(() => ['S2', 0, 0, 'D']));
    expect(redone[0].data).not.toEqual(before[0].data);
    expect(lines).toContain('re-sharded: rank 1 -> 0 of 1 from step 0');
    await c.echo(redone);
    await c.echo(await c.gradients());
    await c.next(MessageType.CHECKSUM);
    await c.next(MessageType.METRICS);
    await c.echo(await c.gradients());
    await c.echo(await c.gradients());
    await c.next(MessageType.CHECKSUM);
    // Now rank 0: the final checkpoint and the outputs are this rank's.
    expect(bodyOf(await c.next(MessageType.METRICS), MessageType.METRICS).step).toBe(1);
    const final = await nextState(c);
    expect(final).toMatchObject({ purpose: StatePurpose.CHECKPOINT, step: 2 });
    expect(bodyOf(await c.next(MessageType.READY), MessageType.READY).step).toBe(2);
    expect(c.files.has('export/generator/model.json')).toBe(true);
    await c.send(makeMessage(MessageType.SHUTDOWN, { session: 'S2' }, { reason: 'done', exitCode: 0 }));
    await expect(exit).resolves.toBe(0);
  });
});
