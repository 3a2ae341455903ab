// A walk over the protobuf wire format of an Envelope that runs before protobufjs
// decodes it, so that the cost of decoding is bounded by what a real message can
// hold. protobufjs makes an object or an array element for every entry of a
// repeated field, and a 2-byte empty entry is valid protobuf: 4 MiB of them took
// seconds to decode and starved the event loop. The scan costs a few operations
// per field, stops at the first field over a limit, allocates nothing per entry,
// and rejects:
//
// - more chunk descriptors than the message has chunk frames (so at most
//   limits.maxChunks), more than 8 dimensions in a shape, more than the few
//   entries the other repeated fields ever carry;
// - a singular field that occurs twice, two bodies of the `oneof`, strings over
//   their length limit;
// - malformed wire data: truncated fields, overlong varints, field number 0,
//   groups and unknown wire types, a known field with the wrong wire type.
//
// Unknown fields (a newer peer's additions) are skipped, at most 16 per message.
// The rules below mirror acgan.proto; wire-scan.spec.ts checks them against the
// .proto file. The same rules give the largest envelope a legitimate sender can
// produce (envelopeBytesBound), which is the envelope size limit.
import { fail } from './protocol-error.ts';

/** Longest tensor name in a chunk descriptor, bytes (the model's longest is 39). */
export const MAX_CHUNK_NAME_BYTES = 128;
/** Longest free text: the run config JSON, error messages and shutdown reasons. */
export const MAX_TEXT_BYTES = 64 * 1024;
/** Dimensions of a shape (as decodeFrames allows). */
export const MAX_DIMS = 8;
/** Entries of Metrics.values (a step reports about 15, an evaluation about 10). */
export const MAX_METRICS = 256;
/** Longest path of an artifact (relative to the run folder; the real ones are under 64). */
export const MAX_ARTIFACT_PATH_BYTES = 256;
/** Unknown fields tolerated per message (fields a newer protocol version added). */
export const MAX_UNKNOWN_FIELDS = 16;

export type FieldRule = { f: number; name: string } & (
  | { kind: 'varint'; bytes: 5 | 10 }
  | { kind: 'fixed64' }
  | { kind: 'text'; maxBytes: number }
  | { kind: 'message'; of: MessageRule; oneof?: true }
  /** `max: 'chunks'` = one per chunk frame of the message. */
  | { kind: 'messages'; of: MessageRule; max: number | 'chunks' }
  /** Repeated varints, packed (as protobufjs writes them) or not. */
  | { kind: 'varints'; max: number; bytes: 5 | 10 }
);

export interface MessageRule {
  name: string;
  fields: readonly FieldRule[];
}

// Varint sizes: 5 bytes for uint32, 10 for uint64, int32 and enums (a negative
// int32 takes 10).
const u32 = (f: number, name: string): FieldRule => ({ f, name, kind: 'varint', bytes: 5 });
const v64 = (f: number, name: string): FieldRule => ({ f, name, kind: 'varint', bytes: 10 });
const text = (f: number, name: string, maxBytes: number): FieldRule => ({ f, name, kind: 'text', maxBytes });
const body = (f: number, of: MessageRule): FieldRule => ({ f, name: of.name, kind: 'message', of, oneof: true });

const SESSION_BYTES = 64;
const SHORT_TEXT_BYTES = 128;

const CHUNK: MessageRule = {
  name: 'ChunkDescriptor',
  fields: [
    text(1, 'name', MAX_CHUNK_NAME_BYTES),
    v64(2, 'dtype'),
    { f: 3, name: 'shape', kind: 'varints', max: MAX_DIMS, bytes: 5 },
    v64(4, 'byteLength'),
    v64(5, 'elementOffset'),
    v64(6, 'totalElements'),
    { f: 7, name: 'tensorShape', kind: 'varints', max: MAX_DIMS, bytes: 5 },
  ],
};
const CAPABILITIES: MessageRule = {
  name: 'Capabilities',
  fields: [text(1, 'backend', SHORT_TEXT_BYTES), { f: 2, name: 'wireDtypes', kind: 'varints', max: 16, bytes: 10 }, text(3, 'host', 256), u32(4, 'pid'), v64(5, 'sharedMemory')],
};
/** Segment paths: /dev/shm/acgan-<pid>-<32 hex digits>, with room to spare. */
const SHM_PATH_BYTES = 256;
const SHARED_MEMORY: MessageRule = {
  name: 'SharedMemory',
  fields: [text(1, 'slotPath', SHM_PATH_BYTES), text(2, 'averagePath', SHM_PATH_BYTES), v64(3, 'bytes')],
};
const METRIC_ENTRY: MessageRule = { name: 'ValuesEntry', fields: [text(1, 'key', SHORT_TEXT_BYTES), { f: 2, name: 'value', kind: 'fixed64' }] };
const BODIES: readonly MessageRule[] = [
  {
    name: 'register',
    fields: [
      u32(1, 'protocolVersion'),
      text(2, 'modelConfigHash', SHORT_TEXT_BYTES),
      { f: 3, name: 'capabilities', kind: 'message', of: CAPABILITIES },
      v64(4, 'requestedRank'),
      text(5, 'modelConfigJson', 1024),
    ],
  },
  {
    name: 'assign',
    fields: [
      v64(1, 'rank'),
      u32(2, 'worldSize'),
      text(3, 'runConfigJson', MAX_TEXT_BYTES),
      v64(4, 'startStep'),
      v64(5, 'epoch'),
      text(6, 'session', SESSION_BYTES),
      { f: 7, name: 'sharedMemory', kind: 'message', of: SHARED_MEMORY },
      text(8, 'datasetFactsJson', MAX_TEXT_BYTES),
    ],
  },
  {
    name: 'state',
    fields: [v64(1, 'step'), v64(2, 'epoch'), v64(3, 'purpose')],
  },
  { name: 'stateRequest', fields: [v64(1, 'step'), v64(2, 'purpose')] },
  { name: 'ready', fields: [v64(1, 'step'), text(2, 'backend', SHORT_TEXT_BYTES), v64(3, 'sharedMemory')] },
  { name: 'heartbeat', fields: [v64(1, 'unixMs')] },
  { name: 'gradient', fields: [v64(2, 'hasNonFinite'), v64(3, 'inSharedMemory'), v64(4, 'totalElements')] },
  { name: 'averaged', fields: [v64(2, 'skip'), v64(3, 'inSharedMemory'), v64(4, 'totalElements')] },
  { name: 'checksum', fields: [v64(1, 'step'), text(2, 'value', SHORT_TEXT_BYTES), text(3, 'algorithm', SHORT_TEXT_BYTES)] },
  { name: 'metrics', fields: [v64(1, 'step'), { f: 2, name: 'values', kind: 'messages', of: METRIC_ENTRY, max: MAX_METRICS }] },
  { name: 'error', fields: [text(1, 'code', SHORT_TEXT_BYTES), text(2, 'message', MAX_TEXT_BYTES), v64(3, 'fatal')] },
  { name: 'shutdown', fields: [text(1, 'reason', MAX_TEXT_BYTES), v64(2, 'exitCode')] },
  {
    name: 'artifact',
    fields: [text(1, 'path', MAX_ARTIFACT_PATH_BYTES), v64(2, 'offset'), v64(3, 'totalBytes'), v64(4, 'last'), text(5, 'sha256', SHORT_TEXT_BYTES)],
  },
];
const ENVELOPE: MessageRule = {
  name: 'envelope',
  fields: [
    u32(1, 'version'),
    v64(2, 'type'),
    v64(3, 'senderRank'),
    v64(4, 'step'),
    v64(5, 'phase'),
    u32(6, 'bucket'),
    u32(7, 'bucketCount'),
    text(8, 'session', SESSION_BYTES),
    { f: 9, name: 'chunks', kind: 'messages', of: CHUNK, max: 'chunks' },
    ...BODIES.map((b, i) => body(20 + i, b)),
  ],
};

/** The scan rules, for the test that compares them with acgan.proto. */
export const SCAN_RULES: { readonly envelope: MessageRule } = { envelope: ENVELOPE };

/** Field lookup by number (all field numbers of the schema are below 32). */
const byNumber = new Map<MessageRule, (FieldRule | undefined)[]>();
function fieldsOf(rule: MessageRule): (FieldRule | undefined)[] {
  let table = byNumber.get(rule);
  if (!table) {
    table = [];
    for (const field of rule.fields) table[field.f] = field;
    byNumber.set(rule, table);
  }
  return table;
}

/**
 * Checks the envelope frame against the limits above without decoding it.
 * Throws a ProtocolError (DECODE_FAILED for malformed wire data, TOO_LARGE for
 * a count or length over its limit); returns normally when protobufjs may decode it.
 */
export function scanEnvelope(bytes: Uint8Array, chunkFrames: number): void {
  new Scanner(bytes, chunkFrames).message(ENVELOPE, 0, bytes.byteLength, 'envelope');
}

class Scanner {
  private pos = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly chunkFrames: number,
  ) {}

  message(rule: MessageRule, start: number, end: number, path: string): void {
    const fields = fieldsOf(rule);
    this.pos = start;
    let seen = 0; // bit f: singular field f was present (field numbers < 32)
    let oneofSeen = false;
    let unknown = 0;
    let counts: number[] | undefined;
    while (this.pos < end) {
      const tag = this.varint(end, path, 5);
      const f = Math.floor(tag / 8);
      const wireType = tag % 8;
      if (f === 0) fail('DECODE_FAILED', path, 'field number 0', 'a field number >= 1');
      const field = f < 32 ? fields[f] : undefined;
      if (field === undefined) {
        if (++unknown > MAX_UNKNOWN_FIELDS) fail('TOO_LARGE', `${path} unknown fields`, `more than ${MAX_UNKNOWN_FIELDS}`, `at most ${MAX_UNKNOWN_FIELDS}`);
        this.skip(wireType, end, `${path} field ${f}`);
        continue;
      }
      const where = `${path}.${field.name}`;
      if (field.kind === 'messages' || field.kind === 'varints') {
        counts ??= [];
        const max = field.kind === 'messages' && field.max === 'chunks' ? this.chunkFrames : (field.max as number);
        let n = counts[f] ?? 0;
        if (field.kind === 'varints' && wireType === 2) {
          n = this.packed(end, where, n, max);
        } else {
          this.expectWireType(wireType, field.kind === 'varints' ? 0 : 2, where);
          if (++n > max) {
            if (field.max === 'chunks') fail('BAD_FRAME_COUNT', 'chunk frames', max, `at least ${n}`, 'one frame per chunk descriptor');
            fail('TOO_LARGE', `${where} entries`, `more than ${max}`, `at most ${max}`);
          }
          if (field.kind === 'varints') this.varint(end, where, 10);
          else this.nested(field.of, end, where);
        }
        counts[f] = n;
        continue;
      }
      const bit = 2 ** f;
      if (Math.floor(seen / bit) % 2 === 1) fail('DECODE_FAILED', where, 'present twice', 'at most once');
      seen += bit;
      if (field.kind === 'message' && field.oneof) {
        if (oneofSeen) fail('DECODE_FAILED', `${path}.body`, 'two bodies', 'one body');
        oneofSeen = true;
      }
      switch (field.kind) {
        case 'varint':
          this.expectWireType(wireType, 0, where);
          this.varint(end, where, 10);
          break;
        case 'fixed64':
          this.expectWireType(wireType, 1, where);
          this.advance(8, end, where);
          break;
        case 'text': {
          this.expectWireType(wireType, 2, where);
          const length = this.varint(end, where, 5);
          if (length > field.maxBytes) fail('TOO_LARGE', `${where} bytes`, length, `at most ${field.maxBytes}`);
          this.advance(length, end, where);
          break;
        }
        case 'message':
          this.expectWireType(wireType, 2, where);
          this.nested(field.of, end, where);
          break;
      }
    }
    if (this.pos !== end) fail('DECODE_FAILED', path, `a field running ${this.pos - end} bytes past its end`, 'fields within the message');
  }

  private nested(rule: MessageRule, end: number, path: string): void {
    const length = this.varint(end, path, 5);
    const start = this.pos;
    if (length > end - start) fail('DECODE_FAILED', path, `length ${length} with ${end - start} bytes left`, 'a length within the message');
    this.message(rule, start, start + length, path);
  }

  /** Counts the varints of a packed field on top of `n` already seen; throws once there are more than `max`. */
  private packed(end: number, path: string, n: number, max: number): number {
    const length = this.varint(end, path, 5);
    const stop = this.pos + length;
    if (stop > end) fail('DECODE_FAILED', path, `length ${length} with ${end - this.pos} bytes left`, 'a length within the message');
    while (this.pos < stop) {
      if (++n > max) fail('TOO_LARGE', `${path} entries`, `more than ${max}`, `at most ${max}`);
      this.varint(stop, path, 10);
    }
    return n;
  }

  private expectWireType(got: number, expected: number, path: string): void {
    if (got !== expected) fail('DECODE_FAILED', `${path} wire type`, got, expected);
  }

  private advance(n: number, end: number, path: string): void {
    if (n > end - this.pos) fail('DECODE_FAILED', path, `${n} bytes with ${end - this.pos} left`, 'a field within the message');
    this.pos += n;
  }

  /** Reads a varint of at most `maxBytes` bytes that ends before `end`. */
  private varint(end: number, path: string, maxBytes: number): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < maxBytes; i++) {
      if (this.pos >= end) fail('DECODE_FAILED', path, 'a truncated varint', 'a complete varint');
      const b = this.buf[this.pos++];
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    return fail('DECODE_FAILED', path, `a varint longer than ${maxBytes} bytes`, `at most ${maxBytes} bytes`);
  }

  private skip(wireType: number, end: number, path: string): void {
    switch (wireType) {
      case 0:
        this.varint(end, path, 10);
        return;
      case 1:
        this.advance(8, end, path);
        return;
      case 2:
        this.advance(this.varint(end, path, 5), end, path);
        return;
      case 5:
        this.advance(4, end, path);
        return;
      default:
        // 3 and 4 are groups (not in proto3, and their nesting costs recursion); 6 and 7 do not exist.
        fail('DECODE_FAILED', `${path} wire type`, wireType, '0, 1, 2 or 5');
    }
  }
}

function varintBytes(value: number): number {
  let n = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    n++;
  }
  return n;
}

function maxEncodedBytes(rule: MessageRule, maxChunks: number): number {
  let total = 0;
  let body = 0;
  for (const field of rule.fields) {
    const tag = varintBytes(field.f * 8);
    let n: number;
    switch (field.kind) {
      case 'varint':
        n = tag + field.bytes;
        break;
      case 'fixed64':
        n = tag + 8;
        break;
      case 'text':
        n = tag + varintBytes(field.maxBytes) + field.maxBytes;
        break;
      case 'message': {
        const inner = maxEncodedBytes(field.of, maxChunks);
        n = tag + varintBytes(inner) + inner;
        break;
      }
      case 'messages': {
        const inner = maxEncodedBytes(field.of, maxChunks);
        n = (field.max === 'chunks' ? maxChunks : field.max) * (tag + varintBytes(inner) + inner);
        break;
      }
      case 'varints': {
        const inner = field.max * field.bytes;
        n = tag + varintBytes(inner) + inner;
        break;
      }
    }
    if (field.kind === 'message' && field.oneof) body = Math.max(body, n);
    else total += n;
  }
  return total + body;
}

/**
 * The largest envelope a sender that keeps to the limits above can encode with
 * `maxChunks` chunk descriptors (every field present, every count and length at
 * its limit, varints at their longest; packed repeated fields, as protobufjs
 * writes them). A larger envelope frame is refused before it is looked at.
 */
export function envelopeBytesBound(maxChunks: number): number {
  return maxEncodedBytes(ENVELOPE, maxChunks);
}
