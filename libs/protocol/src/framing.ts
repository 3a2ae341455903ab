// ZeroMQ frames <-> ProtocolMessage. Frame 0 is the protobuf Envelope, frames
// 1..n are the raw bytes of envelope.chunks[0..n-1], sent and received as views
// (no copy). decodeFrames is the border: it checks everything that can be checked
// from the message alone and throws nothing but ProtocolError, so a corrupt or
// hostile message can never crash the loop that reads it.
import { fail, ProtocolError } from './protocol-error.ts';
import { BODY_FIELD, Dtype, Envelope, MessageType, Phase, PROTOCOL_VERSION, StatePurpose } from './schema.ts';
import type { ChunkDescriptor } from './schema.ts';
import { envelopeBytesBound, scanEnvelope } from './wire-scan.ts';

/** A message as the apps see it: payloads[i] holds the bytes of envelope.chunks[i]. */
export interface ProtocolMessage {
  envelope: Envelope;
  payloads: Uint8Array[];
}

/** Size limits enforced by decodeFrames before anything is allocated or used. */
export interface Limits {
  /** Sum of all frame sizes of one message. */
  maxMessageBytes: number;
  /** Number of chunk frames of one message. */
  maxChunks: number;
  /** Elements of one chunk, and of the whole tensor a slice belongs to. */
  maxTensorElements: number;
  /**
   * Size of frame 0 (the Envelope). Keep it at envelopeBytesBound(maxChunks): the
   * largest envelope a legitimate sender can produce with that many chunks.
   */
  maxEnvelopeBytes: number;
}

const MAX_CHUNKS = 8192;

/**
 * Room for a full-state message of a model several times the article's size: the
 * article model's state (parameters + two Adam moments, 285 MB, 127 tensors) is
 * 178 chunks in 4 MiB chunks and 1189 in 0.25 MiB ones, with a 9 KB and a 73 KB
 * envelope. 8192 chunks of 0.25 MiB fill the 2 GiB message limit. The envelope
 * limit follows from the chunk limit: 8192 descriptors at their largest (262
 * bytes each: a 128-byte name, 8-dimension shapes, every number at its longest
 * varint) and the largest body (a 64 KiB text): 2.2 MB (envelopeBytesBound).
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxMessageBytes: 2 * 1024 ** 3,
  maxChunks: MAX_CHUNKS,
  maxTensorElements: 2 ** 29,
  maxEnvelopeBytes: envelopeBytesBound(MAX_CHUNKS),
});

/**
 * The largest single frame of a message whose chunks hold at most `chunkBytes`:
 * a chunk or the envelope. It is the ZeroMQ frame limit (maxMessageSize) to set.
 */
export function maxFrameBytes(chunkBytes: number, limits: Readonly<Limits> = DEFAULT_LIMITS): number {
  return Math.max(chunkBytes, limits.maxEnvelopeBytes);
}

const DTYPE_SIZE: ReadonlyMap<number, number> = new Map([
  [Dtype.F32, 4],
  [Dtype.F16, 2],
  [Dtype.BF16, 2],
  [Dtype.I32, 4],
  [Dtype.U8, 1],
]);

/** Bytes per element of a proto dtype, or undefined for an unknown one. */
export function dtypeSize(dtype: number): number | undefined {
  return DTYPE_SIZE.get(dtype);
}

/**
 * Encodes a message into ZeroMQ frames. Payload frames are Buffers viewing the
 * same memory as msg.payloads: do not change that memory until the send resolved.
 */
export function encodeFrames(msg: ProtocolMessage): Buffer[] {
  const chunks = msg.envelope.chunks ?? [];
  if (chunks.length !== msg.payloads.length) {
    fail('BAD_FRAME_COUNT', 'payloads.length', msg.payloads.length, chunks.length, 'one payload per chunk descriptor');
  }
  for (let i = 0; i < chunks.length; i++) {
    if (Number(chunks[i].byteLength ?? 0) !== msg.payloads[i].byteLength) {
      fail('SIZE_MISMATCH', `payloads[${i}].byteLength`, msg.payloads[i].byteLength, chunks[i].byteLength ?? 0);
    }
  }
  const head = Envelope.encode(msg.envelope).finish();
  const frames = new Array<Buffer>(chunks.length + 1);
  frames[0] = asBuffer(head);
  for (let i = 0; i < chunks.length; i++) frames[i + 1] = asBuffer(msg.payloads[i]);
  return frames;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes and validates one received message. Throws only ProtocolError. Checks:
 * sizes under `limits`; before protobufjs decodes the envelope, the counts and
 * lengths of its fields (wire-scan.ts: what decoding can cost is bounded by what a
 * real message holds); frame count = 1 + chunks, version, type and its body,
 * enum values, and for each chunk dtype x shape = byte_length = frame length and
 * slice bounds. Payloads are the received frames themselves (no copy).
 */
export function decodeFrames(frames: readonly Uint8Array[], limits: Readonly<Limits> = DEFAULT_LIMITS): ProtocolMessage {
  if (!Array.isArray(frames) || frames.length < 1) {
    fail('BAD_FRAME_COUNT', 'frames.length', Array.isArray(frames) ? frames.length : typeof frames, 'at least 1');
  }
  if (frames.length - 1 > limits.maxChunks) {
    fail('TOO_LARGE', 'chunk frames', frames.length - 1, `at most ${limits.maxChunks}`);
  }
  let total = 0;
  for (const frame of frames) total += frame.byteLength;
  if (total > limits.maxMessageBytes) fail('TOO_LARGE', 'message bytes', total, `at most ${limits.maxMessageBytes}`);
  if (frames[0].byteLength > limits.maxEnvelopeBytes) {
    fail('TOO_LARGE', 'envelope bytes', frames[0].byteLength, `at most ${limits.maxEnvelopeBytes}`);
  }

  scanEnvelope(frames[0], frames.length - 1);

  let envelope: Envelope;
  try {
    envelope = Envelope.decode(frames[0]);
  } catch (err) {
    throw new ProtocolError('DECODE_FAILED', `envelope does not decode: ${(err as Error).message}`, {
      field: 'envelope',
      got: `${frames[0].byteLength} bytes`,
      expected: 'a protobuf acgan.v1.Envelope',
    });
  }
  normaliseLongs(envelope as unknown as Record<string, unknown>, 'envelope', 0);

  if (envelope.version !== PROTOCOL_VERSION) fail('BAD_VERSION', 'version', envelope.version, PROTOCOL_VERSION);
  const bodyField = (BODY_FIELD as Record<number, string>)[envelope.type];
  if (bodyField === undefined) fail('UNKNOWN_TYPE', 'type', envelope.type, 'a MessageType from REGISTER to SHUTDOWN');
  if (envelope.body !== bodyField) fail('BODY_MISMATCH', 'body', envelope.body ?? 'none', bodyField);
  if (envelope.chunks.length !== frames.length - 1) {
    fail('BAD_FRAME_COUNT', 'chunk frames', frames.length - 1, envelope.chunks.length, 'one frame per chunk descriptor');
  }
  checkFields(envelope);
  for (let i = 0; i < envelope.chunks.length; i++) checkChunk(envelope.chunks[i], frames[i + 1], i, limits);

  return { envelope, payloads: frames.slice(1) };
}

function checkFields(env: Envelope): void {
  if (env.senderRank < -1) fail('BAD_FIELD', 'senderRank', env.senderRank, '-1 (unassigned) or a rank >= 0');
  if (!(env.phase in Phase)) fail('BAD_FIELD', 'phase', env.phase, 'a known Phase');
  if (env.type === MessageType.GRADIENT || env.type === MessageType.AVERAGED) {
    if (env.phase !== Phase.PHASE_D && env.phase !== Phase.PHASE_G) fail('BAD_FIELD', 'phase', env.phase, 'PHASE_D or PHASE_G');
    if (env.bucketCount < 1) fail('BUCKET_OUT_OF_RANGE', 'bucketCount', env.bucketCount, 'at least 1');
    if (env.bucket >= env.bucketCount) {
      fail('BUCKET_OUT_OF_RANGE', 'bucket', env.bucket, `less than bucketCount ${env.bucketCount}`);
    }
    const shared = env.type === MessageType.GRADIENT ? env.gradient?.inSharedMemory : env.averaged?.inSharedMemory;
    if (shared) {
      // Announced in shared memory: no bytes here, the whole gradient's length instead.
      if (env.chunks.length !== 0) fail('BAD_FRAME_COUNT', 'chunks.length', env.chunks.length, '0 for a bucket in shared memory');
      const total = (env.type === MessageType.GRADIENT ? env.gradient?.totalElements : env.averaged?.totalElements) ?? 0;
      if (!(total >= env.bucketCount)) fail('BAD_FIELD', 'totalElements', total, `at least bucketCount ${env.bucketCount}`);
    } else if (env.chunks.length < 1) fail('BAD_FRAME_COUNT', 'chunks.length', 0, 'at least 1 for a gradient bucket');
    for (let i = 0; i < env.chunks.length; i++) {
      const dtype = env.chunks[i].dtype ?? 0;
      if (dtype !== Dtype.F32 && dtype !== Dtype.F16 && dtype !== Dtype.BF16) {
        fail('BAD_CHUNK', `chunks[${i}].dtype`, dtype, 'F32, F16 or BF16 for a gradient');
      }
    }
  }
  if (env.type === MessageType.STATE) {
    const purpose = env.state?.purpose ?? 0;
    if (purpose === StatePurpose.PURPOSE_UNSPECIFIED || !(purpose in StatePurpose)) {
      fail('BAD_FIELD', 'state.purpose', purpose, 'INITIAL, REJOIN or CHECKPOINT');
    }
  }
}

function checkChunk(chunk: ChunkDescriptor, payload: Uint8Array, i: number, limits: Readonly<Limits>): void {
  const where = `chunks[${i}]`;
  const size = dtypeSize(chunk.dtype ?? 0);
  if (size === undefined) fail('BAD_CHUNK', `${where}.dtype`, chunk.dtype ?? 0, 'F32, F16, BF16, I32 or U8');
  const elements = shapeProduct(chunk.shape ?? [], `${where}.shape`, limits);
  const byteLength = Number(chunk.byteLength ?? 0);
  if (elements * size !== byteLength) {
    fail('SIZE_MISMATCH', `${where}.byteLength`, byteLength, elements * size, `shape [${chunk.shape}] x ${size} bytes`);
  }
  if (payload.byteLength !== byteLength) fail('SIZE_MISMATCH', `frame ${i + 1} bytes`, payload.byteLength, byteLength);

  const offset = Number(chunk.elementOffset ?? 0);
  const total = Number(chunk.totalElements ?? 0);
  const tensorShape = chunk.tensorShape ?? [];
  if (total === 0) {
    // Not a slice: the chunk is the whole tensor.
    if (offset !== 0) fail('BAD_CHUNK', `${where}.elementOffset`, offset, '0 when totalElements is 0');
    if (tensorShape.length !== 0) fail('BAD_CHUNK', `${where}.tensorShape`, tensorShape, '[] when totalElements is 0');
    return;
  }
  if (total > limits.maxTensorElements) {
    fail('TOO_LARGE', `${where}.totalElements`, total, `at most ${limits.maxTensorElements}`);
  }
  if (offset + elements > total) {
    fail('BAD_CHUNK', `${where} end (elementOffset + elements)`, offset + elements, `at most totalElements ${total}`);
  }
  if (tensorShape.length !== 0) {
    const whole = shapeProduct(tensorShape, `${where}.tensorShape`, limits);
    if (whole !== total) fail('BAD_CHUNK', `${where}.tensorShape product`, whole, `totalElements ${total}`);
  }
}

function shapeProduct(shape: readonly number[], field: string, limits: Readonly<Limits>): number {
  if (shape.length > 8) fail('BAD_CHUNK', `${field}.length`, shape.length, 'at most 8 dimensions');
  let n = 1;
  for (const dim of shape) {
    n *= dim;
    // Checked per dimension so the product cannot leave the safe-integer range.
    if (n > limits.maxTensorElements) fail('TOO_LARGE', `${field} elements`, n, `at most ${limits.maxTensorElements}`);
  }
  return n;
}

/**
 * protobufjs decodes uint64 fields as Long objects (whatever the typings say),
 * and the prototype default of an absent uint64 field is a Long too. The schema
 * only uses uint64 for counts, steps and times, so turn them into plain numbers
 * here (for-in also visits the inherited defaults) and reject any that would lose
 * precision.
 */
function normaliseLongs(node: Record<string, unknown>, path: string, depth: number): void {
  if (depth > 8) fail('DECODE_FAILED', path, 'nesting deeper than 8', 'the acgan.v1 schema');
  for (const key in node) {
    const value = node[key];
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) continue;
    if (isLong(value)) {
      node[key] = longToNumber(value, `${path}.${key}`);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (isLong(item)) value[i] = longToNumber(item, `${path}.${key}[${i}]`);
        else if (item !== null && typeof item === 'object' && !ArrayBuffer.isView(item)) {
          normaliseLongs(item as Record<string, unknown>, `${path}.${key}[${i}]`, depth + 1);
        }
      }
    } else {
      normaliseLongs(value as Record<string, unknown>, `${path}.${key}`, depth + 1);
    }
  }
}

interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
  toNumber(): number;
}

function isLong(value: unknown): value is LongLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LongLike).low === 'number' &&
    typeof (value as LongLike).high === 'number' &&
    typeof (value as LongLike).toNumber === 'function'
  );
}

function longToNumber(value: LongLike, field: string): number {
  const n = value.toNumber();
  if (!Number.isSafeInteger(n)) fail('TOO_LARGE', field, `${value.unsigned ? 'u' : ''}int64 ${n}`, 'at most 2^53 - 1');
  return n;
}
