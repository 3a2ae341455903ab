/**
 * A worker's side of the shared-memory data plane (the coordinator's is
 * libs/coordination/src/shm-plane.ts). A worker says it can use it when it
 * registers (the native part is built, --data-plane is not sockets, and its
 * connection to the coordinator is local: ipc or loopback, so the coordinator's
 * /dev/shm is its own); the coordinator then names its slot and the average
 * segment in ASSIGN, and the worker maps both. From then on the gradient client
 * writes its buckets into the slot and reads the averages where they are.
 */
import { isLocalEndpoint, type ProtocolMessage } from '@acgan/protocol';
import type { Logger, RunConfig } from '@acgan/config';
import { nativeUnavailable, openSegment } from '@acgan/shm';

/** The mapped segments of a rank: where it writes its gradient and reads the averages. */
export interface SharedPlaneView {
  slot: Float32Array;
  average: Float32Array;
}

/** Why this worker cannot use shared memory ('' when it can). */
export function sharedMemoryUnavailable(dataPlane: RunConfig['dataPlane'], endpoint: string): string {
  if (dataPlane === 'sockets') return '--data-plane sockets';
  if (!isLocalEndpoint(endpoint)) return `the coordinator (${endpoint}) is not on this host`;
  return nativeUnavailable();
}

/** Maps the segments an ASSIGN offers, or returns undefined (saying why) to exchange over the socket. */
export function attachSharedMemory(assign: ProtocolMessage, log: Logger): SharedPlaneView | undefined {
  const offer = assign.envelope.assign?.sharedMemory;
  if (!offer) return undefined;
  try {
    const plane = { slot: openSegment(offer.slotPath ?? '', offer.bytes ?? 0).floats, average: openSegment(offer.averagePath ?? '', offer.bytes ?? 0).floats };
    log.info(`data plane: shared memory (${offer.bytes} bytes per segment)`);
    return plane;
  } catch (err) {
    log.warn(`data plane: the coordinator's shared memory cannot be mapped (${(err as Error).message}); exchanging over the socket`);
    return undefined;
  }
}
