// Chooses and initialises the TF.js compute backend. 'auto' tries, in order: tensorflow-gpu
// (@tensorflow/tfjs-node-gpu, CUDA), webgpu on a hardware adapter (Dawn, Vulkan), tensorflow
// (@tensorflow/tfjs-node, CPU), wasm, cpu; it logs ONE line naming the chosen backend and why
// each earlier one was not taken. A software WebGPU adapter (llvmpipe, SwiftShader) is used
// only when webgpu is asked for by name: it runs the GPU path on the CPU, slowly.
//
// The node backends are optional dependencies loaded by dynamic import. They bring their own
// dependency on @tensorflow/tfjs; with every @tensorflow/* pinned to the same version npm
// dedupes it, and TF.js keeps its engine and kernel registry on the global object anyway, so
// the backend they register is visible to our `tf`. We still check that it is, and refuse a
// second copy of a different version (two engines would not see each other's tensors).
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerFileRouter } from './file-io.ts';
import { registerWasmTrainingKernels } from './wasm-training-kernels.ts';
import { activateWebgpu, WebgpuUnavailable } from './webgpu-backend.ts';

export type BackendRequest = 'auto' | 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';

export interface BackendChoice {
  /** The TF.js backend name now active: 'tensorflow' (for both node packages), 'webgpu', 'wasm' or 'cpu'. */
  backend: string;
  /** The device it computes on, when it names one (the WebGPU adapter, e.g. "NVIDIA A100 (vulkan)"). */
  device?: string;
  /** Which option was chosen, e.g. 'tensorflow-gpu'. */
  chosen: BackendRequest;
  /** Why each option tried before the chosen one was not taken. */
  reasons: string[];
}

const ORDER: Exclude<BackendRequest, 'auto'>[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];
const NODE_PACKAGES = { 'tensorflow-gpu': '@tensorflow/tfjs-node-gpu', tensorflow: '@tensorflow/tfjs-node' } as const;

const require = createRequire(import.meta.url);
let wasmPathsSet = false;
let nodePackageLoaded: string | null = null;

class NotInstalled extends Error {}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

async function loadNodeBackend(option: 'tensorflow-gpu' | 'tensorflow'): Promise<undefined> {
  const pkg = NODE_PACKAGES[option];
  if (nodePackageLoaded && nodePackageLoaded !== pkg) {
    throw new Error(`${nodePackageLoaded} is already loaded in this process; both register the 'tensorflow' backend`);
  }
  try {
    require.resolve(pkg);
  } catch {
    throw new NotInstalled(`${pkg} not installed`);
  }
  // A variable specifier keeps bundlers and vitest from resolving the optional package statically.
  const specifier: string = pkg;
  const mod = (await import(specifier)) as { version?: Record<string, string> };
  nodePackageLoaded = pkg;
  const theirs = mod.version?.['tfjs-core'];
  if (theirs && theirs !== tf.version_core) {
    throw new Error(`${pkg} uses tfjs-core ${theirs} but this process uses ${tf.version_core}; pin every @tensorflow/* package to one version`);
  }
  if (tf.findBackendFactory('tensorflow') == null) {
    throw new Error(`${pkg} loaded but its 'tensorflow' backend is not registered with our @tensorflow/tfjs (a second copy of tfjs-core?)`);
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg}: tf.setBackend('tensorflow') failed`);
  return undefined;
}

/** Makes `option` the active backend; returns the device it names, if any. */
async function activate(option: Exclude<BackendRequest, 'auto'>, explicit: boolean, log: (line: string) => void): Promise<string | undefined> {
  switch (option) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return loadNodeBackend(option);
    case 'webgpu': {
      const info = await activateWebgpu({
        allowSoftware: explicit,
        // A lost device leaves nothing to compute on: crash, so that the launcher restarts the worker.
        onDeviceLost: (message) => {
          log(message);
          setImmediate(() => {
            throw new Error(message);
          });
        },
      });
      const shown = info.description || info.name;
      return info.software ? `${shown}, a software adapter: the GPU code path on the CPU, for testing` : shown;
    }
    case 'wasm': {
      if (!wasmPathsSet) {
        wasmPathsSet = true;
        // In Node the .wasm binaries are read from the package's dist folder by file path. If some
        // earlier op already initialised wasm it found them without our help, and this throws.
        try {
          setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep);
        } catch {
          // already initialised
        }
      }
      registerWasmTrainingKernels();
      if (!(await tf.setBackend('wasm'))) throw new Error("tf.setBackend('wasm') failed");
      return undefined;
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error("tf.setBackend('cpu') failed");
      return undefined;
  }
}

const cache = new Map<BackendRequest, Promise<BackendChoice>>();

/**
 * Selects the backend (see file header), sets TF_FORCE_GPU_ALLOW_GROWTH=true unless set,
 * registers the wasm training kernels and a file:// model IO handler. Idempotent: calling it
 * again with the same request returns the same result without logging again.
 */
export function initBackend(requested: BackendRequest, log: (line: string) => void = () => {}): Promise<BackendChoice> {
  const options: BackendRequest[] = ['auto', ...ORDER];
  if (!options.includes(requested)) {
    return Promise.reject(new Error(`backend = ${JSON.stringify(requested)}, expected one of ${options.join(', ')}`));
  }
  const cached = cache.get(requested);
  if (cached) {
    return cached.then(async (choice) => {
      if (tf.getBackend() !== choice.backend) await tf.setBackend(choice.backend);
      return choice;
    });
  }
  const pending = select(requested, log);
  cache.set(requested, pending);
  pending.catch(() => cache.delete(requested));
  return pending;
}

async function select(requested: BackendRequest, log: (line: string) => void): Promise<BackendChoice> {
  if (process.env.TF_FORCE_GPU_ALLOW_GROWTH === undefined) process.env.TF_FORCE_GPU_ALLOW_GROWTH = 'true';
  const candidates = requested === 'auto' ? ORDER : [requested];
  const reasons: string[] = [];
  for (const option of candidates) {
    try {
      const device = await activate(option, requested !== 'auto', log);
      await tf.ready();
      const backend = tf.getBackend();
      // After the backend: tfjs-node brings its own file:// handler, and two would clash.
      registerFileRouter();
      const why = reasons.length ? `; not taken: ${reasons.join('; ')}` : '';
      const on = device ? ` on ${device}` : '';
      log(`TF.js backend: ${option}${on} (${backend}${requested === 'auto' ? ', auto' : ', as requested'})${why}`);
      return { backend, chosen: option, reasons, ...(device ? { device } : {}) };
    } catch (e) {
      const plain = e instanceof NotInstalled || e instanceof WebgpuUnavailable;
      reasons.push(plain ? `${option}: ${(e as Error).message}` : `${option}: failed to load: ${message(e)}`);
    }
  }
  throw new Error(`no TF.js backend could be initialised: ${reasons.join('; ')}`);
}
