// Fuzz test of the border: >= 10,000 random and mutated messages fed to
// decodeFrames (and, when they pass, to assembleTensors) must produce either a
// message or a ProtocolError, never another exception. Seeded, so a failure
// reproduces: the failing case prints its seed and iteration.
import { describe, expect, it } from 'vitest';
import { decodeFrames, DEFAULT_LIMITS, encodeFrames } from './framing.ts';
import { makeGradientMessage, makeMessage } from './message-builders.ts';
import { ProtocolError } from './protocol-error.ts';
import { Dtype, Envelope, MessageType, Phase, StatePurpose } from './schema.ts';
import { assembleTensors, makeStateMessage } from './tensor-chunks.ts';

const SEED = 0x5eed1234;
const ITERATIONS = 12_000;

/** mulberry32: small, fast, good enough to drive a fuzzer. */
function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedCorpus(): Buffer[][] {
  const session = 'fuzz';
  const data = Float32Array.from({ length: 40 }, (_, i) => i - 20);
  const tensors = [
    { name: 'a', shape: [4, 5], data: data.subarray(0, 20) },
    { name: 'b', shape: [20], data: data.subarray(20) },
  ];
  return [
    encodeFrames(makeGradientMessage({ session, rank: 1, step: 5, phase: Phase.PHASE_D, bucket: 0, bucketCount: 2, data, wireDtype: 'f32', totalElements: 80 })),
    encodeFrames(makeGradientMessage({ session, rank: 0, step: 5, phase: Phase.PHASE_G, bucket: 1, bucketCount: 2, data, wireDtype: 'bf16' })),
    encodeFrames(makeStateMessage({ session, rank: 0, step: 9, purpose: StatePurpose.INITIAL, tensors, chunkBytes: 24 })),
    encodeFrames(
      makeMessage(MessageType.REGISTER, { session }, { protocolVersion: 1, modelConfigHash: 'h', capabilities: { backend: 'cpu', wireDtypes: [Dtype.F32] }, requestedRank: -1 }),
    ),
    encodeFrames(makeMessage(MessageType.METRICS, { session, rank: 2 }, { step: 3, values: { loss: 0.5, acc: 1 } })),
    encodeFrames(makeMessage(MessageType.ASSIGN, { session }, { rank: 1, worldSize: 2, runConfigJson: '{}', session })),
    encodeFrames(makeMessage(MessageType.SHUTDOWN, { session }, { reason: 'x', exitCode: 1 })),
  ].map((frames) => frames.map((f) => Buffer.from(f))); // own copies: mutations must not touch the tensors
}

function randomBytes(rng: () => number, n: number): Buffer {
  // typed as the general Buffer so frames of any origin mix in one array
  const out: Buffer = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = (rng() * 256) | 0;
  return out;
}

function mutate(rng: () => number, original: Buffer[]): Buffer[] {
  const frames: Buffer[] = original.map((f) => Buffer.from(f));
  const pick = (n: number) => (rng() * n) | 0;
  const rounds = 1 + pick(3);
  for (let r = 0; r < rounds; r++) {
    if (frames.length === 0) {
      frames.push(randomBytes(rng, pick(16)));
      continue;
    }
    const target = pick(frames.length);
    const f = frames[target];
    switch (pick(9)) {
      case 0: // flip a few bits
        for (let k = 0; k < 1 + pick(4) && f.length > 0; k++) f[pick(f.length)] ^= 1 << pick(8);
        break;
      case 1: // truncate
        frames[target] = f.subarray(0, pick(f.length + 1));
        break;
      case 2: // extend with garbage
        frames[target] = Buffer.concat([f, randomBytes(rng, 1 + pick(16))]);
        break;
      case 3: // drop a frame
        frames.splice(target, 1);
        break;
      case 4: // add a frame
        frames.splice(pick(frames.length + 1), 0, randomBytes(rng, pick(32)));
        break;
      case 5: // duplicate a frame
        frames.splice(target, 0, Buffer.from(f));
        break;
      case 6: // replace the envelope with garbage
        frames[0] = randomBytes(rng, pick(64));
        break;
      case 7: // overwrite a byte of the envelope with a large varint-ish value
        if (frames[0].length > 0) frames[0][pick(frames[0].length)] = 0x80 | pick(128);
        break;
      default: // re-encode with a random field changed to a hostile value
        frames[0] = reencodeWithRandomField(rng, frames[0]);
    }
  }
  return frames;
}

function reencodeWithRandomField(rng: () => number, head: Buffer): Buffer {
  let env: Envelope;
  try {
    env = Envelope.decode(head);
  } catch {
    return head;
  }
  const hostile = [0, -1, 1, 2 ** 31 - 1, -(2 ** 31), 4294967295, 2 ** 53, 99];
  const value = hostile[(rng() * hostile.length) | 0];
  const fields = ['version', 'type', 'senderRank', 'step', 'phase', 'bucket', 'bucketCount', 'chunk'] as const;
  const field = fields[(rng() * fields.length) | 0];
  const plain = Envelope.toObject(env, { longs: String }) as Record<string, unknown>;
  if (field === 'chunk') {
    const chunks = (plain.chunks as Record<string, unknown>[] | undefined) ?? [];
    if (chunks.length > 0) {
      const c = chunks[(rng() * chunks.length) | 0];
      const key = ['dtype', 'byteLength', 'elementOffset', 'totalElements', 'shape', 'tensorShape'][(rng() * 6) | 0];
      c[key] = key === 'shape' || key === 'tensorShape' ? [Math.abs(value) >>> 0, 3] : Math.abs(value);
    }
  } else {
    plain[field] = field === 'senderRank' ? value | 0 : Math.abs(value) >>> 0;
  }
  try {
    return Buffer.from(Envelope.encode(Envelope.fromObject(plain)).finish());
  } catch {
    return head;
  }
}

describe('decodeFrames fuzz', () => {
  it(`gives only ProtocolError on ${ITERATIONS} random and mutated messages (seed ${SEED})`, () => {
    const rng = makeRng(SEED);
    const corpus = seedCorpus();
    const limits = { ...DEFAULT_LIMITS, maxTensorElements: 1 << 20, maxMessageBytes: 1 << 22 };
    const codes = new Map<string, number>();
    let accepted = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const frames = i % 10 === 0 ? Array.from({ length: 1 + ((rng() * 3) | 0) }, () => randomBytes(rng, (rng() * 48) | 0)) : mutate(rng, corpus[(rng() * corpus.length) | 0]);
      try {
        const msg = decodeFrames(frames, limits);
        accepted++;
        if (msg.envelope.type === MessageType.STATE) assembleTensors(msg);
      } catch (err) {
        if (!(err instanceof ProtocolError)) {
          throw new Error(`iteration ${i} (seed ${SEED}) threw ${(err as Error)?.name}: ${(err as Error)?.message}`);
        }
        codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
      }
    }
    // The mutations must reach the deeper checks, not only fail to decode.
    for (const code of ['DECODE_FAILED', 'BAD_FRAME_COUNT', 'SIZE_MISMATCH', 'BAD_VERSION', 'UNKNOWN_TYPE', 'BAD_CHUNK']) {
      expect(codes.get(code) ?? 0, `code ${code} seen`).toBeGreaterThan(0);
    }
    expect(accepted).toBeGreaterThan(0);
  });
});
