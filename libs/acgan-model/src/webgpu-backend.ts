// The WebGPU path: TF.js's webgpu backend (@tensorflow/tfjs-backend-webgpu) on Dawn, Chrome's
// WebGPU implementation, which the npm package `webgpu` ships prebuilt (an optional dependency).
// Dawn drives the GPU through Vulkan on Linux (Metal on macOS, D3D12 on Windows), so this path
// needs a GPU driver with a Vulkan ICD and nothing of CUDA.
//
// Which GPU: Dawn takes the first adapter the Vulkan loader lists, or the first whose name
// contains ACGAN_WEBGPU_ADAPTER (Dawn's `adapter=` option). Names do not tell identical GPUs
// apart, so the launcher pins each worker below Dawn, in Vulkan's device list (gpu-devices.ts
// in @acgan/coordination; README "GPU").
//
// A software adapter (Mesa's llvmpipe/lavapipe, SwiftShader) runs the same shaders on the CPU:
// right for testing this path on a machine without a GPU, never what `auto` should pick.
//
// In Node, tensors must be read with data(), never dataSync(): the webgpu backend's synchronous
// read goes through OffscreenCanvas, which Node does not have.
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { registerWebgpuTrainingKernels } from './webgpu-training-kernels.ts';

/** Environment variable naming the adapter (a substring of its name) a worker should use. */
export const WEBGPU_ADAPTER_ENV = 'ACGAN_WEBGPU_ADAPTER';

export interface WebgpuAdapterInfo {
  /** The adapter's device name as WebGPU reports it (normalised, e.g. "llvmpipe-llvm-15-0-6-256-bits-"). */
  name: string;
  vendor: string;
  architecture: string;
  /** Driver description, e.g. "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)". */
  description: string;
  /** A CPU implementation of the API (llvmpipe, SwiftShader, WARP) rather than a GPU. */
  software: boolean;
}

/** Why the webgpu backend cannot be used, with a stable kind for callers that explain it. */
export class WebgpuUnavailable extends Error {
  override readonly name = 'WebgpuUnavailable';
  constructor(
    readonly kind: 'not-installed' | 'no-adapter' | 'software-adapter' | 'device-failed',
    message: string,
    readonly adapter?: WebgpuAdapterInfo,
  ) {
    super(message);
  }
}

/** The parts of Dawn's WebGPU objects used here (the `webgpu` package's own types need DOM globals). */
interface RawAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface DawnDevice {
  lost: Promise<{ reason?: string; message?: string }>;
}
interface DawnAdapter {
  info: RawAdapterInfo;
  features: ReadonlySet<string>;
  limits: Record<string, number>;
  requestDevice(descriptor: object): Promise<DawnDevice>;
}
interface DawnGpu {
  requestAdapter(options?: object): Promise<DawnAdapter | null>;
}
interface DawnModule {
  create(flags: string[]): DawnGpu;
  globals: Record<string, unknown>;
}

const require = createRequire(import.meta.url);
let dawnModule: Promise<DawnModule> | undefined;

/** Loads Dawn (the optional `webgpu` package) once and installs its GPU* constants as globals. */
function loadDawn(): Promise<DawnModule> {
  dawnModule ??= (async () => {
    try {
      require.resolve('webgpu');
    } catch {
      throw new WebgpuUnavailable('not-installed', 'the npm package webgpu (Dawn) is not installed');
    }
    // A variable specifier keeps bundlers and vitest from resolving the optional package statically.
    const specifier: string = 'webgpu';
    const mod = (await import(specifier)) as DawnModule;
    // tfjs-backend-webgpu uses GPUBufferUsage, GPUMapMode, ... as globals, as in a browser.
    for (const [key, value] of Object.entries(mod.globals)) if (!(key in globalThis)) (globalThis as Record<string, unknown>)[key] = value;
    return mod;
  })();
  dawnModule.catch(() => (dawnModule = undefined));
  return dawnModule;
}

const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|software|microsoft basic render|\bwarp\b/i;

/** Dawn's adapter info as a plain record, with software adapters recognised. */
export function describeAdapter(info: RawAdapterInfo): WebgpuAdapterInfo {
  const name = info.device || info.description || 'unknown adapter';
  const software = info.isFallbackAdapter === true || info.architecture === 'software' || SOFTWARE_NAMES.test(`${name} ${info.description ?? ''}`);
  return { name, vendor: info.vendor ?? '', architecture: info.architecture ?? '', description: info.description ?? '', software };
}

/**
 * Every adapter Dawn can use, as Dawn lists them (its `adapter=` option with a name that matches
 * none makes it reject with the list). Empty when Dawn finds no Vulkan device at all.
 */
export async function listWebgpuAdapters(): Promise<{ backend: string; name: string }[]> {
  const dawn = await loadDawn();
  const gpu = dawn.create(['adapter=acgan: list every adapter, match none']);
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? [{ backend: 'unknown', name: describeAdapter(adapter.info).name }] : [];
  } catch (e) {
    return parseAdapterList(e instanceof Error ? e.message : String(e));
  }
}

/** Parses Dawn's "Available adapters:" list (lines ` * backend: 'vulkan', name: '...'`). */
export function parseAdapterList(text: string): { backend: string; name: string }[] {
  const out: { backend: string; name: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\* backend: '([^']*)', name: '(.*)'\s*$/.exec(line);
    if (m) out.push({ backend: m[1], name: m[2] });
  }
  return out;
}

export interface WebgpuOptions {
  /** Accept a software adapter (only when the user asked for webgpu by name). */
  allowSoftware: boolean;
  /** Substring of the adapter name to use; default: $ACGAN_WEBGPU_ADAPTER, else Dawn's first. */
  adapterName?: string;
  /** Called if the device is lost after it was created (driver reset, GPU fallen off the bus). */
  onDeviceLost?: (message: string) => void;
}

/** The adapter Dawn offers for these options; throws WebgpuUnavailable saying why there is none. */
export async function requestWebgpuAdapter(opts: Pick<WebgpuOptions, 'adapterName'> = {}): Promise<{ gpu: DawnGpu; adapter: DawnAdapter; info: WebgpuAdapterInfo }> {
  const dawn = await loadDawn();
  const name = opts.adapterName ?? process.env[WEBGPU_ADAPTER_ENV] ?? '';
  const gpu = dawn.create(name ? [`adapter=${name}`] : []);
  let adapter: DawnAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    const text = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, '; ');
    throw new WebgpuUnavailable('no-adapter', `Dawn found no adapter named ${JSON.stringify(name)} (${WEBGPU_ADAPTER_ENV}): ${text}`);
  }
  if (!adapter) {
    throw new WebgpuUnavailable('no-adapter', 'Dawn found no WebGPU adapter: no Vulkan device (is a GPU driver with a Vulkan ICD installed? `acgan doctor` tells)');
  }
  return { gpu, adapter, info: describeAdapter(adapter.info) };
}

/** globalThis.navigator.gpu = gpu (Node 20 has no navigator; Node 21+ has one without gpu). */
function installNavigatorGpu(gpu: DawnGpu): void {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  if (g.navigator == null) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(g.navigator!, 'gpu', { value: gpu, configurable: true, writable: true });
}

let active: { info: WebgpuAdapterInfo } | undefined;

/**
 * Makes 'webgpu' the active TF.js backend on the chosen adapter: registers the backend with a
 * device created from it (the package registers its own only when navigator.gpu exists, as in
 * a browser), turns off the backend's CPU forwarding of small ops (every kernel of a step runs
 * on the device) and registers the deterministic training kernels. Once per process.
 */
export async function activateWebgpu(opts: WebgpuOptions): Promise<WebgpuAdapterInfo> {
  if (active) {
    if (active.info.software && !opts.allowSoftware) throw softwareRefusal(active.info);
    if (!(await tf.setBackend('webgpu'))) throw new WebgpuUnavailable('device-failed', "tf.setBackend('webgpu') failed");
    return active.info;
  }
  const { gpu, adapter, info } = await requestWebgpuAdapter(opts);
  if (info.software && !opts.allowSoftware) throw softwareRefusal(info);
  const pkg = (await import('@tensorflow/tfjs-backend-webgpu')) as unknown as {
    WebGPUBackend: new (device: DawnDevice, info: RawAdapterInfo) => tf.KernelBackend;
  };
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  // The backend's constructor checks navigator.gpu, as in a browser (set after the import above,
  // so that the package does not register a factory of its own on Dawn's default adapter).
  installNavigatorGpu(gpu);
  tf.registerBackend('webgpu', async () => {
    // As the package's own factory: the adapter's full limits, timestamps when offered.
    const limits = adapter.limits;
    const device = await adapter.requestDevice({
      requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
      requiredLimits: {
        maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
        maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
        maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
        maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      },
    });
    void device.lost.then((lost) => {
      if (lost.reason !== 'destroyed') opts.onDeviceLost?.(`WebGPU device ${info.name} lost: ${lost.message ?? lost.reason ?? 'no reason given'}`);
    });
    return new pkg.WebGPUBackend(device, adapter.info);
  });
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  registerWebgpuTrainingKernels();
  let ok = false;
  try {
    ok = await tf.setBackend('webgpu');
  } catch (e) {
    throw new WebgpuUnavailable('device-failed', `creating a device on ${info.name} failed: ${e instanceof Error ? e.message : String(e)}`, info);
  }
  if (!ok) throw new WebgpuUnavailable('device-failed', `creating a device on ${info.name} failed (tf.setBackend('webgpu') returned false)`, info);
  active = { info };
  return info;
}

function softwareRefusal(info: WebgpuAdapterInfo): WebgpuUnavailable {
  return new WebgpuUnavailable(
    'software-adapter',
    `only a software adapter (${info.description || info.name}), which runs on the CPU; used only when --backend webgpu asks for it`,
    info,
  );
}
