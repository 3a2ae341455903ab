/**
 * Membership, driven by scripted workers over the in-memory transport (no
 * TensorFlow.js): a lost rank replaced (rejoin), the survivors renumbered
 * (shrink), a spare promoted, a hung rank, late registrations. Every wait is on
 * an event (a message arriving, a log line), bounded only so that a failure
 * says what it was waiting for.
 */
import { describe, expect, it } from 'vitest';
import { bodyOf, makeMessage, MessageType, nextMessage, Phase, StatePurpose, assembleTensors } from '@acgan/protocol';
import { makeAssignMessage } from './peers.ts';
import { BASE, cleanups, handled, setUp, startRun, WAIT_MS } from './testing.ts';

describe('Membership: rejoin', () => {
  it('a lost rank is replaced: the replacement gets ASSIGN, a live rank is asked for the state (STATE_REQUEST REJOIN), the phase in flight completes with every rank, and the run ends normally', async () => {
    const r = await setUp();
    const [r0, r1] = await startRun(r);
    // Rank 1 sends its whole D phase, then its process dies; rank 0 has sent nothing yet.
    await r1.gradient('D', 0, [3, 4]);
    await r1.gradient('D', 1, [7]);
    await handled(r, r1);
    r.coordinator.workerProcessEnded(r1.pid, 'signal SIGKILL');
    await r.line(/^rank 1 \(test pid 101\) lost: process ended \(signal SIGKILL\); waiting up to 60000 ms for a replacement at step 0 phase D$/);
    expect(r.lostCalls).toEqual([[1, 101, 'test']]);
    await r1.t.close();

    const session = r0.session;
    const replacement = await r.worker(102);
    await replacement.register(1);
    const assign = await replacement.assigned();
    expect(bodyOf(assign, MessageType.ASSIGN)).toMatchObject({ rank: 1, worldSize: 2, startStep: 0, session });
    expect(assign.envelope.phase).toBe(Phase.PHASE_D);
    expect(JSON.parse(bodyOf(assign, MessageType.ASSIGN).runConfigJson!)).toMatchObject({ workers: 2, batchSize: 4 });
    await r.line(/^replacement for rank 1: test pid 102; state from rank 0 at step 0 phase D$/);

    // The state comes from the live rank, at the start of the phase in flight.
    const request = await r0.next(MessageType.STATE_REQUEST);
    expect(bodyOf(request, MessageType.STATE_REQUEST)).toMatchObject({ step: 0, purpose: StatePurpose.REJOIN });
    expect(request.envelope.phase).toBe(Phase.PHASE_D);
    await r0.state(StatePurpose.REJOIN, 0, 5);
    const state = await replacement.next(MessageType.STATE);
    expect(state.envelope.state?.purpose).toBe(StatePurpose.REJOIN);
    expect(Array.from(assembleTensors(state)[0].data)).toEqual([5]);
    await replacement.ready(0);
    await r.line(/^rank 1 rejoined at step 0 phase D$/);

    // The replacement redoes phase D: its buckets repeat what the lost process sent (ignored).
    await replacement.gradient('D', 0, [3, 4]);
    await replacement.gradient('D', 1, [7]);
    await r0.gradient('D', 0, [1, 2]);
    await r0.gradient('D', 1, [5]);
    for (const w of [r0, replacement]) {
      expect(await w.averaged()).toEqual({ bucket: 0, values: [2, 3] });
      expect(await w.averaged()).toEqual({ bucket: 1, values: [6] });
    }
    await r0.gradient('G', 0, [1, 1]);
    await replacement.gradient('G', 0, [0, -1]);
    for (const w of [r0, replacement]) expect(await w.averaged()).toEqual({ bucket: 0, values: [0.5, 0] });

    await r0.state(StatePurpose.CHECKPOINT, 1, 2);
    await r0.ready(1);
    await replacement.ready(1);
    expect(await r.run).toMatchObject({ exitCode: 0, stepsDone: 1 });
    for (const w of [r0, replacement]) expect(bodyOf(await w.next(MessageType.SHUTDOWN), MessageType.SHUTDOWN).exitCode).toBe(0);
    expect(r.lines.filter((l) => /dropped GRADIENT/.test(l))).toEqual([]);
  });
});

describe('Membership: rejoin after part of the phase was averaged', () => {
  it('a replacement receives the averages of the buckets completed before it joined, when it sends them again', async () => {
    const r = await setUp();
    const [r0, r1] = await startRun(r);
    // Bucket 0 of phase D completes with both ranks; then rank 1 sends bucket 1 and dies.
    await r0.gradient('D', 0, [1, 2]);
    await r1.gradient('D', 0, [3, 4]);
    for (const w of [r0, r1]) expect(await w.averaged()).toEqual({ bucket: 0, values: [2, 3] });
    await r1.gradient('D', 1, [7]);
    await handled(r, r1);
    r.coordinator.workerProcessEnded(r1.pid, 'signal SIGKILL');
    await r.line(/^rank 1 \(test pid 101\) lost/);
    await r1.t.close();

    const replacement = await r.worker(102);
    await replacement.register(1);
    await replacement.assigned();
    await r0.next(MessageType.STATE_REQUEST);
    await r0.state(StatePurpose.REJOIN, 0, 5);
    await replacement.next(MessageType.STATE);
    await replacement.ready(0);
    await r.line(/^rank 1 rejoined at step 0 phase D$/);

    // The replacement redoes phase D from the start: bucket 0 was averaged before it
    // joined, so it gets that average in answer to its repeat; bucket 1 completes as usual.
    await replacement.gradient('D', 0, [3, 4]);
    expect(await replacement.averaged()).toEqual({ bucket: 0, values: [2, 3] });
    await replacement.gradient('D', 1, [7]);
    await r0.gradient('D', 1, [5]);
    for (const w of [r0, replacement]) expect(await w.averaged()).toEqual({ bucket: 1, values: [6] });
    expect(r.lines.filter((l) => /dropped GRADIENT/.test(l))).toEqual([]);
  });
});

describe('Membership: shrink', () => {
  it('--worker-loss shrink: when a lost rank does not come back, the survivors are renumbered under a new session, each gets ASSIGN, and the phase in flight restarts over the new world', async () => {
    const r = await setUp({ workers: 3, batchSize: 6, workerLoss: 'shrink' });
    const [r0, r1, r2] = await startRun(r, 3);
    const oldSession = r0.session;
    // Contributions of the old world that must not reach the new world's averages.
    await r0.gradient('D', 0, [100, 100]);
    await r2.gradient('D', 0, [100, 100]);
    r.coordinator.workerProcessEnded(r1.pid, 'exit code 1');
    await r.line(/^rank 1 \(test pid 101\) lost: process ended \(exit code 1\)/);
    await r1.t.close();
    r.coordinator.abandonRank(r1.pid); // the launcher will not restart it: shrink at the next tick

    const shrunk = await r.line(/^rank 1 did not come back: continuing with 2 of 3 ranks from step 0 phase D, local batch 3 \(re-sharded; session [0-9a-f]+\)$/);
    for (const [w, rank] of [
      [r0, 0],
      [r2, 1],
    ] as const) {
      const assign = await w.assigned();
      expect(bodyOf(assign, MessageType.ASSIGN)).toMatchObject({ rank, worldSize: 2, startStep: 0 });
      expect(assign.envelope.phase).toBe(Phase.PHASE_D);
      expect(JSON.parse(bodyOf(assign, MessageType.ASSIGN).runConfigJson!)).toMatchObject({ workers: 2, batchSize: 6 });
    }
    expect(r0.session).not.toBe(oldSession);
    expect(r2.session).toBe(r0.session);
    expect(shrunk).toContain(`session ${r0.session})`);
    expect(r.coordinator.session).toBe(r0.session);

    // A message of the old world is stale.
    await r0.t.send(makeMessage(MessageType.HEARTBEAT, { session: oldSession, rank: 0 }, { unixMs: 1 }));
    await r.line(new RegExp(`^dropped HEARTBEAT from rank 0: session "${oldSession}", expected ${r0.session}$`));
    // The new world redoes phase D from scratch, averaged over 2 ranks.
    await r0.gradient('D', 0, [1, 2]);
    await r2.gradient('D', 0, [3, 4]);
    await r0.gradient('D', 1, [5]);
    await r2.gradient('D', 1, [7]);
    for (const w of [r0, r2]) {
      expect(await w.averaged()).toEqual({ bucket: 0, values: [2, 3] });
      expect(await w.averaged()).toEqual({ bucket: 1, values: [6] });
    }
    r.coordinator.abort('TEST_OVER', 'test over');
    expect((await r.run).reason).toBe('TEST_OVER: test over');
  });
});

describe('Membership: spares', () => {
  it('a registration to a full run is held as a spare and replaces the next rank lost', async () => {
    const r = await setUp();
    const [r0, r1] = await startRun(r);
    const spare = await r.worker(200);
    await spare.register();
    const full = bodyOf(await spare.next(MessageType.ERROR), MessageType.ERROR);
    expect(full).toMatchObject({ code: 'RUN_FULL', fatal: false });
    await r.line(/^worker test pid 200 waits as a spare: the run already has its 2 workers; it replaces the next rank lost$/);

    r.coordinator.workerProcessEnded(r1.pid, 'signal SIGKILL');
    await r.line(/^rank 1 \(test pid 101\) lost: process ended/);
    await spare.register(); // a spare registers again every second
    const assign = await spare.assigned();
    expect(bodyOf(assign, MessageType.ASSIGN)).toMatchObject({ rank: 1, worldSize: 2, startStep: 0, session: r0.session });
    await r.line(/^replacement for rank 1: test pid 200; state from rank 0 at step 0 phase D$/);
    expect(bodyOf(await r0.next(MessageType.STATE_REQUEST), MessageType.STATE_REQUEST).purpose).toBe(StatePurpose.REJOIN);

    r.coordinator.abort('TEST_OVER', 'test over');
    await r.run;
    // Promoted: it ends as a rank of the run (its session), not as a spare.
    const bye = await spare.next(MessageType.SHUTDOWN);
    expect(bye.envelope.session).toBe(r0.session);
    expect(bodyOf(bye, MessageType.SHUTDOWN)).toMatchObject({ exitCode: 1, reason: 'TEST_OVER: test over' });
  });
});

describe('Membership: liveness', () => {
  it('a hung rank (silent for more than 4 heartbeats) is lost and handed to the launcher; a rank that keeps its heartbeats is not; the hung one, waking up, is not let back in', async () => {
    const heartbeatMs = 100;
    const r = await setUp({ heartbeatMs });
    const workers = await Promise.all([r.worker(100), r.worker(101)]);
    cleanups.push(() => workers.forEach((w) => w.stopBeating()));
    for (const [i, w] of workers.entries()) await w.register(i);
    for (const w of workers) {
      await w.assigned();
      w.beat(heartbeatMs / 2);
    }
    const [r0, r1] = workers;
    await r0.next(MessageType.STATE_REQUEST);
    await r0.state(StatePurpose.INITIAL, 0, 1);
    await r1.next(MessageType.STATE);
    for (const w of workers) await w.ready(0);
    await r.line(/^all 2 ranks ready/);

    r1.stopBeating(); // hung (SIGSTOP): connected, silent
    const lost = await r.line(/^rank 1 \(test pid 101\) lost: silent for \d+ ms/);
    const [, silent, limit] = /silent for (\d+) ms \(limit (\d+) ms\): it died, hung or lost the network; waiting up to/.exec(lost)!;
    expect(Number(limit)).toBe(4 * heartbeatMs);
    expect(Number(silent)).toBeGreaterThan(Number(limit));
    expect(r.lostCalls).toEqual([[1, 101, 'test']]);
    expect(r.lines.some((l) => /rank 0 .*lost/.test(l))).toBe(false);

    const before = r.lines.length;
    await r1.heartbeat();
    await r.line(/^dropped HEARTBEAT from unregistered sender/);
    expect(r.lines.slice(before).some((l) => l.startsWith('dropped HEARTBEAT from unregistered sender'))).toBe(true);
    r.coordinator.abort('TEST_OVER', 'test over');
    await r.run;
  });
});

describe('Membership: liveness while the run initialises', () => {
  it('before READY a silent rank is not lost after 4 heartbeats (losing it then would end the run): it has --timeout-ms', async () => {
    const heartbeatMs = 50;
    const r = await setUp({ heartbeatMs, timeoutMs: 600_000 });
    const workers = await Promise.all([r.worker(100), r.worker(101)]);
    for (const [i, w] of workers.entries()) await w.register(i);
    for (const w of workers) await w.assigned();
    // Both ranks are building their replicas (rank 0 asked for its state): silent. The
    // coordinator's own heartbeats measure the time: 20 of them are 20 ticks of its
    // liveness check, far past 4 heartbeats.
    const [r0, r1] = workers;
    await r0.next(MessageType.STATE_REQUEST);
    for (let seen = 0; seen < 20;) {
      const { msg } = await nextMessage(r1.inbox, WAIT_MS);
      if (msg?.envelope.type === MessageType.HEARTBEAT) seen++;
    }
    expect(r.lines.filter((l) => / lost/.test(l))).toEqual([]);
    // Training starts: from then on, 4 heartbeats of silence is lost.
    await r0.state(StatePurpose.INITIAL, 0, 1);
    await r1.next(MessageType.STATE);
    for (const w of workers) await w.ready(0);
    await r.line(/^all 2 ranks ready/);
    await r.line(/^rank \d \(test pid 10\d\) lost: silent for \d+ ms \(limit 200 ms\)/);
  });
});

describe('Membership: late registrations', () => {
  it('after the run started, a registration waits as a spare: the ranks train on undisturbed, and it is told when the run ends that it was not needed', async () => {
    const r = await setUp({ steps: 10 }, { totalSteps: 10 });
    const [r0, r1] = await startRun(r);
    const late = await r.worker(300);
    await late.register();
    expect(bodyOf(await late.next(MessageType.ERROR), MessageType.ERROR)).toMatchObject({ code: 'RUN_FULL', fatal: false });
    await r0.gradient('D', 0, [1, 2]);
    await r1.gradient('D', 0, [3, 4]);
    for (const w of [r0, r1]) expect(await w.averaged()).toEqual({ bucket: 0, values: [2, 3] });
    r.coordinator.stop('test over');
    await r0.gradient('D', 1, [5]);
    await r1.gradient('D', 1, [7]);
    for (const w of [r0, r1]) expect(await w.averaged()).toEqual({ bucket: 1, values: [6] });
    await r0.gradient('G', 0, [1, 1]);
    await r1.gradient('G', 0, [0, -1]);
    for (const w of [r0, r1]) expect(await w.averaged()).toEqual({ bucket: 0, values: [0.5, 0] });
    // The stop takes effect at the step boundary: rank 0's state, and every rank's metrics of step 0.
    expect(bodyOf(await r0.next(MessageType.STATE_REQUEST), MessageType.STATE_REQUEST)).toMatchObject({ step: 1, purpose: StatePurpose.CHECKPOINT });
    for (const w of [r0, r1]) await w.metrics(0);
    await r0.state(StatePurpose.CHECKPOINT, 1, 2);
    expect(await r.run).toMatchObject({ exitCode: 130, stepsDone: 1 });
    // The late one saw nothing of the run: no averages, and a SHUTDOWN without session.
    const bye = await late.next(MessageType.SHUTDOWN);
    expect(bye.envelope.session).toBe('');
    expect(bodyOf(bye, MessageType.SHUTDOWN)).toMatchObject({ exitCode: 0, reason: 'the run ended (exit 130) before this spare was needed' });
  });

  it('a registration while a rank is known to be unreachable declares that rank lost at once and takes its place', async () => {
    // Heartbeats every 500 ms (the tick) find rank 1's connection gone; the liveness limit (4 x 60 s) is far off.
    const r = await setUp();
    const [r0, r1] = await startRun(r);
    await r1.t.close();
    await r.line(/^send to rank 1 failed: .*\(not logged again until rank 1 is heard from\)$/);
    const newcomer = await r.worker(400);
    await newcomer.register();
    await r.line(/^rank 1 \(test pid 101\) lost: its connection is gone \(sends fail for \d+ ms\) and a new worker is registering; waiting up to/);
    expect(bodyOf(await newcomer.assigned(), MessageType.ASSIGN)).toMatchObject({ rank: 1, worldSize: 2, session: r0.session });
    expect(bodyOf(await r0.next(MessageType.STATE_REQUEST), MessageType.STATE_REQUEST).purpose).toBe(StatePurpose.REJOIN);
    expect(r.lostCalls).toEqual([[1, 101, 'test']]);
    r.coordinator.abort('TEST_OVER', 'test over');
    await r.run;
  });
});

describe('makeAssignMessage', () => {
  it('is the one ASSIGN: a first assignment has no phase, a replacement or a shrink names the phase in flight', () => {
    const world = { session: 's1', worldSize: 2, config: BASE, datasetFactsJson: '{"classNames":["a","b"]}' };
    const first = makeAssignMessage(world, 1, { step: 7, epoch: 0 });
    expect(first.envelope.phase).toBe(Phase.PHASE_UNSPECIFIED);
    expect(first.envelope.step).toBe(7);
    expect(bodyOf(first, MessageType.ASSIGN)).toEqual({
      rank: 1,
      worldSize: 2,
      runConfigJson: JSON.stringify(BASE),
      startStep: 7,
      epoch: 0,
      session: 's1',
      datasetFactsJson: world.datasetFactsJson,
    });
    expect(makeAssignMessage(world, 0, { step: 7, epoch: 0, phase: 'G' }).envelope.phase).toBe(Phase.PHASE_G);
  });
});
