/**
 * `acgan generate`: images of chosen classes from an exported generator, on any
 * backend, without the training run's processes. Writes one subfolder per class
 * (named as the dataset's classes) of PNG files and a grid with a row per class.
 *
 *   npx acgan generate --model runs/my-run --per-class 16 --out out/samples --seed 7
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, parseArgs } from '@acgan/config';
import { rejectUnknownFlags } from './known-flags.ts';
import { generateImages } from '@acgan/evaluation';
import { initBackend, loadLayersModelFromFile, writeSampleGrid, type BackendRequest } from '@acgan/model';
import type * as tf from '@tensorflow/tfjs';
import { generatorOf } from './export.ts';

export const GENERATE_HELP = `Usage: npx acgan generate --model <run dir | export dir> --out <dir> [flags]

  --model <dir>      a run folder (uses <dir>/export/generator; a run with no export
                     yet, its newest checkpoint: see acgan export) or a generator
                     export folder (holding model.json)
  --out <dir>        output folder, new or empty: <class name>/<i>.png per image, and
                     grid.png (a row per class)
  --per-class <n>    images per class (default 8)
  --class <list>     only these classes, each once: indices or names, comma-separated
                     (default all)
  --seed <s>         noise seed (default 1): the same seed gives the same images
  --backend <b>      auto | tensorflow-gpu | tensorflow | wasm | cpu (default auto)
  --help             this text`;

export async function run(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, new Set(['help']));
  if (flags.has('help')) {
    console.log(GENERATE_HELP);
    return 0;
  }
  rejectUnknownFlags(flags, ['model', 'out', 'perClass', 'class', 'seed', 'backend'], 'generate: ');
  const model = flags.get('model');
  const out = flags.get('out');
  if (typeof model !== 'string' || typeof out !== 'string') throw new Error('generate needs --model <dir> and --out <dir> (see --help)');
  const perClass = Number(flags.get('perClass') ?? 8);
  const seed = Number(flags.get('seed') ?? 1);
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error(`--per-class must be a positive integer, got ${JSON.stringify(flags.get('perClass'))}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got ${JSON.stringify(flags.get('seed'))}`);
  if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) {
    throw new Error(`--out ${out} exists and is not an empty folder: choose a new one (old images would mix with the new)`);
  }
  const log = createLogger({ component: 'generate' });
  const backend = (flags.get('backend') as BackendRequest | undefined) ?? 'auto';
  await initBackend(backend, (l) => log.info(l));

  const { modelJson, classNames: saved } = await generatorOf(model, log, backend);
  const generator = await loadLayersModelFromFile(modelJson);
  const [, size, , channels] = generator.outputs[0].shape as number[];
  const numClasses = inferNumClasses(generator, saved);
  const classNames = saved ?? Array.from({ length: numClasses }, (_, i) => String(i));
  const selected = parseClasses(flags.get('class'), classNames);

  const labels = new Int32Array(selected.length * perClass);
  selected.forEach((c, row) => labels.fill(c, row * perClass, (row + 1) * perClass));
  // Noise sampleLatent(seed, n, latentDim), predicted in batches.
  const images = await generateImages(generator, labels, seed);
  const per = size * size * channels;
  for (let row = 0; row < selected.length; row++) {
    const dir = join(out, safeName(classNames[selected[row]]));
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const k = row * perClass + i;
      await writeSampleGrid(join(dir, `${i}.png`), images.subarray(k * per, (k + 1) * per), 1, 1, size, channels);
    }
  }
  await writeSampleGrid(join(out, 'grid.png'), images, selected.length, perClass, size, channels);
  console.log(JSON.stringify({ out, classes: selected.map((c) => classNames[c]), perClass, seed, grid: join(out, 'grid.png') }));
  return 0;
}

function inferNumClasses(generator: tf.LayersModel, saved?: string[]): number {
  const emb = generator.layers.find((l) => l.name === 'g_embedding' || l.name === 'g_onehot');
  const dim = emb?.getConfig().inputDim;
  if (saved) {
    // A label beyond the embedding would silently read garbage on some backends.
    if (typeof dim === 'number' && dim !== saved.length) {
      throw new Error(`the generator has ${dim} classes but dataset.json names ${saved.length} (${saved.join(', ')})`);
    }
    return saved.length;
  }
  if (typeof dim !== 'number') throw new Error('cannot tell the number of classes of this generator (no dataset.json beside it)');
  return dim;
}

function parseClasses(arg: string | true | undefined, names: string[]): number[] {
  if (arg === undefined) return names.map((_, i) => i);
  if (arg === true) throw new Error('--class needs a value');
  const seen = new Set<number>();
  return arg.split(',').map((s) => {
    const byName = names.indexOf(s);
    // Digits only: Number('') is 0 and Number('1e0') is 1, neither is a class index.
    const n = byName >= 0 ? byName : /^[0-9]+$/.test(s) ? Number(s) : NaN;
    if (!(Number.isInteger(n) && n >= 0 && n < names.length)) {
      throw new Error(`--class ${JSON.stringify(s)} is neither a class name (${names.join(', ')}) nor an index in [0, ${names.length})`);
    }
    if (seen.has(n)) throw new Error(`--class ${JSON.stringify(s)}: class ${names[n]} is listed twice`);
    seen.add(n);
    return n;
  });
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || '_';
}
