import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactWriter, artifactPathProblem, type ArtifactPieceIn } from './artifact-writer.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The pieces of `bytes` as `path`, `size` bytes each, as rank 0 sends them. */
function pieces(path: string, bytes: Uint8Array, size: number): ArtifactPieceIn[] {
  const out: ArtifactPieceIn[] = [];
  for (let o = 0; o === 0 || o < bytes.length; o += size) {
    const last = o + size >= bytes.length;
    out.push({ path, offset: o, totalBytes: bytes.length, last, sha256: last ? sha(bytes) : '', bytes: bytes.subarray(o, o + size) });
  }
  return out;
}

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));

describe('ArtifactWriter', () => {
  it('writes a file sent in pieces into the run folder, only once the last piece is in', () => {
    const root = mkdtempSync(join(tmpdir(), 'artifacts-'));
    const w = new ArtifactWriter(root);
    const data = new Uint8Array(10_000).map((_, i) => i % 256);
    const [a, b, c] = pieces('export/generator/weights.bin', data, 4000);
    expect(w.receive(a).kind).toBe('partial');
    expect(w.receive(b).kind).toBe('partial');
    expect(existsSync(join(root, 'export/generator/weights.bin'))).toBe(false);
    expect(w.receive(c)).toEqual({ kind: 'written', file: join(root, 'export/generator/weights.bin'), bytes: 10_000 });
    expect(readFileSync(join(root, 'export/generator/weights.bin')).equals(Buffer.from(data))).toBe(true);
    expect(files(root)).toEqual(['export/generator/weights.bin']);
    // An empty file is one last piece.
    expect(w.receive(pieces('eval/step-4/report.json', new Uint8Array(0), 10)[0]).kind).toBe('written');
  });

  it('refuses paths a run does not make, with the reason, and writes nothing', () => {
    for (const bad of [
      '../escape.png',
      'samples/../../x.png',
      '/etc/passwd',
      'export/generator/../../x',
      'samples/step-1.png.sh',
      'checkpoints/step-5.ckpt',
      'eval/step-1/.hidden',
      'logs/worker-0.jsonl',
    ]) {
      expect(artifactPathProblem(bad), bad).toMatch(/is not a file of a run folder/);
    }
    for (const good of ['samples/step-120.png', 'export/discriminator/model.json', 'eval/step-40/export/generator/weights.bin', 'eval/step-40/report.json'])
      expect(artifactPathProblem(good)).toBe('');
    const root = mkdtempSync(join(tmpdir(), 'artifacts-'));
    const out = new ArtifactWriter(root).receive(pieces('../escape.png', new Uint8Array(3), 10)[0]);
    expect(out).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/"\.\.\/escape\.png" is not a file of a run folder/) });
    expect(files(root)).toEqual([]);
  });

  it('drops a file whose pieces do not follow or whose digest is wrong, leaving no temporary file', () => {
    const root = mkdtempSync(join(tmpdir(), 'artifacts-'));
    const w = new ArtifactWriter(root);
    const data = new Uint8Array(300).fill(7);
    const [a, , c] = pieces('samples/step-3.png', data, 100);
    w.receive(a);
    expect(w.receive(c)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/a piece at byte 200 of 300 does not follow samples\/step-3\.png at byte 100 of 300/) });
    const [x, y, z] = pieces('samples/step-3.png', data, 100);
    w.receive(x);
    w.receive(y);
    expect(w.receive({ ...z, sha256: sha(new Uint8Array(1)) })).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/SHA-256/) });
    expect(files(root)).toEqual([]);
    // A file cut off by a lost sender is dropped when the next one starts, and on close.
    w.receive(pieces('samples/step-4.png', data, 100)[0]);
    expect(w.receive(pieces('samples/step-5.png', data, 300)[0]).kind).toBe('written');
    w.receive(pieces('samples/step-6.png', data, 100)[0]);
    w.close();
    expect(files(root)).toEqual(['samples/step-5.png']);
  });

  it('refuses a file larger than an output may be', () => {
    const w = new ArtifactWriter(mkdtempSync(join(tmpdir(), 'artifacts-')));
    expect(w.receive({ path: 'samples/step-1.png', offset: 0, totalBytes: 2 ** 40, last: false, sha256: '', bytes: new Uint8Array(1) })).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/more than the \d+ an output may have/),
    });
  });
});
