/**
 * Joining a run: REGISTER with this worker's model hash and capabilities, then
 * wait for the rank assignment. Workers may start long before the rest of the
 * world, so the wait is as long as the run allows. A worker that registers with a
 * full run is told RUN_FULL: it waits as a spare and registers again every second,
 * so that it replaces the next rank lost, until it gets a rank or the wait ends.
 */
import { hostname } from 'node:os';
import { modelConfigHash, peerText, type Logger, type RunConfig } from '@acgan/config';
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
}

/** Registers and resolves with the ASSIGN message. */
export async function register(opts: RegistrationOptions): Promise<ProtocolMessage> {
  const { own, mailbox, send, log } = opts;
  const registration = makeMessage(
    MessageType.REGISTER,
    { session: '', rank: UNASSIGNED_RANK, step: 0 },
    {
      protocolVersion: PROTOCOL_VERSION,
      modelConfigHash: modelConfigHash(own),
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
  log.info(`registered with the coordinator at ${opts.endpoint}; waiting for the run to start`);
  try {
    return await mailbox.expect(MessageType.ASSIGN, 'rank assignment', Math.max(own.timeoutMs, 600_000));
  } finally {
    waiting = false;
  }
}
