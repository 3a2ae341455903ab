// Builders for outgoing messages and a typed accessor for incoming bodies, so the
// apps never assemble envelopes field by field (and never forget the version).
import { fail } from './protocol-error.ts';
import { BODY_FIELD, Envelope, MessageType, Phase, PROTOCOL_VERSION, UNASSIGNED_RANK } from './schema.ts';
import type {
  ArtifactBody,
  AssignBody,
  AveragedBody,
  ChecksumBody,
  ChunkDescriptor,
  ErrorBody,
  GradientBody,
  HeartbeatBody,
  MetricsBody,
  ReadyBody,
  RegisterBody,
  ShutdownBody,
  StateBody,
  StateRequestBody,
} from './schema.ts';
import type { ProtocolMessage } from './framing.ts';
import { encodeF32, wireDtypeSize, wireDtypeToProto, type WireDtype } from './tensor-codec.ts';

/** The body type that goes with each message type. */
export interface BodyByType {
  [MessageType.REGISTER]: RegisterBody;
  [MessageType.ASSIGN]: AssignBody;
  [MessageType.STATE]: StateBody;
  [MessageType.STATE_REQUEST]: StateRequestBody;
  [MessageType.READY]: ReadyBody;
  [MessageType.HEARTBEAT]: HeartbeatBody;
  [MessageType.GRADIENT]: GradientBody;
  [MessageType.AVERAGED]: AveragedBody;
  [MessageType.CHECKSUM]: ChecksumBody;
  [MessageType.METRICS]: MetricsBody;
  [MessageType.ERROR]: ErrorBody;
  [MessageType.SHUTDOWN]: ShutdownBody;
  [MessageType.ARTIFACT]: ArtifactBody;
}

export type BodyType = keyof BodyByType;

/** Envelope fields common to all message types. */
export interface MessageHeader {
  session: string;
  /** Sender's rank; -1 (UNASSIGNED_RANK) before ASSIGN, the coordinator uses -1 too. */
  rank?: number;
  step?: number;
  phase?: Phase;
  bucket?: number;
  bucketCount?: number;
}

/** Builds any message: header fields, the body for `type`, optional chunks and their payloads. */
export function makeMessage<T extends BodyType>(type: T, header: MessageHeader, body: BodyByType[T], chunks: ChunkDescriptor[] = [], payloads: Uint8Array[] = []): ProtocolMessage {
  const envelope = Envelope.create({
    version: PROTOCOL_VERSION,
    type,
    senderRank: header.rank ?? UNASSIGNED_RANK,
    step: header.step ?? 0,
    phase: header.phase ?? Phase.PHASE_UNSPECIFIED,
    bucket: header.bucket ?? 0,
    bucketCount: header.bucketCount ?? 0,
    session: header.session,
    chunks,
    [BODY_FIELD[type]]: body,
  });
  return { envelope, payloads };
}

/** The body of a received message, typed by its type; throws BODY_MISMATCH for another type. */
export function bodyOf<T extends BodyType>(msg: ProtocolMessage, type: T): BodyByType[T] {
  const field = BODY_FIELD[type];
  const body = msg.envelope.type === type ? (msg.envelope[field] as BodyByType[T] | null | undefined) : undefined;
  if (body == null) fail('BODY_MISMATCH', 'message type', MessageType[msg.envelope.type] ?? msg.envelope.type, MessageType[type]);
  return body;
}

export interface BucketMessageInit {
  session: string;
  rank: number;
  step: number;
  phase: Phase;
  bucket: number;
  bucketCount: number;
  /** Chunk name; defaults to "bucket-<bucket>". */
  name?: string;
  /** The bucket's values (f32: sent without copying, do not change until the send resolved). */
  data: Float32Array;
  wireDtype: WireDtype;
  /** Where the bucket sits in the flat gradient, if the receiver wants to check it. */
  elementOffset?: number;
  /** Length of the flat gradient (0 = the bucket is not described as a slice). */
  totalElements?: number;
  /** f16/bf16 only: reusable buffer for the encoding (see encodeF32). */
  encodeBuffer?: Uint8Array;
}

function bucketChunk(init: BucketMessageInit): { chunk: ChunkDescriptor; payload: Uint8Array } {
  const payload = encodeF32(init.data, init.wireDtype, init.encodeBuffer);
  const chunk: ChunkDescriptor = {
    name: init.name ?? `bucket-${init.bucket}`,
    dtype: wireDtypeToProto(init.wireDtype),
    shape: [init.data.length],
    byteLength: init.data.length * wireDtypeSize(init.wireDtype),
    elementOffset: init.totalElements ? (init.elementOffset ?? 0) : 0,
    totalElements: init.totalElements ?? 0,
  };
  return { chunk, payload };
}

/** One gradient bucket, worker -> coordinator. */
export function makeGradientMessage(init: BucketMessageInit & GradientBody): ProtocolMessage {
  const { chunk, payload } = bucketChunk(init);
  const body: GradientBody = { hasNonFinite: init.hasNonFinite ?? false };
  return makeMessage(MessageType.GRADIENT, { ...init }, body, [chunk], [payload]);
}

/** Where a bucket announced in shared memory belongs: the envelope's fields, no data. */
export interface SharedBucketInit {
  session: string;
  rank: number;
  step: number;
  phase: Phase;
  bucket: number;
  bucketCount: number;
  /** Length of the whole flat gradient. */
  totalElements: number;
}

/** A gradient bucket that is in the sender's shared-memory slot, worker -> coordinator. */
export function makeSharedGradientMessage(init: SharedBucketInit & { hasNonFinite: boolean }): ProtocolMessage {
  return makeMessage(MessageType.GRADIENT, { ...init }, { hasNonFinite: init.hasNonFinite, inSharedMemory: true, totalElements: init.totalElements });
}

/** An averaged bucket that is in the shared-memory average segment, coordinator -> worker. */
export function makeSharedAveragedMessage(init: SharedBucketInit & { skip: boolean }): ProtocolMessage {
  return makeMessage(MessageType.AVERAGED, { ...init }, { skip: init.skip, inSharedMemory: true, totalElements: init.totalElements });
}

/** One averaged bucket, coordinator -> worker (rank is the coordinator's, usually -1). */
export function makeAveragedMessage(init: BucketMessageInit & AveragedBody): ProtocolMessage {
  const { chunk, payload } = bucketChunk(init);
  const body: AveragedBody = { skip: init.skip ?? false };
  return makeMessage(MessageType.AVERAGED, { ...init }, body, [chunk], [payload]);
}
