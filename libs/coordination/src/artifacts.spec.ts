// Rank 0's run outputs (ARTIFACT) through a real Coordinator over the in-memory transport:
// written into the run folder whole, only from rank 0, only where a run puts them.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyOf, makeArtifactMessages, MessageType, StatePurpose } from '@acgan/protocol';
import { ArtifactWriter } from '@acgan/runs';
import { describe, expect, it } from 'vitest';
import { handled, setUp, type ScriptedWorker } from './testing.ts';

async function send(w: ScriptedWorker, path: string, bytes: Uint8Array, pieceBytes = 1000): Promise<void> {
  for (const m of makeArtifactMessages({ session: w.session, rank: w.rank }, path, bytes, pieceBytes)) await w.t.send(m);
}

describe('Coordinator run outputs', () => {
  it("writes rank 0's files into the run folder and tells every rank the dataset facts; refuses other ranks and other paths", async () => {
    const root = mkdtempSync(join(tmpdir(), 'coordinator-artifacts-'));
    const facts = JSON.stringify({ classNames: ['zero', 'one'], size: 10 });
    const r = await setUp({ runDir: root }, { artifacts: new ArtifactWriter(root), datasetFactsJson: facts });
    const workers = [await r.worker(100), await r.worker(101)];
    for (const [i, w] of workers.entries()) await w.register(i);
    for (const w of workers) expect(bodyOf(await w.assigned(), MessageType.ASSIGN).datasetFactsJson).toBe(facts);
    const [r0, r1] = workers;
    expect(bodyOf(await r0.next(MessageType.STATE_REQUEST), MessageType.STATE_REQUEST).purpose).toBe(StatePurpose.INITIAL);

    const png = new Uint8Array(2500).map((_, i) => i % 251);
    await send(r0, 'samples/step-0.png', png);
    await send(r1, 'samples/step-1.png', png);
    await send(r0, '../outside.png', png);
    await send(r0, 'export/generator/model.json', new Uint8Array(10), 4);
    // A file cut off (its sender lost half-way) is dropped when the next one begins.
    const cut = makeArtifactMessages({ session: r0.session, rank: 0 }, 'samples/step-2.png', png, 1000);
    await r0.t.send(cut[0]);
    await send(r0, 'eval/step-2/report.json', Buffer.from('{"ok":true}'));
    await handled(r, r0);
    await handled(r, r1);

    expect(readFileSync(join(root, 'samples', 'step-0.png')).equals(Buffer.from(png))).toBe(true);
    expect(readFileSync(join(root, 'eval', 'step-2', 'report.json'), 'utf8')).toBe('{"ok":true}');
    expect(readdirSync(join(root, 'samples'))).toEqual(['step-0.png']);
    expect(existsSync(join(root, '..', 'outside.png'))).toBe(false);
    expect(r.lines).toContain(`wrote ${join(root, 'samples', 'step-0.png')} (2500 B, from rank 0)`);
    expect(r.lines.join('\n')).toMatch(/dropped an output file from rank 1: only rank 0 sends run outputs/);
    expect(r.lines.join('\n')).toMatch(/an output file from rank 0 was not written: "\.\.\/outside\.png" is not a file of a run folder/);
    expect(readFileSync(join(root, 'export', 'generator', 'model.json')).length).toBe(10);
  });

  it('an export that cannot be written is an error naming acgan export; without a run folder every file is dropped', async () => {
    const root = mkdtempSync(join(tmpdir(), 'coordinator-artifacts-'));
    const writer = new ArtifactWriter(root);
    const r = await setUp({ workers: 1, runDir: root }, { artifacts: { receive: () => ({ kind: 'refused', reason: 'ENOSPC' }), close: () => writer.close() } });
    const w = await r.worker(100);
    await w.register(0);
    await w.assigned();
    await send(w, 'export/generator/model.json', new Uint8Array(3));
    await r.line(new RegExp(`the export was not written: ENOSPC; \`acgan export --from ${root}\` writes it from the last checkpoint`));

    const bare = await setUp({ workers: 1 });
    const b = await bare.worker(200);
    await b.register(0);
    await b.assigned();
    await send(b, 'samples/step-0.png', new Uint8Array(3));
    await bare.line(/dropped an output file from rank 0: this coordinator keeps no run folder/);
  });
});
