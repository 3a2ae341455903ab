/**
 * Joining a run: REGISTER with this worker's model hash and capabilities, then
 * wait for the rank assignment. Workers may start long before the rest of the
 * world, so the wait is as long as the run allows. A worker that registers with a
 * full run is told RUN_FULL: it waits as a spare and registers again every second,
 * so that it replaces the next rank lost, until it gets a rank or the wait ends.
 */
import { hostname } from 'node:os';
import { modelConfigHash, modelConfigOf, peerText, type Logger, type RunConfig } from '@acgan/config';
import { makeMessage, MessageType, PROTOCOL_VERSION, UNASSIGNED_RANK, WIRE_DTYPES, wireDtypeToProto, type ProtocolMessage } from '@acgan/protocol';
import type { Mailbox } from './mailbox.ts';
import { sharedMemoryUnavailable } from './shared-memory.ts';

export interface RegistrationOptions {
  /** This worker's own config: its model hash must match the run's. */
  own: RunConfig;
  backend: RunConfig['backend'];
  requestedRank: number;
  endpoint: string;
  mailbox: Mailbox;
  send: (msg: ProtocolMessage) => Promise<void>;
  log: Logger;
  /** How often a worker waiting for its rank says so (default 30 s). */
  remindMs?: number;
}

/** How often a worker waiting for its rank says so. */
const REMIND_MS = 30_000;

/** Registers and resolves with the ASSIGN message. */
export async function register(opts: RegistrationOptions): Promise<ProtocolMessage> {
  const { own, mailbox, send, log } = opts;
  const registration = makeMessage(
    MessageType.REGISTER,
    { session: '', rank: UNASSIGNED_RANK, step: 0 },
    {
      protocolVersion: PROTOCOL_VERSION,
      modelConfigHash: modelConfigHash(own),
      modelConfigJson: JSON.stringify(modelConfigOf(own)),
      requestedRank: opts.requestedRank,
      capabilities: {
        backend: opts.backend,
        host: hostname(),
        pid: process.pid,
        wireDtypes: WIRE_DTYPES.map(wireDtypeToProto),
        sharedMemory: sharedMemoryUnavailable(own.dataPlane, opts.endpoint) === '',
      },
    },
  );
  let waiting = true;
  let spare = false;
  mailbox.handle({
    runFull: (text) => {
      if (!waiting) return false;
      if (!spare) {
        spare = true;
        log.warn(`coordinator: ${peerText(text)}; registering again every second to replace the next rank lost`);
      }
      setTimeout(() => {
        if (waiting) send(registration).catch(() => undefined);
      }, 1000).unref();
      return true;
    },
  });
  await send(registration);
  // ZeroMQ queues the REGISTER until a coordinator is there, and the coordinator answers
  // only with the ranks (once all its workers have registered): until then this worker
  // cannot tell a coordinator waiting for the others from none at all, and says both.
  log.info(`sent REGISTER to ${opts.endpoint}; waiting for the coordinator to assign ranks`);
  const t0 = Date.now();
  const reminder = setInterval(() => {
    if (!spare) {
      log.info(
        `still waiting for a coordinator at ${opts.endpoint} to assign ranks (${Math.round((Date.now() - t0) / 1000)} s): it does once all its workers have registered; is it running there, and reachable from here?`,
      );
    }
  }, opts.remindMs ?? REMIND_MS).unref();
  try {
    return await mailbox.expect(MessageType.ASSIGN, 'rank assignment', Math.max(own.timeoutMs, 600_000));
  } finally {
    waiting = false;
    clearInterval(reminder);
  }
}
