// Cutting tensors into wire-sized pieces and putting them back together: gradient
// buckets (splitIntoBuckets) and full-state messages (makeStateMessage /
// assembleTensors). ZeroMQ moves messages of a few MB about 3x faster than one
// huge message on these machines, hence 4 MiB defaults.
import { sameShape, shapeSize, type NamedTensor } from '@acgan/tensor-types';
import { fail } from './protocol-error.ts';
import { MessageType } from './schema.ts';
import type { ChunkDescriptor, StateBody, StatePurpose } from './schema.ts';
import type { ProtocolMessage } from './framing.ts';
import { makeMessage } from './message-builders.ts';
import { decodeToF32, encodeF32, protoToWireDtype, wireDtypeSize, wireDtypeToProto, type WireDtype } from './tensor-codec.ts';

/** Default size of one state chunk on the wire. */
export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;
/** Default gradient bucket: 4 MiB of float32 (2 MiB on the wire as f16/bf16). */
export const DEFAULT_BUCKET_ELEMENTS = DEFAULT_CHUNK_BYTES / 4;

export interface BucketRange {
  offset: number;
  length: number;
}

/**
 * Cuts a flat vector of `total` elements into consecutive buckets of
 * `bucketElements` (the last one shorter). Every rank must use the same numbers:
 * the bucket index is what the coordinator matches across ranks.
 */
export function splitIntoBuckets(total: number, bucketElements: number = DEFAULT_BUCKET_ELEMENTS): BucketRange[] {
  if (!Number.isSafeInteger(total) || total < 0) fail('BAD_FIELD', 'total', total, 'an integer >= 0');
  if (!Number.isSafeInteger(bucketElements) || bucketElements < 1) {
    fail('BAD_FIELD', 'bucketElements', bucketElements, 'an integer >= 1');
  }
  const buckets: BucketRange[] = [];
  for (let offset = 0; offset < total; offset += bucketElements) {
    buckets.push({ offset, length: Math.min(bucketElements, total - offset) });
  }
  return buckets;
}

export interface StateMessageInit extends StateBody {
  session: string;
  rank: number;
  step: number;
  purpose: StatePurpose;
  tensors: readonly NamedTensor[];
  /** Largest payload frame; a bigger tensor is split into slices. Default 4 MiB. */
  chunkBytes?: number;
  /** Default 'f32': state must round-trip exactly (optimiser moments included). */
  wireDtype?: WireDtype;
}

/**
 * A STATE message carrying `tensors`, each in one chunk or, when larger than
 * `chunkBytes`, in slices described by element_offset / total_elements /
 * tensor_shape. With f32 the payloads view the tensors' memory (no copy).
 */
export function makeStateMessage(init: StateMessageInit): ProtocolMessage {
  const wireDtype = init.wireDtype ?? 'f32';
  const size = wireDtypeSize(wireDtype);
  const chunkBytes = init.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const perChunk = Math.max(1, Math.floor(chunkBytes / size));
  const chunks: ChunkDescriptor[] = [];
  const payloads: Uint8Array[] = [];
  for (const t of init.tensors) {
    const n = t.data.length;
    const elements = shapeSize(t.shape);
    if (elements !== n) fail('SIZE_MISMATCH', `tensor "${t.name}" data.length`, n, elements, `shape [${t.shape}]`);
    const dtype = wireDtypeToProto(wireDtype);
    if (n <= perChunk) {
      chunks.push({ name: t.name, dtype, shape: t.shape, byteLength: n * size });
      payloads.push(encodeF32(t.data, wireDtype));
      continue;
    }
    for (const { offset, length } of splitIntoBuckets(n, perChunk)) {
      chunks.push({
        name: t.name,
        dtype,
        shape: [length],
        byteLength: length * size,
        elementOffset: offset,
        totalElements: n,
        tensorShape: t.shape,
      });
      payloads.push(encodeF32(t.data.subarray(offset, offset + length), wireDtype));
    }
  }
  const body: StateBody = {
    step: init.step,
    epoch: init.epoch ?? 0,
    purpose: init.purpose,
  };
  return makeMessage(MessageType.STATE, { session: init.session, rank: init.rank, step: init.step }, body, chunks, payloads);
}

interface Pending {
  tensor: NamedTensor;
  /** Slices seen so far as [offset, length], checked for gaps and overlaps at the end. */
  slices: [number, number][] | undefined;
}

/**
 * The tensors of a message (usually STATE), in order of first appearance, slices
 * joined. Checks: float dtypes, unique names, slices of one tensor agree on
 * total_elements and shape, and cover it exactly once. A whole f32 chunk whose
 * frame is 4-byte aligned is returned as a view on the received frame.
 */
export function assembleTensors(msg: ProtocolMessage): NamedTensor[] {
  const byName = new Map<string, Pending>();
  const chunks = msg.envelope.chunks;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    const name = chunk.name ?? '';
    const where = `chunks[${i}] ("${name}")`;
    const wire = protoToWireDtype(chunk.dtype ?? 0);
    if (wire === undefined) fail('BAD_CHUNK', `${where}.dtype`, chunk.dtype ?? 0, 'F32, F16 or BF16');
    const total = Number(chunk.totalElements ?? 0);
    const seen = byName.get(name);
    if (total === 0) {
      if (seen) fail('BAD_CHUNK', `${where}.name`, name, 'a name not used by another chunk');
      byName.set(name, { tensor: { name, shape: [...(chunk.shape ?? [])], data: decodeToF32(msg.payloads[i], wire) }, slices: undefined });
      continue;
    }
    const shape = chunk.tensorShape?.length ? [...chunk.tensorShape] : [total];
    const pending: Pending = seen ?? { tensor: { name, shape, data: new Float32Array(total) }, slices: [] };
    byName.set(name, pending);
    if (pending.slices === undefined || pending.tensor.data.length !== total) {
      fail('BAD_CHUNK', `${where}.totalElements`, total, pending.tensor.data.length, `as the other chunks of "${name}"`);
    }
    if (!sameShape(pending.tensor.shape, shape)) {
      fail('BAD_CHUNK', `${where}.tensorShape`, shape, pending.tensor.shape);
    }
    const offset = Number(chunk.elementOffset ?? 0);
    const length = msg.payloads[i].byteLength / wireDtypeSize(wire);
    if (offset + length > total) fail('BAD_CHUNK', `${where} end`, offset + length, `at most ${total}`);
    decodeToF32(msg.payloads[i], wire, pending.tensor.data.subarray(offset, offset + length));
    pending.slices.push([offset, length]);
  }
  for (const { tensor, slices } of byName.values()) {
    if (slices === undefined) continue;
    slices.sort((a, b) => a[0] - b[0]);
    let next = 0;
    for (const [offset, length] of slices) {
      if (offset !== next) fail('BAD_CHUNK', `slice offset of "${tensor.name}"`, offset, next, 'slices must tile the tensor');
      next = offset + length;
    }
    if (next !== tensor.data.length) fail('BAD_CHUNK', `slices of "${tensor.name}" cover`, next, tensor.data.length);
  }
  return [...byName.values()].map((p) => p.tensor);
}
