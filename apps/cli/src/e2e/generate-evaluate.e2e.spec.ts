/**
 * slow: `acgan generate` and `acgan evaluate` on a run trained by the real program
 * (`acgan train`, 2 workers, a tiny 16x16 job of 3 steps).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { runCli, tinyJob } from './run-cli.ts';

let root: string;
let run: string;
let classNames: string[];

function pngSize(file: string): { width: number; height: number } {
  const png = PNG.sync.read(readFileSync(file));
  return { width: png.width, height: png.height };
}

/** Every file under dir (relative path -> bytes). */
function tree(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = join(prefix, entry.name);
    if (entry.isDirectory()) for (const [k, v] of tree(join(dir, entry.name), rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, entry.name)));
  }
  return out;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'acgan-e2e-gen-eval-'));
  run = join(root, 'run');
  const res = await runCli(['train', '--workers', '2', '--steps', '3', ...tinyJob(run)]);
  expect(res.code, res.stderr).toBe(0);
  expect(existsSync(join(run, 'export', 'generator', 'model.json'))).toBe(true);
  classNames = JSON.parse(readFileSync(join(run, 'dataset.json'), 'utf8')).classNames;
  expect(classNames).toHaveLength(10);
});

describe('slow: acgan generate on a trained run', () => {
  it('writes a folder of PNGs per class and a grid with a row per class; the same seed gives the same bytes', async () => {
    const a = join(root, 'gen-a');
    const res = await runCli(['generate', '--model', run, '--per-class', '2', '--out', a, '--seed', '1']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ classes: classNames, perClass: 2, seed: 1 });
    expect(readdirSync(a).sort()).toEqual([...classNames, 'grid.png'].sort());
    for (const name of classNames) {
      expect(readdirSync(join(a, name)).sort()).toEqual(['0.png', '1.png']);
      expect(pngSize(join(a, name, '0.png'))).toEqual({ width: 16, height: 16 });
    }
    expect(pngSize(join(a, 'grid.png'))).toEqual({ width: 2 * 16, height: classNames.length * 16 });

    const b = join(root, 'gen-b');
    expect((await runCli(['generate', '--model', run, '--per-class', '2', '--out', b, '--seed', '1'])).code).toBe(0);
    const ta = tree(a);
    const tb = tree(b);
    expect([...tb.keys()].sort()).toEqual([...ta.keys()].sort());
    for (const [k, v] of ta) expect(v.equals(tb.get(k)!), `${k} is byte-identical`).toBe(true);
  });

  it("export --from writes a checkpoint's models (at the last step the run's own export, file for file); generate on a run with no export uses its newest checkpoint", async () => {
    const res = await runCli(['export', '--from', run]);
    expect(res.code, res.stderr).toBe(0);
    const out = join(run, 'export-step-3');
    expect(JSON.parse(res.stdout)).toEqual({ from: run, step: 3, out, generator: join(out, 'generator', 'model.json') });
    const own = tree(join(run, 'export'));
    const fromCheckpoint = tree(out);
    expect([...fromCheckpoint.keys()].sort()).toEqual([...own.keys()].sort());
    for (const [k, v] of own) expect(v.equals(fromCheckpoint.get(k)!), `${k} is byte-identical`).toBe(true);
    rmSync(out, { recursive: true });

    const missing = await runCli(['export', '--from', run, '--step', '99']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no checkpoint of step 99 \(it has 3\)/);

    // An interrupted run: checkpoints, no export.
    const interrupted = join(root, 'interrupted');
    cpSync(run, interrupted, { recursive: true });
    rmSync(join(interrupted, 'export'), { recursive: true });
    const viaCheckpoint = join(root, 'gen-checkpoint');
    const gen = await runCli(['generate', '--model', interrupted, '--per-class', '2', '--out', viaCheckpoint, '--seed', '1']);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stderr).toMatch(/has no export yet: exporting its newest checkpoint \(step 3\) to .*export-step-3/);
    const viaExport = join(root, 'gen-export');
    expect((await runCli(['generate', '--model', run, '--per-class', '2', '--out', viaExport, '--seed', '1'])).code).toBe(0);
    expect(readFileSync(join(viaCheckpoint, 'grid.png')).equals(readFileSync(join(viaExport, 'grid.png')))).toBe(true);
  });

  it('--class 3,7 limits the output to those classes', async () => {
    const out = join(root, 'gen-37');
    const res = await runCli(['generate', '--model', run, '--per-class', '2', '--out', out, '--seed', '1', '--class', '3,7']);
    expect(res.code, res.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([classNames[3], classNames[7], 'grid.png'].sort());
    expect(pngSize(join(out, 'grid.png'))).toEqual({ width: 32, height: 32 });
  });

  it('bad input fails with a message naming the value', async () => {
    const bad = await runCli(['generate', '--model', run, '--out', join(root, 'gen-bad'), '--class', '3,banana']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--class "banana" is neither a class name/);
    expect(existsSync(join(root, 'gen-bad'))).toBe(false);
    const empty = await runCli(['generate', '--model', run, '--out', join(root, 'gen-empty'), '--class', '3,']);
    expect(empty.stderr).toMatch(/--class "" is neither/);
    const missing = await runCli(['generate', '--model', join(root, 'nope'), '--out', join(root, 'gen-x')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(join(root, 'nope'));
    const used = join(root, 'gen-used');
    mkdirSync(join(used, 'old'), { recursive: true });
    const reused = await runCli(['generate', '--model', run, '--out', used]);
    expect(reused.code).not.toBe(0);
    expect(reused.stderr).toContain(`--out ${used} exists and is not an empty folder`);
  });
});

describe('slow: acgan evaluate on a trained run', () => {
  it('--json reports class accuracy, diversity and Frechet distance in range with the real baselines', async () => {
    const res = await runCli(['evaluate', '--model', run, '--json', '--per-class', '8']);
    expect(res.code, res.stderr).toBe(0);
    const r = JSON.parse(res.stdout);
    expect(r.perClass).toBe(8);
    expect(r.generated.images).toBe(80);
    expect(r.generated.classAccuracy).toBeGreaterThanOrEqual(0);
    expect(r.generated.classAccuracy).toBeLessThanOrEqual(1);
    expect(r.generated.diversity).toBeGreaterThanOrEqual(0);
    expect(r.generated.frechetDistance).toBeGreaterThanOrEqual(0);
    expect(r.generated.perClass.map((c: { name: string }) => c.name)).toEqual(classNames);
    expect(r.classifier).toMatchObject({ heldOutImages: 1000, trainImages: 9000, featureDim: 64, cached: false });
    expect(r.baselines.classAccuracy).toBeGreaterThan(0.7);
    expect(r.baselines.diversity).toBe(1);
    expect(r.baselines.frechetDistance).toBeGreaterThan(0);
    // After 3 steps the generator is far from the data: worse than real on every measure.
    expect(r.generated.frechetDistance).toBeGreaterThan(r.baselines.frechetDistance);
    expect(existsSync(join(run, 'eval-cache'))).toBe(true);

    // Cached classifier, same seed: the same numbers; readable output without --json.
    const again = await runCli(['evaluate', '--model', run, '--per-class', '8']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/class accuracy/);
    expect(again.stdout).toMatch(/Frechet distance/);
    expect(again.stdout).toContain((100 * r.baselines.classAccuracy).toFixed(1) + '%');
    expect(again.stdout).toContain(r.generated.frechetDistance.toFixed(3));
    expect(again.stdout).toMatch(/classifier: cached/);
  });

  it('--help lists the flags; bad input names the value', async () => {
    const help = await runCli(['evaluate', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--model', '--dataset', '--per-class', '--seed', '--cache', '--json']) expect(help.stdout).toContain(flag);

    const missing = await runCli(['evaluate', '--model', join(root, 'nope'), '--json']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(`--model ${join(root, 'nope')}: run folder not found`);
    const noExport = join(root, 'no-export');
    mkdirSync(noExport);
    const bare = await runCli(['evaluate', '--model', noExport]);
    expect(bare.code).not.toBe(0);
    expect(bare.stderr).toContain(join(noExport, 'export', 'generator', 'model.json'));
    const unknown = await runCli(['evaluate', '--model', run, '--per-klass', '3']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown flag --per-klass');
    const badN = await runCli(['evaluate', '--model', run, '--per-class', 'many']);
    expect(badN.stderr).toContain('--per-class "many"');
    rmSync(noExport, { recursive: true });
  });
});
