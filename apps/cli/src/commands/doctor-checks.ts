/**
 * `acgan doctor`'s findings and diagnoses, apart from how they are gathered: every
 * probe of the machine goes through DoctorProbes (doctor.ts has the real ones,
 * tests pass fakes), and everything here turns what the probes saw into "usable?
 * if not, why, and the exact fix".
 */
import type { CudaGpu, DawnAdapter, DeviceProbes, VulkanDevice, VulkanListing } from '@acgan/coordination';
import { parseNvidiaSmiGpus, planDevices } from '@acgan/coordination';

export type BackendName = 'tensorflow-gpu' | 'webgpu' | 'tensorflow' | 'wasm' | 'cpu';
/** In `--backend auto`'s order. */
export const BACKENDS: readonly BackendName[] = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'];

/** The npm package each backend lives in. */
export const BACKEND_PACKAGES: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  webgpu: 'webgpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

/** What doctor-probe-child.ts prints (one JSON line). */
export interface DoctorProbeAnswer {
  backend: string;
  /** initBackend succeeded. */
  loaded: boolean;
  initMs?: number;
  /** The TF.js backend now active ('tensorflow' for both node packages). */
  tfBackend?: string;
  /** The device initBackend names (webgpu: the adapter). */
  device?: string;
  /** tfjs-node(-gpu): TensorFlow registered a GPU device (NodeJSKernelBackend.isUsingGpuDevice). */
  gpuDevice?: boolean;
  /** webgpu: the adapter Dawn offers. */
  adapter?: { name: string; vendor: string; architecture: string; description: string; software: boolean };
  smoke?: { op: string; ok: boolean; maxError: number; ms: number };
  error?: string;
  /** WebgpuUnavailable's kind: not-installed | no-adapter | software-adapter | device-failed. */
  errorKind?: string;
}

/** One backend probe as the parent saw it. */
export interface BackendProbeResult {
  /** The child's answer; absent when it printed none (crash, timeout). */
  answer?: DoctorProbeAnswer;
  /** The child's stderr (TensorFlow's and Dawn's logs). */
  stderr: string;
  /** How the child ended when it gave no answer, e.g. "signal SIGSEGV". */
  exit?: string;
  timedOut?: boolean;
  timeoutMs: number;
}

/** What is on disk for a backend's package (found without loading it). */
export interface PackageState {
  name: string;
  installed: boolean;
  version?: string;
  /** tfjs-node(-gpu): its native binding lib/napi-v<N>/tfjs_binding.node, written by the install script. */
  binding?: boolean;
  /** tfjs-node(-gpu): libtensorflow (deps/lib or beside the binding), downloaded by the install script. */
  libtensorflow?: boolean;
  /** tfjs-node(-gpu): the root package.json's "allowScripts" lets its install script run (npm 11.16+). */
  scriptsAllowed?: boolean;
}

/** The shared-memory data plane of local workers (libs/shm's native part). */
export interface SharedMemoryReport {
  available: boolean;
  why?: string;
  fix?: string;
}

export interface ZeromqReport {
  package?: string;
  libzmq?: string;
  curve?: boolean;
  ipc?: boolean;
  error?: string;
  fix?: string;
}

export interface DatasetReport {
  spec: string;
  readable: boolean;
  description?: string;
  size?: number;
  error?: string;
  fix?: string;
}

/** Everything doctor asks of the machine. */
export interface DoctorProbes {
  devices: DeviceProbes;
  npmVersion(): Promise<string | null>;
  /** Vulkan driver manifests (ICD JSON files) found in the loader's search folders. */
  vulkanIcds(): string[];
  packageState(name: string): PackageState;
  /** Runs doctor-probe-child.ts for this backend. */
  backend(name: BackendName, timeoutMs: number): Promise<BackendProbeResult>;
  zeromq(): Promise<ZeromqReport>;
  dataset(): Promise<DatasetReport>;
  sharedMemory(): SharedMemoryReport;
}

export interface BackendReport {
  name: BackendName;
  package: string;
  installed: boolean;
  version?: string;
  /** initBackend succeeded in the probe. */
  loads: boolean;
  device?: string;
  /** webgpu on a software adapter (llvmpipe, SwiftShader). */
  software?: boolean;
  smoke?: DoctorProbeAnswer['smoke'];
  /** Trains when asked for by name (`--backend <name>`). */
  usable: boolean;
  /** `--backend auto` would take it (usable, and not a software adapter). */
  auto: boolean;
  /** Why it is not usable, or what limits it. */
  why?: string;
  /** The exact fix. */
  fix?: string;
  notes: string[];
}

export interface CudaGpuReport extends CudaGpu {
  driver?: string;
  computeCapability?: string;
}

export interface DoctorReport {
  node: string;
  npm: string | null;
  platform: string;
  gpus: {
    cuda: { gpus: CudaGpuReport[]; error?: string };
    vulkan: {
      /** Mesa's device-select layer answered (it pins WebGPU workers by PCI address). */
      deviceSelectLayer: boolean;
      /** The layer's list (empty without the layer). */
      devices: VulkanDevice[];
      /** Dawn's adapters; null when Dawn could not be asked. */
      webgpuAdapters: DawnAdapter[] | null;
      webgpuError?: string;
      icds: string[];
      warnings: string[];
    };
    /** What `acgan train` (auto, --workers 0) would do with them. */
    trainPlan: string[];
  };
  backends: BackendReport[];
  /** What `--backend auto` would pick. */
  autoPicks: BackendName | null;
  zeromq: ZeromqReport;
  sharedMemory: SharedMemoryReport;
  dataset: DatasetReport;
  /** At least one backend trains. */
  ok: boolean;
}

// ---------------------------------------------------------------------------------------------
// TensorFlow (tfjs-node, tfjs-node-gpu).

/** What TensorFlow's log (TF_CPP_MIN_LOG_LEVEL=0) and the load error say. */
export interface TensorflowLog {
  /** Shared libraries TensorFlow or the loader could not open, e.g. libcudart.so.11.0. */
  missing: string[];
  /** The GPU TensorFlow created a device on ("Created device ... name: X, pci bus id: Y, compute capability: Z"). */
  gpu?: { name: string; pciBusId: string; computeCapability: string };
  /** TensorFlow JIT-compiles its CUDA kernels from PTX (a GPU newer than its build). */
  ptxJit: boolean;
  driverTooOld: boolean;
  noDevice: boolean;
}

export function parseTensorflowLog(text: string): TensorflowLog {
  const missing = new Set<string>();
  for (const m of text.matchAll(/Could not load dynamic library '([^']+)'/g)) missing.add(m[1]);
  for (const m of text.matchAll(/(lib[\w.+-]+\.so(?:\.[\d.]+)?): cannot open shared object file/g)) missing.add(m[1]);
  const dev = /Created device \S*device:GPU:\d+.*?-> device: \d+, name: (.*?), pci bus id: ([^,\s]+), compute capability: ([\d.]+)/.exec(text);
  return {
    missing: [...missing],
    ...(dev ? { gpu: { name: dev[1], pciBusId: dev[2], computeCapability: dev[3] } } : {}),
    ptxJit: /jit-compiled from PTX|not built with CUDA kernel binaries compatible/.test(text),
    driverTooOld: /CUDA driver version is insufficient/.test(text),
    noDevice: /CUDA_ERROR_NO_DEVICE|no CUDA-capable device/.test(text),
  };
}

/** The CUDA 11 pip wheel that ships each library tfjs-node-gpu's libtensorflow 2.9.1 opens. */
const CUDA11_WHEELS: [RegExp, string][] = [
  [/^libcudart\.so/, 'nvidia-cuda-runtime-cu11'],
  [/^libcublas(Lt)?\.so/, 'nvidia-cublas-cu11'],
  [/^libcufft\.so/, 'nvidia-cufft-cu11'],
  [/^libcurand\.so/, 'nvidia-curand-cu11'],
  [/^libcusolver\.so/, 'nvidia-cusolver-cu11'],
  [/^libcusparse\.so/, 'nvidia-cusparse-cu11'],
  [/^libcudnn/, '"nvidia-cudnn-cu11>=8.1,<9"'],
];
const CUDA_LIB = /^lib(cudart|cublas|cublasLt|cufft|curand|cusolver|cusparse)\.so/;
const CUDNN_LIB = /^libcudnn/;

function cuda11Fix(missing: string[]): string {
  const wheels = [...new Set(missing.flatMap((lib) => CUDA11_WHEELS.filter(([re]) => re.test(lib)).map(([, w]) => w)))];
  const all = wheels.length ? wheels : CUDA11_WHEELS.map(([, w]) => w);
  return (
    `install the CUDA 11 libraries beside the driver (a CUDA 12 or 13 driver runs CUDA 11 programs; CUDA 12 libraries do not replace them): ` +
    `\`pip install --target /opt/cuda11 ${all.join(' ')}\`, then \`export LD_LIBRARY_PATH=$(echo /opt/cuda11/nvidia/*/lib | tr ' ' ':')\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}\` ` +
    `before \`acgan train\` (or NVIDIA's CUDA 11.8 runtime packages: cuda-cudart-11-8 libcublas-11-8 libcufft-11-8 libcurand-11-8 libcusolver-11-8 libcusparse-11-8 and libcudnn8 for CUDA 11.8, ` +
    `with LD_LIBRARY_PATH=/usr/local/cuda-11.8/lib64); check again with \`acgan doctor\``
  );
}

const ALLOW_WHY = 'npm 11.16+ warns about, and npm 12 skips, dependency install scripts it does not list';

function scriptFix(pkg: PackageState): string {
  const allow = pkg.scriptsAllowed
    ? `its install script is allowed ("allowScripts" in package.json lists it): run it again`
    : `let its install script run: add "${pkg.name}": true to "allowScripts" in the root package.json (${ALLOW_WHY}; \`npm approve-scripts ${pkg.name}\` writes it), then`;
  return `${allow} \`npm rebuild ${pkg.name}\`. The script downloads libtensorflow 2.9.1 and the binding from storage.googleapis.com, so it needs network access to that host`;
}

function nodePackageDiagnosis(
  name: 'tensorflow-gpu' | 'tensorflow',
  pkg: PackageState,
  probe: BackendProbeResult,
  platform: string,
): Pick<BackendReport, 'why' | 'fix' | 'usable' | 'device' | 'notes'> {
  const p = pkg.name;
  const notes: string[] = [];
  if (!pkg.installed) {
    const gpuPlatform = name === 'tensorflow-gpu' && platform !== 'linux x64' ? ` (${p} exists for linux x64 and Windows only, not ${platform})` : '';
    return {
      usable: false,
      why: `${p} is not installed${gpuPlatform}: an optional dependency, which npm leaves out when its install script fails (no network access to storage.googleapis.com, where it downloads libtensorflow) or with --omit=optional`,
      fix: `${pkg.scriptsAllowed ? '' : `add "${p}": true to "allowScripts" in the root package.json (${ALLOW_WHY}), `}make sure storage.googleapis.com is reachable, then \`npm install --include=optional\` and read its install output`,
      notes,
    };
  }
  if (pkg.binding === false || pkg.libtensorflow === false) {
    const what = pkg.binding === false ? 'its native binding (lib/napi-v<N>/tfjs_binding.node)' : 'libtensorflow (deps/lib)';
    return {
      usable: false,
      why: `${p} ${pkg.version ?? ''} is installed but ${what} is missing: its install script did not run or did not finish`.replace('  ', ' '),
      fix: scriptFix(pkg),
      notes,
    };
  }
  const a = probe.answer;
  const text = `${a?.error ?? ''}\n${probe.stderr}`;
  const log = parseTensorflowLog(text);
  const cudaMissing = log.missing.filter((l) => CUDA_LIB.test(l));
  const cudnnMissing = log.missing.filter((l) => CUDNN_LIB.test(l));
  if (log.ptxJit)
    notes.push(
      'TensorFlow 2.9.1 has no CUDA kernels built for this GPU: CUDA JIT-compiles them from PTX on first use (minutes; cached in ~/.nv/ComputeCache, raise CUDA_CACHE_MAXSIZE to keep them all, e.g. 4294967296)',
    );
  if (!a) return { usable: false, ...childFailure(name, probe), notes };
  if (!a.loaded) {
    if (name === 'tensorflow-gpu' && (cudaMissing.length || cudnnMissing.length)) return { usable: false, ...cudaWhy(cudaMissing, cudnnMissing), notes };
    if (/tfjs_binding\.node/.test(text)) return { usable: false, why: `${p} cannot find its native binding: ${firstLine(a.error)}`, fix: scriptFix(pkg), notes };
    if (log.missing.some((l) => /^libtensorflow/.test(l)))
      return {
        usable: false,
        why: `libtensorflow of ${p} cannot be loaded (${log.missing.join(', ')}): the install script's download is missing or incomplete`,
        fix: scriptFix(pkg),
        notes,
      };
    if (/GLIBC_|GLIBCXX_/.test(text))
      return { usable: false, why: `${p}'s native code needs a newer C library: ${firstLine(a.error)}`, fix: 'use a newer Linux (glibc 2.27 or later), or another backend', notes };
    if (/tfjs-core .* but this process uses/.test(text))
      return { usable: false, why: firstLine(a.error), fix: 'pin every @tensorflow/* package to one version (4.22.0 in package.json) and run `npm install`', notes };
    return {
      usable: false,
      why: `${p} failed to load: ${firstLine(a.error)}`,
      fix: `\`npm rebuild ${p}\`; if it persists, run the probe alone to see the whole error: \`TF_CPP_MIN_LOG_LEVEL=0 node --import tsx apps/cli/src/commands/doctor-probe-child.ts ${name}\``,
      notes,
    };
  }
  if (name === 'tensorflow-gpu' && a.gpuDevice !== true && !log.gpu) {
    if (cudaMissing.length || cudnnMissing.length) {
      const w = cudaWhy(cudaMissing, cudnnMissing);
      return { usable: false, why: `${w.why}, so TensorFlow skipped the GPU and would compute on the CPU`, fix: w.fix, notes };
    }
    if (log.driverTooOld)
      return {
        usable: false,
        why: 'the NVIDIA driver is older than the CUDA 11.2 runtime needs (TensorFlow: "CUDA driver version is insufficient")',
        fix: 'install an NVIDIA driver 450.80.02 or newer (any CUDA 12 driver will do)',
        notes,
      };
    if (log.noDevice)
      return {
        usable: false,
        why: 'TensorFlow loaded but CUDA sees no GPU (CUDA_ERROR_NO_DEVICE)',
        fix: 'check `nvidia-smi`; in a container pass the GPUs (`docker run --gpus all`); an empty CUDA_VISIBLE_DEVICES hides them all',
        notes,
      };
    return {
      usable: false,
      why: 'TensorFlow loaded but registered no GPU device: it would compute on the CPU',
      fix: `check \`nvidia-smi\` and read TensorFlow's own log: \`TF_CPP_MIN_LOG_LEVEL=0 node --import tsx apps/cli/src/commands/doctor-probe-child.ts tensorflow-gpu\``,
      notes,
    };
  }
  const smoke = smokeProblem(a);
  if (smoke) return { usable: false, why: smoke, fix: `report it with the output of \`node --import tsx apps/cli/src/commands/doctor-probe-child.ts ${name}\``, notes };
  const device = name === 'tensorflow-gpu' ? (log.gpu ? `${log.gpu.name} (${log.gpu.pciBusId}, compute capability ${log.gpu.computeCapability})` : 'a GPU') : 'CPU (libtensorflow)';
  return { usable: true, device, notes };
}

function cudaWhy(cudaMissing: string[], cudnnMissing: string[]): { why: string; fix: string } {
  const parts: string[] = [];
  if (cudaMissing.length) parts.push(`the CUDA 11 runtime is missing (${cudaMissing.join(', ')})`);
  if (cudnnMissing.length) parts.push(`cuDNN 8 for CUDA 11 is missing (${cudnnMissing.join(', ')})`);
  return {
    why: `${parts.join(' and ')}: tfjs-node-gpu 4.22 binds libtensorflow 2.9.1, built for CUDA 11.2 and cuDNN 8.1`,
    fix: cuda11Fix([...cudaMissing, ...cudnnMissing]),
  };
}

// ---------------------------------------------------------------------------------------------
// WebGPU (Dawn on Vulkan).

const ICD_FIX =
  "install the GPU driver's Vulkan driver (ICD) and the Vulkan loader libvulkan1: NVIDIA ships its ICD with the driver (Debian/Ubuntu package libnvidia-gl-<driver version>; " +
  'in a container add graphics to NVIDIA_DRIVER_CAPABILITIES, e.g. NVIDIA_DRIVER_CAPABILITIES=all), AMD and Intel with Mesa (mesa-vulkan-drivers); ' +
  '`vulkaninfo --summary` (package vulkan-tools) lists the devices Vulkan sees';
const LAVAPIPE_FIX =
  "Mesa 25's lavapipe: on Debian 12, `echo 'deb http://deb.debian.org/debian bookworm-backports main' > /etc/apt/sources.list.d/backports.list && apt-get update && apt-get install -t bookworm-backports mesa-vulkan-drivers`";

function webgpuDiagnosis(
  pkg: PackageState,
  probe: BackendProbeResult,
  vulkan: VulkanListing,
  icds: string[],
): Pick<BackendReport, 'why' | 'fix' | 'usable' | 'device' | 'software' | 'notes'> {
  const notes: string[] = [];
  const a = probe.answer;
  if (!pkg.installed || a?.errorKind === 'not-installed') {
    return {
      usable: false,
      why: 'the npm package webgpu (Dawn, prebuilt for linux x64 and arm64, macOS and Windows) is not installed: an optional dependency',
      fix: '`npm install --include=optional` (on Linux its binary comes in the package; no install script needed)',
      notes,
    };
  }
  if (!a) return { usable: false, ...childFailure('webgpu', probe), notes };
  if (a.errorKind === 'no-adapter' || (!a.loaded && !a.adapter && /no (WebGPU )?adapter/i.test(a.error ?? ''))) {
    const noDriver = vulkan.warnings.some((w) => /Found no drivers|VK_ERROR_INCOMPATIBLE_DRIVER/.test(w)) || icds.length === 0;
    const lavapipeListed = (vulkan.layer ?? []).some((d) => /llvmpipe|lavapipe/i.test(d.name)) || (vulkan.layer === null && icds.some((f) => /^lvp_icd/.test(f)));
    const hardwareListed = (vulkan.layer ?? []).filter((d) => !d.software);
    if (lavapipeListed && hardwareListed.length === 0) {
      return {
        usable: false,
        why: "Dawn found no adapter it accepts: the only Vulkan device is Mesa's lavapipe (llvmpipe), which Dawn refuses before Mesa 25 (Debian 12's Mesa 22.3 lacks shaderUniform*ArrayDynamicIndexing)",
        fix: `for testing without a GPU, ${LAVAPIPE_FIX}; for a GPU, ${ICD_FIX}`,
        notes,
      };
    }
    if (hardwareListed.length > 0) {
      return {
        usable: false,
        why: `Vulkan lists ${hardwareListed.map((d) => `"${d.name}"`).join(', ')} but Dawn accepts none of them (a driver too old for WebGPU's required features?)`,
        fix: 'update the GPU driver; `vulkaninfo --summary` shows its Vulkan version (WebGPU needs Vulkan 1.1 or later)',
        notes,
      };
    }
    return {
      usable: false,
      why: noDriver ? 'no Vulkan driver (ICD) found: Dawn sees no Vulkan device' : `Dawn found no WebGPU adapter: ${firstLine(a.error)}`,
      fix: ICD_FIX,
      notes,
    };
  }
  if (!a.loaded) {
    return {
      usable: false,
      why: `the webgpu backend failed${a.adapter ? ` on ${a.adapter.description || a.adapter.name}` : ''}: ${firstLine(a.error)}`,
      fix: 'update the GPU driver; check `vulkaninfo --summary`',
      notes,
    };
  }
  const smoke = smokeProblem(a);
  if (smoke)
    return { usable: false, why: smoke, fix: 'update the GPU driver; report it with the output of `node --import tsx apps/cli/src/commands/doctor-probe-child.ts webgpu`', notes };
  const software = a.adapter?.software === true;
  const device = a.adapter ? a.adapter.description || a.adapter.name : a.device;
  if (software) {
    return {
      usable: true,
      software: true,
      ...(device ? { device } : {}),
      why: `only a software adapter (${device}): the GPU code path on the CPU, slow; used only when asked for by name (--backend webgpu, for testing), never by --backend auto`,
      fix: `for a GPU: ${ICD_FIX}`,
      notes,
    };
  }
  return { usable: true, software: false, ...(device ? { device } : {}), notes };
}

// ---------------------------------------------------------------------------------------------

function firstLine(text: string | undefined): string {
  return (text ?? 'no error message').split('\n')[0].trim();
}

function smokeProblem(a: DoctorProbeAnswer): string | undefined {
  if (!a.smoke) return `loaded, but the smoke test did not run: ${firstLine(a.error)}`;
  if (!a.smoke.ok) return `loaded, but the smoke test (${a.smoke.op}) gave wrong values: max error ${a.smoke.maxError} (expected exact)`;
  return undefined;
}

function childFailure(name: BackendName, probe: BackendProbeResult): { why: string; fix: string } {
  const tail = probe.stderr.trim().split('\n').filter(Boolean).slice(-1)[0];
  const why = probe.timedOut
    ? `the probe gave no answer within ${Math.round(probe.timeoutMs / 1000)} s (hung loading the backend or in the driver)`
    : `the probe process ended with ${probe.exit ?? 'no answer'} while loading the backend (a native crash?)`;
  return {
    why: `${why}${tail ? `; its last output: ${tail}` : ''}`,
    fix: `run it alone to see everything: \`TF_CPP_MIN_LOG_LEVEL=0 node --import tsx apps/cli/src/commands/doctor-probe-child.ts ${name}\`${probe.timedOut ? ' (or give it longer: `acgan doctor --timeout 600`)' : ''}`,
  };
}

/** Usable? why not, and the fix, for one backend. */
export function diagnoseBackend(name: BackendName, pkg: PackageState, probe: BackendProbeResult, ctx: { vulkan: VulkanListing; icds: string[]; platform: string }): BackendReport {
  const base = { name, package: pkg.name, installed: pkg.installed, ...(pkg.version ? { version: pkg.version } : {}) };
  const a = probe.answer;
  const loads = a?.loaded === true;
  const smoke = a?.smoke;
  let d: Pick<BackendReport, 'why' | 'fix' | 'usable' | 'device' | 'software' | 'notes'>;
  if (name === 'tensorflow-gpu' || name === 'tensorflow') d = nodePackageDiagnosis(name, pkg, probe, ctx.platform);
  else if (name === 'webgpu') d = webgpuDiagnosis(pkg, probe, ctx.vulkan, ctx.icds);
  else if (!a) d = { usable: false, ...childFailure(name, probe), notes: [] };
  else if (!a.loaded) d = { usable: false, why: `${name} failed to load: ${firstLine(a.error)}`, fix: 'reinstall the dependencies: `npm ci`', notes: [] };
  else {
    const problem = smokeProblem(a);
    d = problem ? { usable: false, why: problem, fix: 'reinstall the dependencies: `npm ci`', notes: [] } : { usable: true, device: 'CPU', notes: [] };
  }
  return {
    ...base,
    loads,
    ...(smoke ? { smoke } : {}),
    ...d,
    auto: d.usable && d.software !== true,
  };
}

/** nvidia-smi's driver version and compute capability per GPU index (absent on old nvidia-smi). */
export function parseNvidiaSmiExtras(csv: string): Map<number, { driver?: string; computeCapability?: string }> {
  const out = new Map<number, { driver?: string; computeCapability?: string }>();
  for (const line of csv.split(/\r?\n/)) {
    const [index, driver, cc] = line.split(',').map((f) => f.trim());
    if (!/^\d+$/.test(index ?? '')) continue;
    out.set(Number(index), { ...(driver ? { driver } : {}), ...(cc && /^\d+\.\d+$/.test(cc) ? { computeCapability: cc } : {}) });
  }
  return out;
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(lanes);
  return out;
}

export interface DoctorOptions {
  /** Per-backend probe timeout. */
  timeoutMs: number;
  /** Backend probes run at once (each is a process loading a backend). */
  concurrency?: number;
  node?: string;
  platform?: string;
}

/** Gathers everything and diagnoses it. */
export async function collectDoctorReport(probes: DoctorProbes, opts: DoctorOptions): Promise<DoctorReport> {
  const platform = opts.platform ?? `${process.platform} ${process.arch}`;
  const [npm, smi, smiExtras, vulkan, zeromq, dataset, probed] = await Promise.all([
    probes.npmVersion(),
    probes.devices.nvidiaSmi(['--query-gpu=index,name,pci.bus_id,uuid', '--format=csv,noheader']),
    probes.devices.nvidiaSmi(['--query-gpu=index,driver_version,compute_cap', '--format=csv,noheader']),
    probes.devices.vulkan(),
    probes.zeromq(),
    probes.dataset(),
    // A package that is not installed needs no process to say so.
    pool(BACKENDS, opts.concurrency ?? 2, (b) =>
      probes.packageState(BACKEND_PACKAGES[b]).installed
        ? probes.backend(b, opts.timeoutMs)
        : Promise.resolve<BackendProbeResult>({ answer: { backend: b, loaded: false, error: `${BACKEND_PACKAGES[b]} not installed` }, stderr: '', timeoutMs: opts.timeoutMs }),
    ),
  ]);
  const extras = smiExtras.ok ? parseNvidiaSmiExtras(smiExtras.stdout) : new Map();
  const cudaGpus: CudaGpuReport[] = smi.ok ? parseNvidiaSmiGpus(smi.stdout).map((g) => ({ ...g, ...(extras.get(g.index) ?? {}) })) : [];
  const icds = probes.vulkanIcds();
  const backends = BACKENDS.map((b, i) => diagnoseBackend(b, probes.packageState(BACKEND_PACKAGES[b]), probed[i], { vulkan, icds, platform }));
  const gpu = backends.find((b) => b.name === 'tensorflow-gpu')!;
  const newer = cudaGpus.filter((g) => g.computeCapability && Number(g.computeCapability) >= 8.9);
  if (!gpu.notes.some((n) => /PTX/.test(n)) && newer.length > 0) {
    gpu.notes.push(
      `${newer[0].name} (compute capability ${newer[0].computeCapability}) is newer than TensorFlow 2.9.1 (2022), which has no CUDA kernels built for it: CUDA JIT-compiles them from PTX on first use (minutes; cached in ~/.nv/ComputeCache, raise CUDA_CACHE_MAXSIZE, e.g. to 4294967296, to keep them all)`,
    );
  }
  const plan = planDevices({
    backend: 'auto',
    workers: 0,
    cuda: cudaGpus,
    vulkan,
    ...(process.env.CUDA_VISIBLE_DEVICES !== undefined ? { cudaVisibleDevices: process.env.CUDA_VISIBLE_DEVICES } : {}),
  });
  const autoPicks = backends.find((b) => b.auto)?.name ?? null;
  return {
    node: opts.node ?? process.version,
    npm,
    platform,
    gpus: {
      cuda: { gpus: cudaGpus, ...(smi.ok ? {} : { error: smi.error }) },
      vulkan: {
        deviceSelectLayer: vulkan.layer !== null,
        devices: vulkan.layer ?? [],
        webgpuAdapters: vulkan.dawn,
        ...(vulkan.dawnError ? { webgpuError: vulkan.dawnError } : {}),
        icds,
        warnings: vulkan.warnings,
      },
      trainPlan: [...plan.lines, ...plan.warnings.map((w) => `warning: ${w}`)],
    },
    backends,
    autoPicks,
    zeromq,
    sharedMemory: probes.sharedMemory(),
    dataset,
    ok: backends.some((b) => b.usable),
  };
}
