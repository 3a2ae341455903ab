/**
 * The exchange of one step and phase, on the in-memory hub: the gradient client
 * and the mailbox of a worker against a scripted coordinator (no TensorFlow.js).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createInMemoryHub, makeMessage, MessageType, phaseToWire, type PhaseName } from '@acgan/protocol';
import { Assignment, readAssign } from './assignment.ts';
import { GradientClient, Reshard } from './gradient-client.ts';
import { Mailbox } from './mailbox.ts';
import { averagedMessage, recordingLogger, ScriptedCoordinator } from './testing.ts';
import { WorkerExit } from './worker-exit.ts';

/** Buckets of 2 float32 elements: a gradient of 5 values goes in 3 buckets. */
const CHUNK_MB = 8 / (1024 * 1024);
const GRADS = Float32Array.from([1, 2, 3, 4, 5]);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setUp(run: { timeoutMs?: number } = {}) {
  const hub = createInMemoryHub();
  const server = await hub.bindServer();
  const transport = await hub.connectClient(server.endpoint);
  const { log, warnings, waitForLine } = recordingLogger();
  const stop = new AbortController();
  const assignment = new Assignment();
  assignment.take({ rank: 1, worldSize: 2, session: 'S1' });
  const mailbox = new Mailbox({ transport, seat: assignment, stop, log });
  const receiving = mailbox.run();
  const client = new GradientClient({
    send: (m) => transport.send(m),
    assignment,
    signal: stop.signal,
    log,
    run: { chunkMb: CHUNK_MB, wireDtype: 'f32', timeoutMs: run.timeoutMs ?? 10_000, batchSize: 4 },
  });
  mailbox.handle({
    averaged: (msg) => client.onAveraged(msg),
    assign: (msg) => {
      assignment.plan(readAssign(msg));
      return true;
    },
  });
  // The scripted coordinator learns the worker's connection from its first message.
  const coordinator = new ScriptedCoordinator(server);
  cleanups.push(async () => {
    await transport.close();
    await server.close();
    await receiving;
  });
  return { client, coordinator, assignment, warnings, waitForLine };
}

/** A shrinking coordinator's ASSIGN: rank 0 of 1 in a new session, from (step, phase). */
function reshardTo(session: string, step: number, phase: PhaseName) {
  return makeMessage(MessageType.ASSIGN, { session: 'S1', step, phase: phaseToWire(phase) }, { rank: 0, worldSize: 1, runConfigJson: '{}', startStep: step, epoch: 0, session });
}

describe('GradientClient.allreduce', () => {
  it('sends the gradient in buckets and returns the average assembled from buckets arriving in any order', async () => {
    const { client, coordinator } = await setUp();
    const result = client.allreduce(3, 'G', GRADS);
    const buckets = await coordinator.gradients();
    expect(buckets.map((b) => [b.step, b.phase, b.bucket, b.bucketCount, b.elementOffset, b.totalElements])).toEqual([
      [3, 'G', 0, 3, 0, 5],
      [3, 'G', 1, 3, 2, 5],
      [3, 'G', 2, 3, 4, 5],
    ]);
    expect(buckets.every((b) => b.session === 'S1' && b.rank === 1 && !b.hasNonFinite)).toBe(true);
    expect(buckets.map((b) => [...b.data])).toEqual([[1, 2], [3, 4], [5]]);
    expect(client.inFlight).toEqual({ step: 3, phase: 'G' });
    // The average differs from this rank's gradient: ten times it.
    for (const i of [2, 0, 1]) await coordinator.send(averagedMessage({ ...buckets[i], data: buckets[i].data.map((v) => v * 10) }));
    const { average, skip } = await result;
    expect([...average]).toEqual([10, 20, 30, 40, 50]);
    expect(skip).toBe(false);
    expect(client.inFlight).toBeUndefined();
  });

  it('flags the buckets holding NaN or Inf', async () => {
    const { client, coordinator } = await setUp();
    const result = client.allreduce(0, 'D', Float32Array.from([1, 2, 3, Number.POSITIVE_INFINITY, Number.NaN]));
    const buckets = await coordinator.gradients();
    expect(buckets.map((b) => b.hasNonFinite)).toEqual([false, true, true]);
    await coordinator.echo(buckets);
    await result;
  });

  it('drops AVERAGED of another step, phase or bucket, a misplaced bucket and a bucket sent twice, naming each', async () => {
    const { client, coordinator, warnings, waitForLine } = await setUp();
    // Nothing in flight yet.
    const warmUp = client.allreduce(0, 'D', GRADS);
    const first = await coordinator.gradients();
    await coordinator.echo(first);
    await warmUp;
    await coordinator.send(averagedMessage({ ...first[0], data: Float32Array.from([-1, -1]) }));
    await waitForLine(/expected none/);

    const result = client.allreduce(3, 'D', GRADS);
    const [b0, b1, b2] = await coordinator.gradients();
    const junk = Float32Array.from([-1, -1]);
    await coordinator.send(averagedMessage({ ...b0, step: 2, data: junk }));
    await coordinator.send(averagedMessage({ ...b0, phase: 'G', data: junk }));
    await coordinator.send(averagedMessage({ ...b0, bucket: 7, bucketCount: 8, data: junk }));
    await coordinator.send(averagedMessage({ ...b1, elementOffset: 0, data: junk }));
    await coordinator.send(averagedMessage({ ...b0, data: Float32Array.from([10, 20]) }));
    await coordinator.send(averagedMessage({ ...b0, data: junk }));
    await coordinator.send(averagedMessage({ ...b1, data: Float32Array.from([30, 40]) }));
    await coordinator.send(averagedMessage({ ...b2, data: Float32Array.from([50]) }));
    expect([...(await result).average]).toEqual([10, 20, 30, 40, 50]);
    expect(warnings).toEqual([
      'dropped AVERAGED for step 0 phase D: expected none',
      'dropped AVERAGED for step 2 phase D: expected step 3 phase D',
      'dropped AVERAGED for step 3 phase G: expected step 3 phase D',
      'dropped AVERAGED bucket 7: does not fit the 3 buckets of phase D',
      'dropped AVERAGED bucket 1: does not fit the 3 buckets of phase D',
      'dropped AVERAGED bucket 0: does not fit the 3 buckets of phase D',
    ]);
  });

  it('drops AVERAGED of another session', async () => {
    const { client, coordinator, warnings } = await setUp();
    const result = client.allreduce(0, 'G', GRADS);
    const buckets = await coordinator.gradients();
    await coordinator.send(averagedMessage({ ...buckets[0], session: 'S0', data: Float32Array.from([-1, -1]) }));
    await coordinator.echo(buckets);
    expect([...(await result).average]).toEqual([...GRADS]);
    expect(warnings).toEqual(['dropped AVERAGED of session "S0", expected S1']);
  });

  it("returns the non-finite policy's skip flag when any bucket carries it, for that exchange only", async () => {
    const { client, coordinator } = await setUp();
    const skipped = client.allreduce(5, 'D', GRADS);
    const buckets = await coordinator.gradients();
    await coordinator.send(averagedMessage({ ...buckets[0] }));
    await coordinator.send(averagedMessage({ ...buckets[1], skip: true }));
    await coordinator.send(averagedMessage({ ...buckets[2] }));
    expect((await skipped).skip).toBe(true);

    const next = client.allreduce(5, 'G', GRADS);
    await coordinator.echo(await coordinator.gradients());
    expect((await next).skip).toBe(false);
  });

  it('throws WorkerExit 3 when the averages do not all come within --timeout-ms', async () => {
    const { client, coordinator } = await setUp({ timeoutMs: 200 });
    const result = client.allreduce(2, 'G', GRADS);
    const buckets = await coordinator.gradients();
    await coordinator.echo(buckets, { order: [0, 2] });
    const err = await result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkerExit);
    expect(err).toMatchObject({ exitCode: 3, message: 'no averaged gradient for step 2 phase G within 200 ms' });
    expect(client.inFlight).toBeUndefined();
  });

  it("throws the coordinator's SHUTDOWN, and at once for every later exchange", async () => {
    const { client, coordinator } = await setUp();
    const result = client.allreduce(4, 'D', GRADS);
    await coordinator.gradients();
    await coordinator.send(makeMessage(MessageType.SHUTDOWN, { session: 'S1' }, { reason: 'run cancelled', exitCode: 130 }));
    await expect(result).rejects.toMatchObject({ name: 'WorkerExit', exitCode: 130, message: 'coordinator shut the run down: run cancelled (exit 130)' });
    await expect(client.allreduce(4, 'G', GRADS)).rejects.toMatchObject({ exitCode: 130 });
  });

  it('throws Reshard when the world is re-sharded at the phase in flight, and the redone phase goes out in the new seat', async () => {
    const { client, coordinator, assignment } = await setUp();
    const result = client.allreduce(6, 'G', GRADS);
    await coordinator.gradients();
    await coordinator.send(reshardTo('S2', 6, 'G'));
    await expect(result).rejects.toBeInstanceOf(Reshard);
    expect(client.inFlight).toBeUndefined();
    // The training loop takes the new seat at the start of the redone phase.
    expect(assignment.reshardsAt(6, 'G')).toBe(true);
    assignment.takePlanned();
    const redone = client.allreduce(6, 'G', GRADS);
    const buckets = await coordinator.gradients();
    expect(buckets.map((b) => [b.session, b.rank])).toEqual([
      ['S2', 0],
      ['S2', 0],
      ['S2', 0],
    ]);
    await coordinator.echo(buckets);
    expect([...(await redone).average]).toEqual([...GRADS]);
  });

  it('completes the phase before a re-shard, then throws Reshard at the re-sharded phase before sending anything', async () => {
    const { client, coordinator, assignment } = await setUp();
    const earlier = client.allreduce(6, 'D', GRADS);
    const buckets = await coordinator.gradients();
    // The coordinator is already at phase G when the world shrinks: D's averages were all sent.
    await coordinator.send(reshardTo('S2', 6, 'G'));
    await coordinator.echo(buckets);
    expect([...(await earlier).average]).toEqual([...GRADS]);
    await expect(client.allreduce(6, 'G', GRADS)).rejects.toBeInstanceOf(Reshard);
    assignment.takePlanned();
    const redone = client.allreduce(6, 'G', GRADS);
    // The first bucket the coordinator gets after the re-shard is already the new seat's.
    const next = await coordinator.gradients();
    expect(next[0]).toMatchObject({ session: 'S2', step: 6, phase: 'G', bucket: 0 });
    await coordinator.echo(next);
    await redone;
  });
});
