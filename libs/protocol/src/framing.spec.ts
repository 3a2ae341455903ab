// Round-trips of every message type through the frame codec, and each rejection
// decodeFrames can make, with the bad value in the message.
import { describe, expect, it } from 'vitest';
import { decodeFrames, DEFAULT_LIMITS, encodeFrames, type ProtocolMessage } from './framing.ts';
import {
  bodyOf,
  makeAveragedMessage,
  makeGradientMessage,
  makeMessage,
  makeSharedAveragedMessage,
  makeSharedGradientMessage,
  type BodyByType,
  type BodyType,
} from './message-builders.ts';
import { ProtocolError } from './protocol-error.ts';
import { Dtype, Envelope, MessageType, Phase, PROTOCOL_VERSION, StatePurpose, type EnvelopeInit } from './schema.ts';
import { assembleTensors, makeStateMessage, splitIntoBuckets } from './tensor-chunks.ts';

const session = 'run-1';

const bodies: { [T in BodyType]: BodyByType[T] } = {
  [MessageType.REGISTER]: {
    protocolVersion: PROTOCOL_VERSION,
    modelConfigHash: 'abc123',
    capabilities: { backend: 'wasm', wireDtypes: [Dtype.F32, Dtype.BF16], host: 'box', pid: 4242 },
    requestedRank: -1,
  },
  [MessageType.ASSIGN]: { rank: 2, worldSize: 4, runConfigJson: '{"lr":0.0002}', startStep: 2 ** 40, epoch: 3, session },
  [MessageType.STATE]: { step: 7, epoch: 1, purpose: StatePurpose.CHECKPOINT },
  [MessageType.STATE_REQUEST]: { step: 100, purpose: StatePurpose.CHECKPOINT },
  [MessageType.READY]: { step: 5 },
  [MessageType.HEARTBEAT]: { unixMs: 1_732_000_000_123 },
  [MessageType.GRADIENT]: { hasNonFinite: true },
  [MessageType.AVERAGED]: { skip: true },
  [MessageType.CHECKSUM]: { step: 9, value: 'deadbeefcafef00d', algorithm: 'fnv1a64' },
  [MessageType.METRICS]: { step: 9, values: { d_loss: 0.69, g_loss: 1.25, images_per_s: 1234.5 } },
  [MessageType.ERROR]: { code: 'NON_FINITE', message: 'NaN in bucket 3', fatal: true },
  [MessageType.SHUTDOWN]: { reason: 'done', exitCode: 0 },
  [MessageType.ARTIFACT]: { path: 'samples/step-5.png', offset: 0, totalBytes: 0, last: true, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
};

function plain(env: Envelope): object {
  return Envelope.toObject(env, { longs: Number, enums: String, defaults: true });
}

function roundTrip(msg: ProtocolMessage): ProtocolMessage {
  return decodeFrames(encodeFrames(msg), DEFAULT_LIMITS);
}

/** Frames from an arbitrary envelope, bypassing the sender-side checks of encodeFrames. */
function rawFrames(init: EnvelopeInit, payloads: Uint8Array[] = []): Buffer[] {
  return [Buffer.from(Envelope.encode(Envelope.create(init)).finish()), ...payloads.map((p) => Buffer.from(p))];
}

const goodGradient: EnvelopeInit = {
  version: PROTOCOL_VERSION,
  type: MessageType.GRADIENT,
  senderRank: 1,
  step: 3,
  phase: Phase.PHASE_D,
  bucket: 0,
  bucketCount: 2,
  session,
  chunks: [{ name: 'g', dtype: Dtype.F32, shape: [2, 3], byteLength: 24 }],
  gradient: {},
};

function expectError(fn: () => unknown, code: string, ...inMessage: string[]): ProtocolError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ProtocolError);
  const err = caught as ProtocolError;
  expect(err.code).toBe(code);
  for (const text of inMessage) expect(err.message).toContain(text);
  return err;
}

describe('round trip', () => {
  for (const [typeKey, body] of Object.entries(bodies)) {
    const type = Number(typeKey) as BodyType;
    it(`${MessageType[type]} survives encodeFrames/decodeFrames`, () => {
      const msg = makeMessage(
        type,
        { session, rank: 3, step: 11, phase: Phase.PHASE_G, bucket: 1, bucketCount: 2 },
        body,
        [{ name: 'w', dtype: Dtype.F32, shape: [2], byteLength: 8 }],
        [new Uint8Array(new Float32Array([1, 2]).buffer)],
      );
      const back = roundTrip(msg);
      expect(plain(back.envelope)).toEqual(plain(msg.envelope));
      expect(back.envelope.type).toBe(type);
      expect(bodyOf(back, type)).toBeTruthy();
      expect(Array.from(new Float32Array(new Uint8Array(back.payloads[0]).buffer))).toEqual([1, 2]);
    });
  }

  it('turns uint64 fields into plain numbers', () => {
    const back = roundTrip(makeMessage(MessageType.ASSIGN, { session, step: 2 ** 52 + 1 }, bodies[MessageType.ASSIGN]));
    expect(back.envelope.step).toBe(2 ** 52 + 1);
    expect(bodyOf(back, MessageType.ASSIGN).startStep).toBe(2 ** 40);
  });

  it('rejects a uint64 beyond 2^53', () => {
    const frames = rawFrames({ ...goodGradient, step: '18446744073709551615' as unknown as number }, [new Uint8Array(24)]);
    expectError(() => decodeFrames(frames), 'TOO_LARGE', 'envelope.step', '2^53');
  });

  it('payload frames view the sender memory (no copy)', () => {
    const data = new Float32Array([1, 2, 3]);
    const frames = encodeFrames(makeGradientMessage({ session, rank: 0, step: 1, phase: Phase.PHASE_D, bucket: 0, bucketCount: 1, data, wireDtype: 'f32' }));
    expect(frames[1].buffer).toBe(data.buffer);
    expect(frames[1].byteOffset).toBe(data.byteOffset);
  });

  it('bodyOf names both types on a mismatch', () => {
    const msg = roundTrip(makeMessage(MessageType.READY, { session }, { step: 1 }));
    expectError(() => bodyOf(msg, MessageType.GRADIENT), 'BODY_MISMATCH', 'READY', 'GRADIENT');
  });
});

describe('gradient and averaged buckets', () => {
  for (const wireDtype of ['f32', 'f16', 'bf16'] as const) {
    it(`carry ${wireDtype} data and their place in the flat vector`, () => {
      const data = new Float32Array([0.5, -1, 2, 4]);
      const base = { session, rank: 2, step: 4, phase: Phase.PHASE_G, bucket: 1, bucketCount: 3, data, wireDtype };
      const grad = roundTrip(makeGradientMessage({ ...base, elementOffset: 4, totalElements: 10, hasNonFinite: true }));
      expect(grad.envelope.chunks[0]).toMatchObject({ shape: [4], elementOffset: 4, totalElements: 10, name: 'bucket-1' });
      expect(bodyOf(grad, MessageType.GRADIENT).hasNonFinite).toBe(true);
      const avg = roundTrip(makeAveragedMessage({ ...base, rank: -1, skip: true }));
      expect(avg.envelope.senderRank).toBe(-1);
      expect(bodyOf(avg, MessageType.AVERAGED).skip).toBe(true);
    });
  }
});

describe('buckets announced in shared memory', () => {
  const at = { session: 's', rank: 1, step: 4, phase: Phase.PHASE_G, bucket: 2, bucketCount: 3, totalElements: 1000 };

  it('round-trip with no chunk, the flag and the gradient length', () => {
    const g = decodeFrames(encodeFrames(makeSharedGradientMessage({ ...at, hasNonFinite: true })));
    expect(g.payloads).toEqual([]);
    expect(g.envelope).toMatchObject({ type: MessageType.GRADIENT, bucket: 2, bucketCount: 3, step: 4 });
    expect(bodyOf(g, MessageType.GRADIENT)).toMatchObject({ inSharedMemory: true, totalElements: 1000, hasNonFinite: true });
    const a = decodeFrames(encodeFrames(makeSharedAveragedMessage({ ...at, rank: -1, skip: false })));
    expect(bodyOf(a, MessageType.AVERAGED)).toMatchObject({ inSharedMemory: true, totalElements: 1000, skip: false });
  });

  it('are refused with a chunk, or with a gradient shorter than its buckets', () => {
    const withChunk = makeGradientMessage({ ...at, data: new Float32Array(4), wireDtype: 'f32' });
    withChunk.envelope.gradient!.inSharedMemory = true;
    expect(() => decodeFrames(encodeFrames(withChunk))).toThrow(/chunks.length is 1, expected "0 for a bucket in shared memory"/);
    expect(() => decodeFrames(encodeFrames(makeSharedGradientMessage({ ...at, totalElements: 2, hasNonFinite: false })))).toThrow(
      /totalElements is 2, expected "at least bucketCount 3"/,
    );
    // Without the flag, a bucket still needs its chunk.
    const noChunk = makeSharedAveragedMessage({ ...at, skip: false });
    noChunk.envelope.averaged!.inSharedMemory = false;
    expect(() => decodeFrames(encodeFrames(noChunk))).toThrow(/at least 1 for a gradient bucket/);
  });
});

describe('decodeFrames rejects', () => {
  const payload = new Uint8Array(24);

  it('a wrong version', () => {
    expectError(
      () => decodeFrames(rawFrames({ ...goodGradient, version: PROTOCOL_VERSION + 1 }, [payload])),
      'BAD_VERSION',
      `is ${PROTOCOL_VERSION + 1}`,
      `expected ${PROTOCOL_VERSION}`,
    );
  });
  it('an unknown type', () => {
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, type: 99 as MessageType }, [payload])), 'UNKNOWN_TYPE', 'is 99');
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, type: 0 }, [payload])), 'UNKNOWN_TYPE', 'is 0');
  });
  it('a body that does not match the type', () => {
    const init = { ...goodGradient, gradient: undefined, ready: { step: 1 } };
    expectError(() => decodeFrames(rawFrames(init, [payload])), 'BODY_MISMATCH', '"ready"', '"gradient"');
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, gradient: undefined }, [payload])), 'BODY_MISMATCH', '"none"');
  });
  it('bytes that are not an envelope', () => {
    // Field 1 (version) as a string: the wire scan refuses it before protobufjs sees it.
    expectError(() => decodeFrames([Buffer.from([0x0a, 0xff, 0xff, 0xff])]), 'DECODE_FAILED', 'envelope.version wire type is 2, expected 0');
    // Well-formed wire data that protobufjs still refuses (a string that is not UTF-8).
    expectError(() => decodeFrames([Buffer.from([0x42, 0x02, 0xc3, 0x28])]), 'DECODE_FAILED', 'envelope does not decode');
  });
  it('a frame count that does not match the chunks', () => {
    expectError(() => decodeFrames(rawFrames(goodGradient)), 'BAD_FRAME_COUNT', 'chunk frames is 0', 'at least 1');
    expectError(() => decodeFrames(rawFrames(goodGradient, [payload, payload])), 'BAD_FRAME_COUNT', 'is 2', 'expected 1');
    expectError(() => decodeFrames([]), 'BAD_FRAME_COUNT', 'is 0');
  });
  it('shape x dtype that does not match byte_length, or a frame of another length', () => {
    const chunks = [{ name: 'g', dtype: Dtype.F32, shape: [2, 3], byteLength: 20 }];
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, chunks }, [new Uint8Array(20)])), 'SIZE_MISMATCH', 'is 20', 'expected 24');
    expectError(() => decodeFrames(rawFrames(goodGradient, [new Uint8Array(23)])), 'SIZE_MISMATCH', 'frame 1 bytes is 23', 'expected 24');
  });
  it('an unknown or non-float dtype in a gradient', () => {
    const unknown = [{ name: 'g', dtype: 42 as Dtype, shape: [6], byteLength: 24 }];
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, chunks: unknown }, [payload])), 'BAD_CHUNK', 'is 42');
    const ints = [{ name: 'g', dtype: Dtype.I32, shape: [6], byteLength: 24 }];
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, chunks: ints }, [payload])), 'BAD_CHUNK', 'is 4', 'F32, F16 or BF16');
  });
  it('a slice that runs past its tensor, or an offset on a whole tensor', () => {
    const past = [{ name: 'g', dtype: Dtype.F32, shape: [6], byteLength: 24, elementOffset: 5, totalElements: 10 }];
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, chunks: past }, [payload])), 'BAD_CHUNK', 'is 11', 'at most totalElements 10');
    const offsetOnly = [{ name: 'g', dtype: Dtype.F32, shape: [6], byteLength: 24, elementOffset: 5 }];
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, chunks: offsetOnly }, [payload])), 'BAD_CHUNK', 'elementOffset is 5');
  });
  it('sizes over the limits', () => {
    const limits = { ...DEFAULT_LIMITS, maxMessageBytes: 100, maxChunks: 1, maxTensorElements: 4 };
    expectError(() => decodeFrames(rawFrames(goodGradient, [payload]), limits), 'TOO_LARGE', 'is 6', 'at most 4');
    expectError(() => decodeFrames(rawFrames(goodGradient, [new Uint8Array(200)]), limits), 'TOO_LARGE', 'message bytes');
    expectError(() => decodeFrames(rawFrames(goodGradient, [payload, payload]), limits), 'TOO_LARGE', 'chunk frames is 2');
    const huge = [{ name: 'g', dtype: Dtype.U8, shape: [65536, 65536, 65536], byteLength: 0 }];
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, type: MessageType.METRICS, gradient: undefined, metrics: {}, chunks: huge }, [new Uint8Array(0)])), 'TOO_LARGE');
  });
  it('a gradient without a phase or with a bucket out of range', () => {
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, phase: 0 }, [payload])), 'BAD_FIELD', 'phase is 0');
    expectError(() => decodeFrames(rawFrames({ ...goodGradient, bucket: 2 }, [payload])), 'BUCKET_OUT_OF_RANGE', 'bucket is 2', 'less than bucketCount 2');
  });
});

describe('state chunking', () => {
  const tensors = [
    { name: 'dense/kernel', shape: [10, 7], data: Float32Array.from({ length: 70 }, (_, i) => i * 0.5) },
    { name: 'dense/bias', shape: [7], data: Float32Array.from({ length: 7 }, (_, i) => -i) },
    { name: 'scalar', shape: [], data: new Float32Array([3]) },
  ];

  it('splits tensors larger than chunkBytes into slices and reassembles them', () => {
    const msg = makeStateMessage({ session, rank: 0, step: 12, purpose: StatePurpose.CHECKPOINT, tensors, chunkBytes: 64 });
    expect(msg.payloads.every((p) => p.byteLength <= 64)).toBe(true);
    expect(msg.envelope.chunks.filter((c) => c.name === 'dense/kernel')).toHaveLength(5); // 280 bytes / 64
    const back = assembleTensors(roundTrip(msg));
    expect(back.map((t) => t.name)).toEqual(tensors.map((t) => t.name));
    for (let i = 0; i < tensors.length; i++) {
      expect(back[i].shape).toEqual(tensors[i].shape);
      expect(Array.from(back[i].data)).toEqual(Array.from(tensors[i].data));
    }
    expect(bodyOf(roundTrip(msg), MessageType.STATE).step).toBe(12);
  });

  it('rejects a missing slice, naming where the gap is', () => {
    const msg = makeStateMessage({ session, rank: 0, step: 1, purpose: StatePurpose.INITIAL, tensors, chunkBytes: 64 });
    msg.envelope.chunks.splice(1, 1);
    msg.payloads.splice(1, 1);
    expectError(() => assembleTensors(roundTrip(msg)), 'BAD_CHUNK', 'is 32', 'expected 16');
  });

  it('rejects a duplicated whole tensor and a tensor whose data does not match its shape', () => {
    const msg = makeStateMessage({ session, rank: 0, step: 1, purpose: StatePurpose.INITIAL, tensors: [tensors[1], tensors[1]] });
    expectError(() => assembleTensors(roundTrip(msg)), 'BAD_CHUNK', '"dense/bias"');
    const bad = { name: 'x', shape: [3, 3], data: new Float32Array(8) };
    expectError(() => makeStateMessage({ session, rank: 0, step: 1, purpose: StatePurpose.INITIAL, tensors: [bad] }), 'SIZE_MISMATCH', 'is 8', '9');
  });

  it('rejects a STATE without a purpose', () => {
    const msg = makeStateMessage({ session, rank: 0, step: 1, purpose: StatePurpose.PURPOSE_UNSPECIFIED, tensors: [] });
    expectError(() => roundTrip(msg), 'BAD_FIELD', 'state.purpose is 0');
  });
});

describe('splitIntoBuckets', () => {
  it('covers the vector with equal buckets and a shorter last one', () => {
    expect(splitIntoBuckets(10, 4)).toEqual([
      { offset: 0, length: 4 },
      { offset: 4, length: 4 },
      { offset: 8, length: 2 },
    ]);
    expect(splitIntoBuckets(8, 4)).toHaveLength(2);
    expect(splitIntoBuckets(0, 4)).toEqual([]);
    expect(splitIntoBuckets(3 * 1024 * 1024 + 1)).toHaveLength(4);
    expectError(() => splitIntoBuckets(10, 0), 'BAD_FIELD', 'bucketElements is 0');
  });
});

describe('uint64 defaults', () => {
  it('are plain numbers when the field is absent from the wire', () => {
    const back = roundTrip(makeMessage(MessageType.HEARTBEAT, { session }, { unixMs: 0 }));
    expect(back.envelope.step).toBe(0);
    expect(bodyOf(back, MessageType.HEARTBEAT).unixMs).toBe(0);
    const grad = roundTrip(makeGradientMessage({ session, rank: 0, step: 0, phase: Phase.PHASE_D, bucket: 0, bucketCount: 1, data: new Float32Array(1), wireDtype: 'f32' }));
    expect(grad.envelope.chunks[0].elementOffset).toBe(0);
    expect(grad.envelope.chunks[0].totalElements).toBe(0);
  });
});
