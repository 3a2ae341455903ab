// The wire scan that runs before protobufjs: its rules agree with acgan.proto,
// real messages (the largest a sender can make included) pass it, and every
// class of envelope that is cheap to send and costly to decode (millions of
// empty repeated entries and the like), built at the envelope size limit, is
// refused without protobufjs decoding it.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeFrames, DEFAULT_LIMITS, encodeFrames } from './framing.ts';
import { makeMessage } from './message-builders.ts';
import { ProtocolError } from './protocol-error.ts';
import { Dtype, Envelope, MessageType, PROTOCOL_VERSION, StatePurpose } from './schema.ts';
import { makeStateMessage } from './tensor-chunks.ts';
import { envelopeBytesBound, MAX_CHUNK_NAME_BYTES, MAX_DIMS, scanEnvelope, SCAN_RULES, type MessageRule } from './wire-scan.ts';

const LIMIT = DEFAULT_LIMITS.maxEnvelopeBytes;

/** Minimal protobuf writer for hand-made (hostile) envelopes. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 128) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const tag = (f: number, wireType: number) => varint(f * 8 + wireType);
const field = (f: number, payload: number[]) => [...tag(f, 2), ...varint(payload.length), ...payload];

/** `unit` repeated n times. */
function repeat(unit: number[], n: number): Buffer {
  const out = Buffer.alloc(n * unit.length);
  for (let i = 0; i < n; i++) out.set(unit, i * unit.length);
  return out;
}
/** Field f (length-delimited) holding `content`. */
const wrap = (f: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([...tag(f, 2), ...varint(content.length)]), content]);
const header = (type: MessageType) => Buffer.from([...tag(1, 0), PROTOCOL_VERSION, ...tag(2, 0), type]);
/** How many `unit`s fit in the envelope next to `overhead` bytes (header and wrappers). */
const fits = (unit: number[], overhead = 64) => Math.floor((LIMIT - overhead) / unit.length);

const HEARTBEAT = header(MessageType.HEARTBEAT);
const emptyChunk = field(9, []);
const one = [Buffer.alloc(0)];
const HOSTILE: [string, Buffer[]][] = [
  // The message of the report: millions of empty chunk descriptors (here with one chunk frame).
  ['empty chunk descriptors', [Buffer.concat([HEARTBEAT, repeat(emptyChunk, fits(emptyChunk))]), ...one]],
  ['one descriptor with a packed shape of millions of dimensions', [Buffer.concat([HEARTBEAT, wrap(9, wrap(3, repeat([1], fits([1]))))]), ...one]],
  ['one descriptor with millions of unpacked shape entries', [Buffer.concat([HEARTBEAT, wrap(9, repeat([...tag(3, 0), 1], fits([8, 1])))]), ...one]],
  ['a chunk name of megabytes', [Buffer.concat([HEARTBEAT, wrap(9, wrap(1, repeat([65], fits([65]))))]), ...one]],
  ['metrics with millions of empty map entries', [Buffer.concat([header(MessageType.METRICS), wrap(29, repeat(field(2, []), fits([0, 0])))])]],
  ['metrics entries with millions of repeated keys', [Buffer.concat([header(MessageType.METRICS), wrap(29, wrap(2, repeat(field(1, []), fits([0, 0]))))])]],
  ['one descriptor with a packed whole-tensor shape of millions of dimensions', [Buffer.concat([HEARTBEAT, wrap(9, wrap(7, repeat([1], fits([1]))))]), ...one]],
  ['register with millions of wire dtypes', [Buffer.concat([header(MessageType.REGISTER), wrap(20, wrap(3, wrap(2, repeat([1], fits([1])))))])]],
  ['a singular field repeated millions of times', [Buffer.concat([HEARTBEAT, repeat([...tag(4, 0), 5], fits([0, 0]))])]],
  ['millions of empty bodies', [Buffer.concat([HEARTBEAT, repeat(field(25, []), fits([0, 0, 0]))])]],
  ['millions of unknown fields', [Buffer.concat([HEARTBEAT, repeat([...tag(15, 0), 0], fits([0, 0]))])]],
  ['millions of nested groups', [Buffer.concat([HEARTBEAT, repeat(tag(15, 3), fits([0]))])]],
  ['a text of megabytes', [Buffer.concat([header(MessageType.ERROR), wrap(30, wrap(2, repeat([65], fits([65]))))])]],
];

afterEach(() => vi.restoreAllMocks());

describe('scanEnvelope', () => {
  it('has a rule for every field of acgan.proto, of the same kind', () => {
    const root = protobuf.loadSync(fileURLToPath(new URL('./acgan.proto', import.meta.url)));
    const check = (type: protobuf.Type, rule: MessageRule, path: string) => {
      const byNumber = new Map(rule.fields.map((f) => [f.f, f]));
      expect(
        [...byNumber.keys()].sort((a, b) => a - b),
        path,
      ).toEqual(type.fieldsArray.map((f) => f.id).sort((a, b) => a - b));
      for (const f of type.fieldsArray) {
        const r = byNumber.get(f.id)!;
        const where = `${path}.${f.name}`;
        expect(r.name, where).toBe(f.name);
        const resolved = f.resolvedType;
        if (f.map) {
          expect(r.kind, where).toBe('messages');
        } else if (resolved instanceof protobuf.Type) {
          expect(r.kind, where).toBe(f.repeated ? 'messages' : 'message');
          if (r.kind === 'message' || r.kind === 'messages') check(resolved, r.of, where);
          if (r.kind === 'message') expect(Boolean(r.oneof), where).toBe(Boolean(f.partOf));
        } else if (f.type === 'string') {
          expect(r.kind, where).toBe('text');
        } else if (f.type === 'double') {
          expect(r.kind, where).toBe('fixed64');
        } else {
          expect(r.kind, where).toBe(f.repeated ? 'varints' : 'varint');
          // 5-byte varints only where the proto type is uint32.
          if (r.kind === 'varint' || r.kind === 'varints') expect(r.bytes === 5, where).toBe(f.type === 'uint32');
        }
      }
    };
    check(root.lookupType('acgan.v1.Envelope'), SCAN_RULES.envelope, 'envelope');
  });

  it('passes every real message type and the largest envelope a sender can produce', () => {
    const real = [
      makeMessage(
        MessageType.REGISTER,
        { session: '' },
        { protocolVersion: 1, modelConfigHash: 'abcdef0123456789', capabilities: { backend: 'wasm', wireDtypes: [1, 2, 3], host: 'h', pid: 42 }, requestedRank: -1 },
      ),
      makeMessage(MessageType.METRICS, { session: 's', rank: 1 }, { step: 3, values: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`metric${i}`, i / 3])) }),
      makeStateMessage({
        session: 's',
        rank: 0,
        step: 2 ** 40,
        purpose: StatePurpose.CHECKPOINT,
        tensors: [{ name: 'x'.repeat(39), shape: [3, 5], data: new Float32Array(15) }],
        chunkBytes: 8,
      }),
    ];
    for (const msg of real) {
      const frames = encodeFrames(msg);
      expect(() => scanEnvelope(frames[0], frames.length - 1)).not.toThrow();
      expect(decodeFrames(frames).envelope.type).toBe(msg.envelope.type);
    }
    // Every field present and at its limit: it fits the envelope limit and passes the scan.
    const big = 2 ** 31 - 1;
    const chunk = {
      name: 'n'.repeat(MAX_CHUNK_NAME_BYTES),
      dtype: Dtype.F32,
      shape: Array(MAX_DIMS).fill(big),
      byteLength: 2 ** 53 - 1,
      elementOffset: 2 ** 53 - 1,
      totalElements: 2 ** 53 - 1,
      tensorShape: Array(MAX_DIMS).fill(big),
    };
    const envelope = Envelope.create({
      version: PROTOCOL_VERSION,
      type: MessageType.ERROR,
      senderRank: -1,
      step: 2 ** 53 - 1,
      phase: 2,
      bucket: big,
      bucketCount: big,
      session: 's'.repeat(64),
      chunks: Array.from({ length: DEFAULT_LIMITS.maxChunks }, () => chunk),
      error: { code: 'c'.repeat(128), message: 'm'.repeat(64 * 1024), fatal: true },
    });
    const bytes = Envelope.encode(envelope).finish();
    expect(bytes.byteLength).toBeLessThanOrEqual(LIMIT);
    expect(bytes.byteLength).toBeGreaterThan(0.8 * LIMIT);
    expect(() => scanEnvelope(bytes, DEFAULT_LIMITS.maxChunks)).not.toThrow();
    expect(LIMIT).toBe(envelopeBytesBound(DEFAULT_LIMITS.maxChunks));
  });

  it.each(HOSTILE)('refuses %s at the size limit without protobufjs decoding it', (_, frames) => {
    expect(frames[0].byteLength).toBeLessThanOrEqual(LIMIT);
    expect(frames[0].byteLength).toBeGreaterThan(LIMIT - 128);
    const decode = vi.spyOn(Envelope, 'decode');
    let caught: unknown;
    try {
      decodeFrames(frames);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ProtocolError);
    expect(['TOO_LARGE', 'DECODE_FAILED', 'BAD_FRAME_COUNT']).toContain((caught as ProtocolError).code);
    expect(decode).not.toHaveBeenCalled();
  });

  it('lets a real message through to protobufjs (the spy above can see a decode)', () => {
    const decode = vi.spyOn(Envelope, 'decode');
    decodeFrames(encodeFrames(makeMessage(MessageType.HEARTBEAT, { session: 's' }, { unixMs: 1 })));
    expect(decode).toHaveBeenCalledTimes(1);
  });

  it('refuses the same classes past the size limit by size alone', () => {
    const decode = vi.spyOn(Envelope, 'decode');
    expect(() => decodeFrames([Buffer.concat([HEARTBEAT, repeat(emptyChunk, 2 * 1024 * 1024 - 8)]), ...one])).toThrow(/TOO_LARGE: envelope bytes/);
    expect(decode).not.toHaveBeenCalled();
  });

  it('refuses malformed wire data: duplicate fields, two bodies, wrong wire types, truncation', () => {
    const HEADER = [...HEARTBEAT];
    const heartbeat = [...HEADER, ...field(25, [])];
    const cases: [number[], RegExp][] = [
      [[...heartbeat, ...tag(1, 0), 1], /envelope.version is "present twice"/],
      [[...heartbeat, ...field(24, [])], /two bodies/],
      [[...HEADER, ...tag(25, 0), 0], /heartbeat wire type is 0, expected 2/],
      [[...HEADER, ...tag(8, 2), 10, 65], /session.*10 bytes with 1 left/],
      [[...HEADER, ...tag(4, 0), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], /longer than 10 bytes/],
      [[...HEADER, 0], /field number 0/],
      [[...HEADER, ...field(9, [...tag(1, 2), ...varint(MAX_CHUNK_NAME_BYTES + 1), ...Array(MAX_CHUNK_NAME_BYTES + 1).fill(65)])], /name bytes is 129/],
      [[...HEADER, ...field(9, [...tag(3, 2), 9, 1, 1, 1, 1, 1, 1, 1, 1, 1])], /shape entries is "more than 8"/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => scanEnvelope(Uint8Array.from(bytes), 1), message.source).toThrow(message);
    }
  });
});
