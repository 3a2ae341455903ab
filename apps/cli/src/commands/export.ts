/**
 * `acgan export`: the generator and discriminator of a run's checkpoint in the
 * TensorFlow.js layers format, for a run that was interrupted (a run exports only
 * when it ends) or for an earlier step. `generate`, `evaluate` and `serve` use it
 * themselves when a run has no export yet (generatorOf).
 *
 *   npx acgan export --from runs/my-run            # the newest valid checkpoint
 *   npx acgan export --from runs/my-run --step 500 --out exports/step-500
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, learningRates, modelConfigOf, parseArgs, resolveConfig, type Logger, type RunConfig } from '@acgan/config';
import { rejectUnknownFlags } from './known-flags.ts';
import { AcganTrainer, initBackend, type BackendRequest } from '@acgan/model';
import { listCheckpoints, loadNewestCheckpoint, readCheckpoint, runPaths, type Checkpoint } from '@acgan/runs';

export const EXPORT_HELP = `Usage: npx acgan export --from <run dir> [--step N] [--out <dir>] [--backend b]

Writes generator/ and discriminator/ (TensorFlow.js layers format, as a finished run's
export/) from a checkpoint of the run: its newest valid one, or the one of --step.
generate, evaluate and serve do the same by themselves for a run that has no export
yet (an interrupted run), into <run dir>/export-step-<N>.

  --from <dir>       the run folder (its checkpoints/ and config)
  --step <n>         the checkpoint of this step (default: the newest valid one)
  --out <dir>        where to write, new or empty (default <run dir>/export-step-<n>)
  --backend <b>      auto | tensorflow-gpu | webgpu | tensorflow | wasm | cpu (default wasm:
                     an export needs no GPU)
  --help             this text`;

const FLAGS = ['from', 'step', 'out', 'backend', 'help'];

/** The checkpoint of `step`, or the newest valid one; errors name the folder and what it holds. */
function checkpointOf(runDir: string, step: number | undefined, log: Logger): Checkpoint {
  const dir = runPaths(runDir).checkpoints;
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) throw new Error(`${runDir}: no such run folder`);
  if (!existsSync(dir)) throw new Error(`${runDir}: not a run folder (no checkpoints/ folder)`);
  if (step === undefined) {
    const newest = loadNewestCheckpoint(dir, (path, err) => log.warn(`skipping checkpoint ${path}: ${err.message}`));
    if (!newest) throw new Error(`${runDir}: no valid checkpoint in ${dir}`);
    return newest;
  }
  const all = listCheckpoints(dir);
  const found = all.find((c) => c.step === step);
  if (!found) throw new Error(`${runDir}: no checkpoint of step ${step} (it has ${all.length > 0 ? all.map((c) => c.step).join(', ') : 'none'})`);
  return readCheckpoint(found.path);
}

/** Builds the run's model, loads the checkpoint's state into it and exports it to `out`. */
export async function exportCheckpoint(runDir: string, opts: { step?: number; out?: string; backend?: BackendRequest; log: Logger }): Promise<{ step: number; out: string }> {
  const ckpt = checkpointOf(runDir, opts.step, opts.log);
  const out = opts.out ?? join(runDir, `export-step-${ckpt.step}`);
  if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) throw new Error(`--out ${out} exists and is not an empty folder: choose a new one`);
  await writeExport(ckpt, out, opts.backend ?? 'wasm', opts.log);
  return { step: ckpt.step, out };
}

/** The model of `ckpt`'s config with its state, in the layers format under `out`. */
async function writeExport(ckpt: Checkpoint, out: string, backend: BackendRequest, log: Logger): Promise<void> {
  // The stored config through the same validation as a run's (an old or edited one is named).
  const cfg: RunConfig = resolveConfig(new Map(), { base: ckpt.config as Partial<RunConfig> });
  await initBackend(backend, (l) => log.info(l));
  const { lrD, lrG } = learningRates(cfg);
  const trainer = new AcganTrainer(modelConfigOf(cfg), { lrD, lrG, beta1: cfg.beta1, beta2: cfg.beta2, labelSmoothing: cfg.labelSmoothing, seed: cfg.seed });
  try {
    trainer.setState(ckpt.tensors);
    await trainer.exportModels(out);
  } finally {
    trainer.dispose();
  }
}

/** Finds model.json of the generator (in `exportDir`, when given) and the class names saved with the run. */
export function locateGenerator(model: string, exportDir?: string): { modelJson: string; classNames?: string[] } {
  const candidates = exportDir ? [join(exportDir, 'generator')] : [join(model, 'export', 'generator'), join(model, 'generator'), model];
  const dir = candidates.find((d) => existsSync(join(d, 'model.json')));
  if (!dir) throw new Error(`--model ${model}: no generator model.json in ${candidates.join(', ')}`);
  for (const facts of [join(model, 'dataset.json'), join(dir, '..', '..', 'dataset.json')]) {
    if (existsSync(facts)) {
      let parsed: { classNames?: unknown };
      try {
        parsed = JSON.parse(readFileSync(facts, 'utf8')) as { classNames?: unknown };
      } catch (e) {
        throw new Error(`${facts} is not valid JSON: ${(e as Error).message}`);
      }
      const names = parsed.classNames;
      if (names === undefined) return { modelJson: join(dir, 'model.json') };
      if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
        throw new Error(`${facts}: classNames ${JSON.stringify(names)}, expected a list of class names`);
      }
      return { modelJson: join(dir, 'model.json'), classNames: names as string[] };
    }
  }
  return { modelJson: join(dir, 'model.json') };
}

/**
 * The generator of `--model`: a run's export, an export folder, or, for a run with
 * checkpoints but no export yet, its newest checkpoint exported to
 * <run>/export-step-<N> (reused when it is already there), on `backend` (the command's
 * own, so that it does not switch backends under it).
 */
export async function generatorOf(model: string, log: Logger, backend: BackendRequest = 'wasm'): Promise<{ modelJson: string; classNames?: string[]; step?: number }> {
  try {
    return locateGenerator(model);
  } catch (noExport) {
    if (!existsSync(runPaths(model).checkpoints)) throw noExport;
    const ckpt = checkpointOf(model, undefined, log);
    const out = join(model, `export-step-${ckpt.step}`);
    if (!existsSync(join(out, 'generator', 'model.json'))) {
      log.info(`${model} has no export yet: exporting its newest checkpoint (step ${ckpt.step}) to ${out}`);
      await writeExport(ckpt, out, backend, log); // the checkpoint just read, not read again
    } else {
      log.info(`${model} has no export: using ${out} (its newest checkpoint, step ${ckpt.step})`);
    }
    const { classNames } = locateGenerator(model, out);
    return { modelJson: join(out, 'generator', 'model.json'), ...(classNames ? { classNames } : {}), step: ckpt.step };
  }
}

export async function run(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['help']));
  if (flags.has('help')) {
    console.log(EXPORT_HELP);
    return 0;
  }
  rejectUnknownFlags(flags, FLAGS, 'export: ');
  if (positional.length > 0) throw new Error(`export takes no positional arguments, got ${JSON.stringify(positional)} (see --help)`);
  const from = flags.get('from');
  if (typeof from !== 'string' || from === '') throw new Error('export needs --from <run dir> (see --help)');
  const rawStep = flags.get('step');
  const step = rawStep === undefined ? undefined : Number(rawStep);
  if (step !== undefined && (!Number.isSafeInteger(step) || step < 0)) throw new Error(`--step must be a non-negative integer, got ${JSON.stringify(rawStep)}`);
  const out = flags.get('out');
  if (out === true || out === '') throw new Error('--out needs a folder');
  const backend = flags.get('backend');
  if (backend === true) throw new Error('--backend needs a value');
  const log = createLogger({ component: 'export' });
  const done = await exportCheckpoint(from, { step, out: out as string | undefined, backend: backend as BackendRequest | undefined, log });
  console.log(JSON.stringify({ from, step: done.step, out: done.out, generator: join(done.out, 'generator', 'model.json') }));
  return 0;
}
