/**
 * The worker's receive side on the in-memory hub: waiting with a deadline, the
 * bounded inbox, routing of control messages, and a spare's re-registration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bodyOf, createInMemoryHub, makeMessage, MessageType, StatePurpose } from '@acgan/protocol';
import { DEFAULT_CONFIG } from '@acgan/config';
import { Assignment } from './assignment.ts';
import { Mailbox } from './mailbox.ts';
import { register } from './registration.ts';
import { recordingLogger, ScriptedCoordinator } from './testing.ts';
import { WorkerExit } from './worker-exit.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setUp() {
  const hub = createInMemoryHub();
  const server = await hub.bindServer();
  const transport = await hub.connectClient(server.endpoint);
  const recorder = recordingLogger();
  const stop = new AbortController();
  const assignment = new Assignment();
  const mailbox = new Mailbox({ transport, seat: assignment, stop, log: recorder.log });
  const receiving = mailbox.run();
  const coordinator = new ScriptedCoordinator(server);
  // The coordinator answers on the connection the worker opened: it learns it from a first message.
  await transport.send(makeMessage(MessageType.METRICS, { session: '' }, { step: 0, values: {} }));
  await coordinator.next(MessageType.METRICS);
  cleanups.push(async () => {
    await transport.close();
    await server.close();
    await receiving;
  });
  return { mailbox, coordinator, assignment, stop, transport, ...recorder };
}

const stateRequest = (session: string, purpose: StatePurpose) => makeMessage(MessageType.STATE_REQUEST, { session }, { step: 0, purpose });

describe('Mailbox', () => {
  it('hands a waiter the message of its type, including one that came before it waited', async () => {
    const { mailbox, coordinator, waitForLine } = await setUp();
    mailbox.handle({ runFull: () => false });
    await coordinator.send(stateRequest('', StatePurpose.INITIAL));
    await coordinator.send(makeMessage(MessageType.ERROR, { session: '' }, { code: 'SLOW', message: 'a marker', fatal: false }));
    await waitForLine(/a marker/);
    expect(bodyOf(await mailbox.expect([MessageType.STATE, MessageType.STATE_REQUEST], 'initial state', 1000), MessageType.STATE_REQUEST).purpose).toBe(StatePurpose.INITIAL);
    const later = mailbox.expect(MessageType.SHUTDOWN, 'shutdown', 5000);
    await coordinator.send(makeMessage(MessageType.ASSIGN, { session: '' }, { rank: 0, worldSize: 1, session: 'S' }));
    // ASSIGN is not what it waits for: it goes to the inbox.
    await expect(mailbox.expect(MessageType.ASSIGN, 'rank assignment', 5000)).resolves.toBeDefined();
    await coordinator.send(makeMessage(MessageType.SHUTDOWN, { session: '' }, { reason: 'bye', exitCode: 0 }));
    // SHUTDOWN stops the worker: the waiter gets the stop reason.
    await expect(later).rejects.toMatchObject({ exitCode: 0, message: 'coordinator shut the run down: bye (exit 0)' });
  });

  it('gives up waiting after the deadline with exit 3, naming what it waited for', async () => {
    const { mailbox } = await setUp();
    const err = await mailbox.expect(MessageType.STATE, 'initial state', 50).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerExit);
    expect(err).toMatchObject({ exitCode: 3, message: 'no initial state from the coordinator within 50 ms' });
  });

  it('keeps at most 8 unexpected messages', async () => {
    const { mailbox, coordinator, waitForLine, warnings } = await setUp();
    for (let i = 0; i < 9; i++) await coordinator.send(stateRequest('', StatePurpose.INITIAL));
    await waitForLine(/inbox full/);
    expect(warnings).toEqual(['dropped unexpected STATE_REQUEST from the coordinator (inbox full)']);
    for (let i = 0; i < 8; i++) await mailbox.expect(MessageType.STATE_REQUEST, 'state request', 1000);
  });

  it('routes control messages to their handlers, and the rest of their type to waiters', async () => {
    const { mailbox, coordinator, assignment, waitForLine } = await setUp();
    assignment.take({ rank: 0, worldSize: 1, session: 'S' });
    const taken: string[] = [];
    mailbox.handle({
      stateRequest: (env) => {
        if (env.stateRequest?.purpose !== StatePurpose.CHECKPOINT) return false;
        taken.push('checkpoint');
        return true;
      },
      assign: () => {
        taken.push('assign');
        return true;
      },
      averaged: () => taken.push('averaged'),
    });
    await coordinator.send(stateRequest('S', StatePurpose.CHECKPOINT));
    await coordinator.send(makeMessage(MessageType.ASSIGN, { session: 'S2' }, { rank: 0, worldSize: 1, session: 'S2' }));
    await coordinator.send(stateRequest('S', StatePurpose.INITIAL));
    expect(bodyOf(await mailbox.expect(MessageType.STATE_REQUEST, 'state request', 5000), MessageType.STATE_REQUEST).purpose).toBe(StatePurpose.INITIAL);
    expect(taken).toEqual(['checkpoint', 'assign']);
    // Another session's messages are dropped (an ASSIGN names the new one).
    await coordinator.send(stateRequest('OLD', StatePurpose.CHECKPOINT));
    await waitForLine(/of session "OLD"/);
    expect(taken).toEqual(['checkpoint', 'assign']);
  });

  it('stops the worker with exit 1 on a fatal ERROR, its text escaped', async () => {
    const { mailbox, coordinator, stop } = await setUp();
    const waiting = mailbox.expect(MessageType.ASSIGN, 'rank assignment', 5000);
    await coordinator.send(makeMessage(MessageType.ERROR, { session: '' }, { code: 'MODEL_MISMATCH', message: 'hash\nforged line', fatal: true }));
    await expect(waiting).rejects.toMatchObject({ exitCode: 1, message: 'coordinator refused this worker: [MODEL_MISMATCH] hash\\nforged line' });
    expect(stop.signal.aborted).toBe(true);
  });
});

describe('register', () => {
  it('says it sent REGISTER, not that it registered, and reminds while no rank comes (a coordinator may not be there at all)', async () => {
    const { mailbox, coordinator, transport, log, lines, waitForLine } = await setUp();
    const assigned = register({ own: DEFAULT_CONFIG, backend: 'wasm', requestedRank: -1, endpoint: 'mem://x', mailbox, send: (m) => transport.send(m), log, remindMs: 20 });
    await coordinator.next(MessageType.REGISTER);
    expect(lines).toContain('sent REGISTER to mem://x; waiting for the coordinator to assign ranks');
    expect(lines.some((l) => /registered with/.test(l))).toBe(false);
    expect(await waitForLine(/^still waiting/)).toMatch(
      /^still waiting for a coordinator at mem:\/\/x to assign ranks \(\d+ s\): it does once all its workers have registered; is it running there, and reachable from here\?$/,
    );
    await coordinator.send(makeMessage(MessageType.ASSIGN, { session: '' }, { rank: 0, worldSize: 1, session: 'S' }));
    await assigned;
    const reminders = lines.filter((l) => l.startsWith('still waiting')).length;
    await new Promise((r) => setTimeout(r, 100));
    expect(lines.filter((l) => l.startsWith('still waiting')).length).toBe(reminders); // none once assigned
  });

  it('registers, and as a spare of a full run registers again every second until it gets a rank', async () => {
    const { mailbox, coordinator, transport, log, warnings, waitForLine } = await setUp();
    const assigned = register({ own: DEFAULT_CONFIG, backend: 'wasm', requestedRank: -1, endpoint: 'mem://x', mailbox, send: (m) => transport.send(m), log });
    const first = bodyOf(await coordinator.next(MessageType.REGISTER), MessageType.REGISTER);
    await coordinator.send(makeMessage(MessageType.ERROR, { session: '' }, { code: 'RUN_FULL', message: 'the run has its 2 workers', fatal: false }));
    expect(bodyOf(await coordinator.next(MessageType.REGISTER), MessageType.REGISTER)).toEqual(first);
    await coordinator.send(makeMessage(MessageType.ERROR, { session: '' }, { code: 'RUN_FULL', message: 'the run has its 2 workers', fatal: false }));
    expect(bodyOf(await coordinator.next(MessageType.REGISTER), MessageType.REGISTER)).toEqual(first);
    // Said once, not every second.
    expect(warnings).toEqual(['coordinator: the run has its 2 workers; registering again every second to replace the next rank lost']);
    await coordinator.send(makeMessage(MessageType.ASSIGN, { session: '' }, { rank: 1, worldSize: 2, session: 'S' }));
    expect(bodyOf(await assigned, MessageType.ASSIGN).rank).toBe(1);
    // Once assigned, RUN_FULL is just reported.
    await coordinator.send(makeMessage(MessageType.ERROR, { session: '' }, { code: 'RUN_FULL', message: 'late', fatal: false }));
    expect(await waitForLine(/late/)).toBe('coordinator reports [RUN_FULL] late');
  });
});
