import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeArtifactMessages, readArtifact } from './artifact.ts';
import { decodeFrames, DEFAULT_LIMITS, encodeFrames, type ProtocolMessage } from './framing.ts';
import { makeMessage } from './message-builders.ts';
import { Dtype, MessageType } from './schema.ts';

const header = { session: 's', rank: 0, step: 3 };
const wire = (m: ProtocolMessage) => decodeFrames(encodeFrames(m), DEFAULT_LIMITS);

describe('artifacts on the wire', () => {
  it('cuts a file into in-order pieces that put back together give the file and its digest', () => {
    const file = new Uint8Array(2500).map((_, i) => (i * 7) % 251);
    const msgs = makeArtifactMessages(header, 'export/generator/weights.bin', file, 1000).map(wire);
    expect(msgs).toHaveLength(3);
    const pieces = msgs.map(readArtifact);
    expect(pieces.map((p) => [p.offset, p.bytes.length, p.last])).toEqual([
      [0, 1000, false],
      [1000, 1000, false],
      [2000, 500, true],
    ]);
    expect(pieces.every((p) => p.path === 'export/generator/weights.bin' && p.totalBytes === 2500)).toBe(true);
    expect(Buffer.concat(pieces.map((p) => p.bytes)).equals(Buffer.from(file))).toBe(true);
    expect(pieces[2].sha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect(pieces[0].sha256).toBe('');
  });

  it('sends an empty file as one last piece with no chunk', () => {
    const [m] = makeArtifactMessages(header, 'eval/step-2/report.json', new Uint8Array(0), 10);
    const p = readArtifact(wire(m));
    expect(m.payloads).toHaveLength(0);
    expect(p).toMatchObject({ offset: 0, totalBytes: 0, last: true });
  });

  it('refuses pieces that do not add up, naming the field', () => {
    const piece = (body: object, bytes = new Uint8Array(4)) =>
      makeMessage(
        MessageType.ARTIFACT,
        header,
        { path: 'samples/step-1.png', ...body },
        [{ name: 'bytes', dtype: Dtype.U8, shape: [bytes.length], byteLength: bytes.length }],
        [bytes],
      );
    expect(() => readArtifact(wire(piece({ offset: 8, totalBytes: 10 })))).toThrow(/artifact\.offset is 8, expected "a piece within the file's 10 bytes/);
    expect(() => readArtifact(wire(piece({ offset: 0, totalBytes: 4, last: true, sha256: 'zz' })))).toThrow(/artifact\.sha256/);
    expect(() => readArtifact(wire(piece({ offset: 0, totalBytes: 9, last: true, sha256: 'a'.repeat(64) })))).toThrow(
      /artifact\.totalBytes is 9, expected "the end of the last piece, 4/,
    );
    const f32 = makeMessage(MessageType.ARTIFACT, header, { path: 'x', totalBytes: 4 }, [{ name: 'bytes', dtype: Dtype.F32, shape: [1], byteLength: 4 }], [new Uint8Array(4)]);
    expect(() => readArtifact(wire(f32))).toThrow(/chunks\[0\]\.dtype/);
  });
});
