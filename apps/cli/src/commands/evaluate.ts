/**
 * `acgan evaluate`: scores a run's exported generator with a classifier trained on the
 * real data (trained once, cached in <run>/eval-cache): class accuracy, diversity and
 * Frechet distance, beside the same measures on real data.
 *
 *   npx acgan evaluate --model runs/my-run --per-class 50 --json
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, keyToFlag, parseArgs, type Logger } from '@acgan/config';
import { evaluateRun, formatReport, readRunFacts } from '@acgan/evaluation';
import { initBackend, type BackendRequest } from '@acgan/model';
import { generatorOf } from './export.ts';

export const EVALUATE_HELP = `Usage: npx acgan evaluate --model <run dir> [flags]

Trains (once, then cached) a small convolutional classifier on the run's real training
data, then scores images of every class from <run dir>/export/generator:
  class accuracy    share of generated images the classifier assigns to their class
                    (real baseline: its accuracy on held-out real images)
  diversity         mean pairwise distance of a class's generated images in the
                    classifier's 64-d penultimate features, over the same for real images
                    of the class (real baseline 1; near 0 = mode collapse)
  Frechet distance  between Gaussians fitted to generated and real features (real
                    baseline: two disjoint real halves, one sized as the generated set)
Held-out real images: the dataset's test split (idx, cifar10, cifar100), else a fixed
seeded 10% of the training split (mnist, folder, shards).

  --model <dir>        the run folder (config.json, dataset.json, export/generator; a
                       run with no export yet, its newest checkpoint: see acgan export),
                       or an export folder inside a run (<run>/export, its generator/)
  --dataset <spec>     real data (default: the run's config.json dataset), e.g. mnist,
                       idx:/data/mnist
  --per-class <n>      generated images per class (default 50)
  --seed <s>           seeds the noise, the classifier and the real halves (default 1):
                       the same seed gives the same numbers
  --epochs <n>         classifier training epochs (default 2)
  --cache <dir>        classifier cache (default <run dir>/eval-cache); keyed by dataset
                       spec, image size, channels, classifier version and settings
  --backend <b>        auto | tensorflow-gpu | tensorflow | wasm | cpu (default auto)
  --json               print the report as one JSON object on stdout
  --help               this text`;

const FLAGS = ['model', 'dataset', 'perClass', 'seed', 'epochs', 'cache', 'backend', 'json', 'help'];
const BACKENDS: BackendRequest[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

function integerFlag(flags: Map<string, string | true>, name: string, fallback: number, min: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw === true || raw.trim() === '' || !Number.isSafeInteger(v) || v < min) {
    throw new Error(`--${keyToFlag(name)} ${JSON.stringify(raw)}: expected an integer >= ${min}`);
  }
  return v;
}

export async function run(argv: string[]): Promise<number> {
  const { flags, positional } = parseArgs(argv, new Set(['help', 'json']));
  if (flags.has('help')) {
    console.log(EVALUATE_HELP);
    return 0;
  }
  for (const k of flags.keys()) {
    if (!FLAGS.includes(k)) throw new Error(`unknown flag --${keyToFlag(k)} (see --help)`);
  }
  if (positional.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positional[0])} (see --help)`);
  const model = flags.get('model');
  if (typeof model !== 'string' || model === '') throw new Error('evaluate needs --model <run dir> (see --help)');
  if (!existsSync(model) || !statSync(model).isDirectory()) throw new Error(`--model ${model}: run folder not found`);
  const dataset = flags.get('dataset');
  if (dataset === true || dataset === '') throw new Error('--dataset needs a dataset spec, e.g. mnist');
  const cache = flags.get('cache');
  if (cache === true || cache === '') throw new Error('--cache needs a folder');
  const backend = (flags.get('backend') ?? 'auto') as BackendRequest;
  if (!BACKENDS.includes(backend)) throw new Error(`--backend ${JSON.stringify(backend)}: expected one of ${BACKENDS.join(', ')}`);
  const perClass = integerFlag(flags, 'perClass', 50, 2);
  const seed = integerFlag(flags, 'seed', 1, 0);
  const epochs = integerFlag(flags, 'epochs', 2, 1);

  const log = createLogger({ component: 'evaluate' });
  const { runDir, generatorJson } = await evaluationSource(model, log, backend);
  readRunFacts(runDir, generatorJson); // a missing export or config fails here, before any backend starts
  await initBackend(backend, (l) => log.info(l));
  const report = await evaluateRun({
    runDir,
    ...(generatorJson ? { generatorJson } : {}),
    dataset,
    perClass,
    seed,
    cacheDir: cache,
    classifier: { epochs },
    log: (l) => log.info(l),
  });
  console.log(flags.has('json') ? JSON.stringify(report) : formatReport(report));
  return 0;
}

/**
 * The run folder and generator of --model: a run (its export, or for a run with no
 * export yet its newest checkpoint, as generate and serve), or an export folder inside
 * a run (`<run>/export`, `<run>/export/generator`, `<run>/export-step-N`): the run is the
 * nearest folder above it with a config.json, whose dataset the scores need.
 */
export async function evaluationSource(model: string, log: Logger, backend: BackendRequest): Promise<{ runDir: string; generatorJson?: string }> {
  if (existsSync(join(model, 'config.json'))) {
    if (existsSync(join(model, 'export', 'generator', 'model.json'))) return { runDir: model };
    return { runDir: model, generatorJson: (await generatorOf(model, log, backend)).modelJson };
  }
  const own = [join(model, 'generator', 'model.json'), join(model, 'model.json')].find((f) => existsSync(f));
  const run = [join(model, '..'), join(model, '..', '..')].find((d) => existsSync(join(d, 'config.json')));
  if (own && run) return { runDir: run, generatorJson: own };
  return { runDir: model };
}
