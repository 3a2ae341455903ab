/**
 * `acgan serve`: a small web page that loads a run's exported generator with
 * tf.loadLayersModel in the browser and draws a grid of images of a chosen class
 * and seed. A plain node:http server; it serves only the page, the TensorFlow.js
 * browser bundle, the generator export folder (/model/*) and the class names.
 *
 *   npx acgan serve --model runs/my-run --port 8080
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, parseArgs } from '@acgan/config';
import { rejectUnknownFlags } from './known-flags.ts';
import { CONTENT_TYPES, hostAndPort, send, sendFile, serveUntilSignal, TEXT } from '../http/local-server.ts';
import { generatorOf } from './export.ts';

export const SERVE_HELP = `Usage: npx acgan serve --model <run dir | export dir> [flags]

Serves a web page that loads the exported generator in the browser
(tf.loadLayersModel) and generates a grid of images for a chosen class and seed,
showing the time it took. Prints {"url": ...} as one JSON line when listening;
stops on SIGINT (Ctrl-C) or SIGTERM.

  --model <dir>      a run folder (uses <dir>/export/generator and the class names of
                     <dir>/dataset.json) or a generator export folder (holding model.json)
  --host <addr>      address to listen on (default 127.0.0.1: this machine only)
  --port <n>         TCP port (default 0: a free port, see the printed url)
  --help             this text

Routes: /  the page;  /tf.min.js  the TensorFlow.js bundle;  /classes.json  class
names;  /model/<file>  the files of the generator export folder (nothing else).`;

const FLAGS = ['model', 'host', 'port'];

/** Static files of the page, beside this command in src/serve/. */
const PAGE_DIR = fileURLToPath(new URL('../serve/', import.meta.url));

export interface ServedModel {
  /** Folder holding model.json and the weight files. */
  dir: string;
  classNames: string[];
}

/** The generator export folder and class names of --model; errors name the paths looked at. */
export function locateServedModel(model: string, generatorDir?: string): ServedModel {
  if (!existsSync(model) || !statSync(model).isDirectory()) throw new Error(`--model ${model}: run folder not found`);
  const candidates = generatorDir ? [generatorDir] : [join(model, 'export', 'generator'), model];
  const dir = candidates.find((d) => existsSync(join(d, 'model.json')));
  if (!dir) throw new Error(`--model ${model}: no generator export, looked for ${candidates.map((d) => join(d, 'model.json')).join(' and ')}`);
  const modelJson = join(dir, 'model.json');
  let topology: unknown;
  try {
    topology = JSON.parse(readFileSync(modelJson, 'utf8'));
  } catch (e) {
    throw new Error(`${modelJson} is not valid JSON: ${(e as Error).message}`);
  }
  const numClasses = embeddingInputDim(topology);
  let classNames: string[] | undefined;
  for (const facts of [join(model, 'dataset.json'), join(dir, '..', '..', 'dataset.json')]) {
    if (!existsSync(facts)) continue;
    let names: unknown;
    try {
      names = (JSON.parse(readFileSync(facts, 'utf8')) as { classNames?: unknown }).classNames;
    } catch (e) {
      throw new Error(`${facts} is not valid JSON: ${(e as Error).message}`);
    }
    if (names === undefined) break;
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
      throw new Error(`${facts}: classNames ${JSON.stringify(names)}, expected a list of class names`);
    }
    if (numClasses !== undefined && numClasses !== names.length) {
      throw new Error(`${modelJson} has ${numClasses} classes but ${facts} names ${names.length}`);
    }
    classNames = names as string[];
    break;
  }
  if (!classNames) {
    if (numClasses === undefined) throw new Error(`cannot tell the number of classes of ${modelJson} (no dataset.json beside it)`);
    classNames = Array.from({ length: numClasses }, (_, i) => String(i));
  }
  return { dir: realpathSync(dir), classNames };
}

/** inputDim of the generator's class embedding (g_embedding or g_onehot) in a layers-format model.json. */
function embeddingInputDim(modelJson: unknown): number | undefined {
  const layers = (modelJson as { modelTopology?: { model_config?: { config?: { layers?: unknown } } } })?.modelTopology?.model_config?.config?.layers;
  if (!Array.isArray(layers)) return undefined;
  for (const layer of layers as { config?: { name?: unknown; input_dim?: unknown } }[]) {
    const name = layer?.config?.name;
    if ((name === 'g_embedding' || name === 'g_onehot') && typeof layer.config?.input_dim === 'number') return layer.config.input_dim;
  }
  return undefined;
}

/**
 * The file of the export folder a /model/ request names, or an HTTP status:
 * 400 for a path with a `..` segment, a backslash or a NUL (never normalised away), 404 for
 * anything that is not a regular file inside the folder (symbolic links resolved).
 */
export function resolveModelFile(dir: string, rawPath: string): string | 400 | 404 {
  let rel: string;
  try {
    rel = decodeURIComponent(rawPath);
  } catch {
    return 400;
  }
  // `.` segments are harmless (TF.js manifests name weights as ./file.bin); `..` never is.
  const segments = rel.split('/').filter((s) => s !== '.');
  if (rel.includes('\\') || rel.includes('\0') || segments.includes('..')) return 400;
  if (rel === '' || segments.some((s) => s === '')) return 404;
  const file = resolve(dir, ...segments);
  if (!inside(dir, file)) return 400;
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return 404;
  }
  if (!inside(dir, real) || !statSync(real).isFile()) return 404;
  return real;
}

function inside(dir: string, file: string): boolean {
  const r = relative(dir, file);
  return r !== '' && !r.startsWith('..' + sep) && r !== '..' && !isAbsolute(r);
}

export async function run(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv, new Set(['help']));
  if (flags.has('help')) {
    console.log(SERVE_HELP);
    return 0;
  }
  rejectUnknownFlags(flags, FLAGS);
  if (positional.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positional[0])} (see --help)`);
  const model = flags.get('model');
  if (typeof model !== 'string' || model === '') throw new Error('serve needs --model <run dir> (see --help)');
  const { host, port } = hostAndPort(flags);

  let served: ServedModel;
  try {
    served = locateServedModel(model);
  } catch (noExport) {
    // A run with no export yet (interrupted): its newest checkpoint, as generate and evaluate.
    if (!existsSync(join(model, 'checkpoints'))) throw noExport;
    const { modelJson } = await generatorOf(model, createLogger({ component: 'serve' }));
    served = locateServedModel(model, dirname(modelJson));
  }
  const tfBundle = createRequire(import.meta.url).resolve('@tensorflow/tfjs/dist/tf.min.js');
  const classesJson = JSON.stringify({ classNames: served.classNames });
  const staticFiles: Record<string, string> = {
    '/': join(PAGE_DIR, 'index.html'),
    '/index.html': join(PAGE_DIR, 'index.html'),
    '/page.js': join(PAGE_DIR, 'page.js'),
    '/tf.min.js': tfBundle,
  };

  const handle = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    if (path === '/classes.json') return send(res, 200, CONTENT_TYPES['.json'], classesJson, req.method === 'HEAD');
    if (path.startsWith('/model/')) {
      const file = resolveModelFile(served.dir, path.slice('/model/'.length));
      if (file === 400) return send(res, 400, TEXT, 'bad path\n');
      if (file === 404) return send(res, 404, TEXT, 'not found\n');
      return sendFile(req, res, file);
    }
    const file = staticFiles[path];
    if (file) return sendFile(req, res, file);
    send(res, 404, TEXT, 'not found\n');
  };
  await serveUntilSignal('acgan serve', {
    host,
    port,
    handle,
    listening: (url) => console.log(JSON.stringify({ url, model: served.dir, classes: served.classNames.length })),
  });
  return 0;
}
