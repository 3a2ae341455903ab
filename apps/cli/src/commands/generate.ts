/**
 * `acgan generate`: images of chosen classes from an exported generator, on any
 * backend, without the training run's processes. Writes one subfolder per class
 * (named as the dataset's classes) of PNG files and a grid with a row per class.
 *
 *   npx acgan generate --model runs/my-run --per-class 16 --out out/samples --seed 7
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, parseArgs } from '@acgan/config';
import { initBackend, loadLayersModelFromFile, sampleLatent, writeSampleGrid } from '@acgan/model';
import * as tf from '@tensorflow/tfjs';

export const GENERATE_HELP = `Usage: npx acgan generate --model <run dir | export dir> --out <dir> [flags]

  --model <dir>      a run folder (uses <dir>/export/generator) or a generator export
                     folder (holding model.json)
  --out <dir>        output folder: <class name>/<i>.png per image, and grid.png
  --per-class <n>    images per class (default 8)
  --class <list>     only these classes: indices or names, comma-separated (default all)
  --seed <s>         noise seed (default 1): the same seed gives the same images
  --backend <b>      auto | tensorflow-gpu | tensorflow | wasm | cpu (default auto)
  --help             this text`;

/** Finds model.json of the generator and the class names saved with the run. */
export function locateGenerator(model: string): { modelJson: string; classNames?: string[] } {
  const candidates = [join(model, 'export', 'generator'), join(model, 'generator'), model];
  const dir = candidates.find((d) => existsSync(join(d, 'model.json')));
  if (!dir) throw new Error(`--model ${model}: no generator model.json in ${candidates.join(', ')}`);
  for (const facts of [join(model, 'dataset.json'), join(dir, '..', '..', 'dataset.json')]) {
    if (existsSync(facts)) {
      const parsed = JSON.parse(readFileSync(facts, 'utf8')) as { classNames?: string[] };
      return { modelJson: join(dir, 'model.json'), classNames: parsed.classNames };
    }
  }
  return { modelJson: join(dir, 'model.json') };
}

export async function run(argv: string[]): Promise<number> {
  const { flags } = parseArgs(argv, new Set(['help']));
  if (flags.has('help')) {
    console.log(GENERATE_HELP);
    return 0;
  }
  for (const k of flags.keys()) {
    if (!['model', 'out', 'perClass', 'class', 'seed', 'backend'].includes(k)) throw new Error(`generate: unknown flag --${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} (see --help)`);
  }
  const model = flags.get('model');
  const out = flags.get('out');
  if (typeof model !== 'string' || typeof out !== 'string') throw new Error('generate needs --model <dir> and --out <dir> (see --help)');
  const perClass = Number(flags.get('perClass') ?? 8);
  const seed = Number(flags.get('seed') ?? 1);
  if (!Number.isInteger(perClass) || perClass < 1) throw new Error(`--per-class must be a positive integer, got ${JSON.stringify(flags.get('perClass'))}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${JSON.stringify(flags.get('seed'))}`);
  const log = createLogger({ component: 'generate' });
  await initBackend((flags.get('backend') as 'auto') ?? 'auto', (l) => log.info(l));

  const { modelJson, classNames: saved } = locateGenerator(model);
  const generator = await loadLayersModelFromFile(modelJson);
  const [noiseShape] = generator.inputs.map((i) => i.shape);
  const latentDim = Number(noiseShape[1]);
  const [, size, , channels] = generator.outputs[0].shape as number[];
  const numClasses = inferNumClasses(generator, saved);
  const classNames = saved ?? Array.from({ length: numClasses }, (_, i) => String(i));
  const selected = parseClasses(flags.get('class'), classNames);

  const labels = new Int32Array(selected.length * perClass);
  selected.forEach((c, row) => labels.fill(c, row * perClass, (row + 1) * perClass));
  const noise = sampleLatent(seed, labels.length, latentDim);
  const images = tf.tidy(() => {
    const y = generator.predict([tf.tensor2d(noise, [labels.length, latentDim]), tf.tensor2d(labels, [labels.length, 1], 'int32')]) as tf.Tensor;
    return y.dataSync() as Float32Array;
  });
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
  if (saved) return saved.length;
  const emb = generator.layers.find((l) => l.name === 'g_embedding' || l.name === 'g_onehot');
  const dim = emb?.getConfig().inputDim;
  if (typeof dim !== 'number') throw new Error('cannot tell the number of classes of this generator (no dataset.json beside it)');
  return dim;
}

function parseClasses(arg: string | true | undefined, names: string[]): number[] {
  if (arg === undefined) return names.map((_, i) => i);
  if (arg === true) throw new Error('--class needs a value');
  return arg.split(',').map((s) => {
    const byName = names.indexOf(s);
    if (byName >= 0) return byName;
    const n = Number(s);
    if (Number.isInteger(n) && n >= 0 && n < names.length) return n;
    throw new Error(`--class ${JSON.stringify(s)} is neither a class name (${names.join(', ')}) nor an index in [0, ${names.length})`);
  });
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_') || '_';
}
