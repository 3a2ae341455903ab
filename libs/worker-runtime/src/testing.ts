// A scripted coordinator for this library's specs (not exported from index.ts):
// it reads what the worker sends over the in-memory transport and answers the
// way the real coordinator does, one message at a time, as each test says.
import { createLogger, type Logger } from '@acgan/config';
import {
  decodeToF32,
  makeAveragedMessage,
  MessageType,
  nextMessage,
  phaseFromWire,
  phaseToWire,
  readArtifact,
  UNASSIGNED_RANK,
  type Envelope,
  type PhaseName,
  type ProtocolMessage,
  type ServerReceived,
  type ServerTransport,
} from '@acgan/protocol';

/** A logger that writes nowhere and keeps every line, by level. */
export function recordingLogger(): { log: Logger; lines: string[]; warnings: string[]; waitForLine: (pattern: RegExp) => Promise<string> } {
  const log = createLogger({ component: 'worker', console: false });
  const lines: string[] = [];
  const warnings: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  log.on('data', (info: { level: string; message: string }) => {
    lines.push(info.message);
    if (info.level === 'warn' || info.level === 'error') warnings.push(info.message);
    for (const w of waiting.filter((w) => w.pattern.test(info.message))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve(info.message);
    }
  });
  /** The first line, logged already or from now on, that matches. */
  const waitForLine = (pattern: RegExp): Promise<string> => {
    const seen = lines.find((l) => pattern.test(l));
    return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ pattern, resolve }));
  };
  return { log, lines, warnings, waitForLine };
}

/** One GRADIENT bucket as the coordinator reads it. */
export interface GradientBucket {
  msg: ProtocolMessage;
  step: number;
  phase: PhaseName;
  bucket: number;
  bucketCount: number;
  session: string;
  rank: number;
  elementOffset: number;
  totalElements: number;
  hasNonFinite: boolean;
  data: Float32Array;
}

export function readGradient(msg: ProtocolMessage): GradientBucket {
  const env = msg.envelope as Envelope;
  const chunk = env.chunks[0];
  return {
    msg,
    step: env.step,
    phase: phaseFromWire(env.phase)!,
    bucket: env.bucket,
    bucketCount: env.bucketCount,
    session: env.session,
    rank: env.senderRank,
    elementOffset: chunk.elementOffset ?? 0,
    totalElements: chunk.totalElements ?? 0,
    hasNonFinite: env.gradient?.hasNonFinite ?? false,
    data: decodeToF32(msg.payloads[0], 'f32'),
  };
}

export interface AveragedInit {
  session: string;
  step: number;
  phase: PhaseName;
  bucket: number;
  bucketCount: number;
  elementOffset: number;
  totalElements: number;
  data: Float32Array;
  skip?: boolean;
}

export function averagedMessage(a: AveragedInit): ProtocolMessage {
  return makeAveragedMessage({
    session: a.session,
    rank: UNASSIGNED_RANK,
    step: a.step,
    phase: phaseToWire(a.phase),
    bucket: a.bucket,
    bucketCount: a.bucketCount,
    name: `grad/${a.phase}`,
    data: a.data,
    wireDtype: 'f32',
    elementOffset: a.elementOffset,
    totalElements: a.totalElements,
    skip: a.skip ?? false,
  });
}

/** The coordinator's end of the conversation with one worker. */
export class ScriptedCoordinator {
  /** The worker's connection, known from its first message. */
  peer = '';
  private readonly inbox: AsyncIterator<ServerReceived>;

  /** The files of the run folder the worker sent (ARTIFACT), put together, by path. */
  readonly files = new Map<string, Buffer>();

  constructor(readonly server: ServerTransport) {
    this.inbox = server.messages()[Symbol.asyncIterator]();
  }

  /** The worker's next message, heartbeats skipped; of `type` if given (else throws naming both). */
  async next(type?: MessageType, timeoutMs = 20_000): Promise<ProtocolMessage> {
    for (;;) {
      const item = await nextMessage(this.inbox, timeoutMs);
      if (!item.msg) throw new Error(`undecodable message from the worker: ${item.error?.message}`);
      this.peer = item.peer;
      const got = item.msg.envelope.type;
      if (got === MessageType.HEARTBEAT) continue;
      if (got === MessageType.ARTIFACT && type !== MessageType.ARTIFACT) {
        const piece = readArtifact(item.msg);
        const before = piece.offset === 0 ? Buffer.alloc(0) : this.files.get(piece.path)!;
        this.files.set(piece.path, Buffer.concat([before, piece.bytes]));
        continue;
      }
      if (type !== undefined && got !== type) throw new Error(`expected ${MessageType[type]} from the worker, got ${MessageType[got]}`);
      return item.msg;
    }
  }

  /** The worker's next message of one of these types, skipping the others (heartbeats, metrics, ...). */
  async nextOf(types: MessageType[], timeoutMs = 20_000): Promise<ProtocolMessage> {
    for (;;) {
      const msg = await this.next(undefined, timeoutMs);
      if (types.includes(msg.envelope.type)) return msg;
    }
  }

  send(msg: ProtocolMessage): Promise<void> {
    return this.server.send(this.peer, msg);
  }

  /** Every GRADIENT bucket of the worker's next phase (they come in bucket order). */
  async gradients(): Promise<GradientBucket[]> {
    const first = readGradient(await this.next(MessageType.GRADIENT));
    const buckets = [first];
    while (buckets.length < first.bucketCount) buckets.push(readGradient(await this.next(MessageType.GRADIENT)));
    return buckets;
  }

  /**
   * Sends each bucket back as its average, as the only rank's average is its own
   * gradient; `order` lists bucket indices (default: the reverse of arrival), `skip`
   * flags the phase as skipped (the non-finite policy).
   */
  async echo(buckets: GradientBucket[], opts: { order?: number[]; skip?: boolean; session?: string } = {}): Promise<void> {
    const order = opts.order ?? buckets.map((b) => b.bucket).reverse();
    for (const i of order) {
      const b = buckets[i];
      await this.send(averagedMessage({ ...b, session: opts.session ?? b.session, skip: opts.skip }));
    }
  }
}
