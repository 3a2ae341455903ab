/**
 * The coordinator's peers and how it reaches them: the Peer record, the rules
 * of admission (refusals, rank numbering), the one ASSIGN builder, and
 * PeerSender, which sends to a rank (noting once when its connection is gone),
 * replies to strangers without a word about the run, and says SHUTDOWN at the
 * end. Membership (membership.ts) decides who is sent what, and when.
 */
import { keyToFlag, MODEL_KEYS, peerText, type Logger, type RunConfig } from '@acgan/config';
import {
  makeMessage,
  MessageType,
  phaseToWire,
  PROTOCOL_VERSION,
  UNASSIGNED_RANK,
  type Envelope,
  type MessageHeader,
  type PhaseName,
  type ProtocolError,
  type ProtocolMessage,
  type ServerTransport,
} from '@acgan/protocol';

/** The coordinator's stage machine (coordinator.ts). */
export type Stage = 'registering' | 'initialising' | 'training' | 'finishing' | 'done';

/** Where training stands: the step and the phase in flight. */
export interface Position {
  step: number;
  phase: PhaseName;
}

export interface Peer {
  /** The connection (ZeroMQ routing id). */
  id: string;
  rank: number;
  host: string;
  pid: number;
  backend: string;
  requestedRank: number;
  lastSeen: number;
  /** This rank's last reported step time, ms (liveness allows for slow steps). */
  lastStepMs: number;
  /** Since when sends to it find no connection (SEND_FAILED); cleared by its next message. */
  unreachableSince?: number;
  /** It said it can map this host's shared-memory segments (REGISTER). */
  shmCapable: boolean;
  /** It mapped the segments it was offered and exchanges through them (READY). */
  shm: boolean;
}

/** A rank's shared-memory plane, as ASSIGN tells it (shm-plane.ts). */
export interface ShmOfferFields {
  slotPath: string;
  averagePath: string;
  bytes: number;
}

/** The session, world size and config every rank of the current world shares. */
export interface World {
  session: string;
  worldSize: number;
  config: RunConfig;
  /** The run folder's dataset.json, for rank 0's evaluations ('' when not known). */
  datasetFactsJson: string;
}

/**
 * The one ASSIGN message: a rank of a world, the run config, and where that rank
 * starts. A rank that joins mid-step (a replacement, a shrink) is told the phase
 * in flight in the header; the first assignment is at a step boundary.
 */
export function makeAssignMessage(world: World, rank: number, start: { step: number; epoch: number; phase?: PhaseName }, sharedMemory?: ShmOfferFields): ProtocolMessage {
  const header: MessageHeader = { session: world.session, rank: UNASSIGNED_RANK, step: start.step, phase: start.phase === undefined ? undefined : phaseToWire(start.phase) };
  return makeMessage(MessageType.ASSIGN, header, {
    rank,
    worldSize: world.worldSize,
    runConfigJson: JSON.stringify(world.config),
    startStep: start.step,
    epoch: start.epoch,
    session: world.session,
    datasetFactsJson: world.datasetFactsJson,
    ...(sharedMemory ? { sharedMemory } : {}),
  });
}

/** A worker's registration, as it is logged and answered. */
type Registration = NonNullable<Envelope['register']>;

/** The peer record of a registration; a replacement takes the lost rank and, until it reports its own, its backend and step time. */
export function peerOf(peerId: string, reg: Registration, replacing?: { rank: number; backend: string; lastStepMs: number }): Peer {
  return {
    id: peerId,
    rank: replacing?.rank ?? -1,
    host: peerText(reg.capabilities?.host ?? '?', 64),
    pid: reg.capabilities?.pid ?? 0,
    backend: replacing?.backend ?? peerText(reg.capabilities?.backend ?? '?', 32),
    requestedRank: reg.requestedRank ?? -1,
    lastSeen: Date.now(),
    lastStepMs: replacing?.lastStepMs ?? 0,
    shmCapable: reg.capabilities?.sharedMemory === true,
    shm: false,
  };
}

/**
 * Why a registration is refused for good, or undefined: the log line (the
 * operator's, with the details) and the reply (only what the worker can act on).
 */
/**
 * The model keys in which a worker's registration (its model_config_json) differs from the
 * run's config: `--width 8 (run 16)` for the log, and the flag names alone for the reply.
 * Empty when the worker did not send its keys (an older worker) or they cannot be read.
 */
export function modelKeysDiffering(reg: Registration, run: RunConfig): { flag: string; worker: unknown; run: unknown }[] {
  let theirs: unknown;
  try {
    theirs = JSON.parse(reg.modelConfigJson ?? '');
  } catch {
    return [];
  }
  if (!theirs || typeof theirs !== 'object' || Array.isArray(theirs)) return [];
  const t = theirs as Record<string, unknown>;
  return MODEL_KEYS.filter((k) => k in t && t[k] !== run[k]).map((k) => ({ flag: `--${keyToFlag(k)}`, worker: t[k], run: run[k] }));
}

export function registrationRefusal(reg: Registration, modelHash: string, run?: RunConfig): { code: string; logged: string; reply: string } | undefined {
  if (reg.protocolVersion !== PROTOCOL_VERSION) {
    // The version is no secret (it is in the protocol's source) and is what the peer must change.
    return {
      code: 'BAD_VERSION',
      logged: `protocol version ${reg.protocolVersion}, expected ${PROTOCOL_VERSION}`,
      reply: `protocol version ${reg.protocolVersion} is not supported: this coordinator speaks version ${PROTOCOL_VERSION}`,
    };
  }
  if (reg.modelConfigHash !== modelHash) {
    // The log (the operator's) names each key with both values; the reply names only the
    // keys: the run's values would be all a stranger needs to register.
    const differing = run ? modelKeysDiffering(reg, run) : [];
    const named = differing.map((d) => `${d.flag} ${peerText(JSON.stringify(d.worker), 40)} (run: ${JSON.stringify(d.run)})`).join(', ');
    return {
      code: 'MODEL_MISMATCH',
      logged: `model config hash "${peerText(reg.modelConfigHash, 64)}", expected ${modelHash}${named ? `: ${named}` : ''}`,
      reply:
        differing.length > 0
          ? `this worker's ${differing.map((d) => d.flag).join(', ')} differ${differing.length === 1 ? 's' : ''} from the run's: start it with the coordinator's values (its log names them)`
          : "this worker's model config does not match the run's: give it the coordinator's --image-size, --channels, --num-classes, --latent-dim, --width and --conditioning (the coordinator's log names both hashes)",
    };
  }
  return undefined;
}

/** Numbers the first N peers: requested ranks first (a launcher pins rank i to GPU i), then arrival order. */
export function numberRanks(peers: Peer[], worldSize: number): void {
  const taken = new Set<number>();
  for (const p of peers) {
    if (p.requestedRank >= 0 && p.requestedRank < worldSize && !taken.has(p.requestedRank)) {
      p.rank = p.requestedRank;
      taken.add(p.rank);
    }
  }
  let next = 0;
  for (const p of peers) {
    if (p.rank >= 0) continue;
    while (taken.has(next)) next++;
    p.rank = next;
    taken.add(next);
  }
}

export class PeerSender {
  constructor(
    private readonly transport: ServerTransport,
    private readonly log: Logger,
  ) {}

  /** Sends to a rank; a failure is logged, never thrown (liveness deals with a rank that cannot be reached). */
  async send(peer: Peer, msg: ProtocolMessage): Promise<void> {
    try {
      await this.transport.send(peer.id, msg);
    } catch (err) {
      if ((err as ProtocolError).code !== 'SEND_FAILED') {
        this.log.warn(`send to rank ${peer.rank} failed: ${(err as Error).message}`);
        return;
      }
      // Its connection is gone: said once, until it is heard from again. The
      // liveness check declares it lost, or a replacement's registration does.
      if (peer.unreachableSince === undefined) {
        peer.unreachableSince = Date.now();
        this.log.warn(`send to rank ${peer.rank} failed: ${(err as Error).message} (not logged again until rank ${peer.rank} is heard from)`);
      }
    }
  }

  /**
   * Replies to a peer that has no rank carry nothing of the run: no session, no
   * step, no model hash (those are what a stranger would need to pass as a
   * worker of this run); only what the peer needs to fix its own side.
   */
  replyToStranger(peerId: string, code: string, message: string, fatal: boolean): Promise<void> {
    return this.transport.send(peerId, makeMessage(MessageType.ERROR, { session: '', rank: UNASSIGNED_RANK, step: 0 }, { code, message, fatal })).catch(() => undefined);
  }

  /** SHUTDOWN to every peer and every spare, each given at most a second. */
  async shutdown(peers: readonly Peer[], spares: readonly string[], header: MessageHeader, reason: string, exitCode: number): Promise<void> {
    const msg = makeMessage(MessageType.SHUTDOWN, header, { reason, exitCode });
    // Spares that never got a rank end too (exit 0: the run did not need them).
    // Anyone can be a spare on a plaintext endpoint: no session, step or failure details.
    const spareMsg = makeMessage(
      MessageType.SHUTDOWN,
      { session: '', rank: UNASSIGNED_RANK, step: 0 },
      { reason: `the run ended (exit ${exitCode}) before this spare was needed`, exitCode: 0 },
    );
    await Promise.all([
      ...peers.map((p) => Promise.race([this.transport.send(p.id, msg).catch(() => undefined), delay(1000)])),
      ...spares.map((id) => Promise.race([this.transport.send(id, spareMsg).catch(() => undefined), delay(1000)])),
    ]);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

/** A connection id short enough for a log line. */
export function shortPeer(id: string): string {
  return id.length > 12 ? id.slice(0, 12) : id;
}

/**
 * How long `peer` may be silent before it is lost. Every rank sends a heartbeat each
 * heartbeatMs while it waits and reports its compute time per step; a rank silent for
 * longer than 4 heartbeats (or 3 of its own steps, for slow models) is lost: with the
 * 500 ms tick a hung rank is detected within 4.5 s. Before its first step, a rank on
 * the tensorflow backend (tfjs-node-gpu) may be silent up to --timeout-ms: on GPUs
 * newer than libtensorflow's build (Hopper, Blackwell) CUDA JIT-compiles its kernels
 * from PTX on first use, for minutes, blocking the event loop (webgpu compiles ahead,
 * off the event loop: precompile). While the run initialises (`starting`: replicas
 * built, the state received, GPU programs compiled), every rank may be silent up to
 * --timeout-ms: a rank lost then ends the run, so a slow start must not pass for a
 * hang (a dead process is still seen at once by the launcher).
 */
export function livenessLimit(peer: Peer, cfg: Pick<RunConfig, 'timeoutMs' | 'heartbeatMs'>, starting: boolean): number {
  const firstStep = starting || (peer.lastStepMs === 0 && peer.backend === 'tensorflow') ? cfg.timeoutMs : 0;
  return Math.max(4 * cfg.heartbeatMs, 3 * peer.lastStepMs, firstStep);
}
