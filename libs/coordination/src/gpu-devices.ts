/**
 * Which GPU each local worker of `acgan train` gets: the device plan.
 *
 * One GPU per worker, on both GPU paths:
 *
 * - **CUDA** (`@tensorflow/tfjs-node-gpu`): the GPUs come from
 *   `nvidia-smi --query-gpu=index,name,pci.bus_id,uuid --format=csv,noheader`. Worker k gets
 *   `CUDA_VISIBLE_DEVICES=<index of GPU k>`, so that TensorFlow sees that one GPU only (as its
 *   GPU 0), and `CUDA_DEVICE_ORDER=PCI_BUS_ID`, so that CUDA numbers GPUs as nvidia-smi does (in
 *   PCI bus order; CUDA's own default order is fastest first, which differs on mixed boxes).
 *   If the launcher itself runs with CUDA_VISIBLE_DEVICES (a scheduler's allocation, say), only
 *   the GPUs it names are used. The worker also gets the DRI_PRIME of the same GPU (below), so
 *   that a worker whose tensorflow-gpu fails to load and falls back to webgpu (`--backend auto`)
 *   computes on the same device.
 *
 * - **WebGPU** (Dawn on Vulkan): Dawn's node binding chooses an adapter only by a substring of
 *   its name (`adapter=`, which a worker takes from ACGAN_WEBGPU_ADAPTER) or by backend, and
 *   identical GPUs have identical names. What tells them apart is Mesa's device-select Vulkan
 *   layer (VK_LAYER_MESA_device_select, an implicit layer shipped with Mesa's Vulkan drivers:
 *   Debian/Ubuntu `mesa-vulkan-drivers`, Arch `vulkan-mesa-layers`). It sits between every
 *   Vulkan program and the drivers, NVIDIA's included, and reads `DRI_PRIME=pci-DDDD_BB_DD_F`:
 *   the PCI address of the device to put first (domain 4 hex digits, bus and device 2, function
 *   1, lower-case hex: the layer compares the text with one it prints with `%04x_%02x_%02x_%1u`).
 *   A trailing `!` makes it expose ONLY that device, so Dawn cannot pick another. Worker k gets
 *   `DRI_PRIME=pci-..._F!` of hardware adapter k, plus ACGAN_WEBGPU_ADAPTER=<its name> when that
 *   name matches no other adapter. The layer also lists the devices with their PCI addresses and
 *   types when MESA_VK_DEVICE_SELECT_DEBUG=1 (on stderr, at the first device enumeration, and
 *   the program carries on; `MESA_VK_DEVICE_SELECT=list` prints the same and exits): that is
 *   how the adapters are found here, in a child process that asks Dawn for its adapter list
 *   (gpu-probe-child.ts), so that Dawn never loads into the coordinator's process.
 *   Without the layer, workers can be told apart only by unique names; otherwise the plan warns
 *   once that they may share one GPU and how to fix it. Software adapters (llvmpipe/lavapipe,
 *   SwiftShader) are not GPUs and are never counted.
 *
 * Which plan: `tensorflow-gpu`, and `auto` when nvidia-smi lists GPUs -> CUDA; `webgpu`, and
 * `auto` without NVIDIA GPUs -> the hardware WebGPU adapters; `tensorflow`, `wasm`, `cpu` -> no
 * pinning. `--workers 0` (the default) means one worker per GPU of the plan, else 2.
 *
 * Everything that touches the machine goes through DeviceProbes, so tests fake the device lists.
 */
import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Backend } from '@acgan/config';
import { describeAdapter, WEBGPU_ADAPTER_ENV } from '@acgan/model';

/** One GPU as nvidia-smi lists it. */
export interface CudaGpu {
  /** nvidia-smi's index (PCI bus order), what CUDA_VISIBLE_DEVICES takes with CUDA_DEVICE_ORDER=PCI_BUS_ID. */
  index: number;
  name: string;
  /** As nvidia-smi prints it, e.g. "00000000:41:00.0". */
  pciBusId: string;
  /** e.g. "GPU-5b3c...". */
  uuid: string;
}

/** One Vulkan physical device as Mesa's device-select layer lists it. */
export interface VulkanDevice {
  /** Position in the layer's list (the Vulkan loader's order). */
  index: number;
  /** PCI vendor and device id in hex, e.g. "10de" and "2330" (llvmpipe: "10005", "0"). */
  vendorId: string;
  deviceId: string;
  name: string;
  /** "discrete GPU", "integrated GPU", "virtual GPU", "CPU", "other" ('' when not printed). */
  type: string;
  /** PCI address "DDDD:BB:DD.F", when the driver reports one (VK_EXT_pci_bus_info). */
  pci?: string;
  /** A CPU implementation (type CPU, or a software name such as llvmpipe). */
  software: boolean;
}

/** An adapter as Dawn lists it. */
export interface DawnAdapter {
  backend: string;
  name: string;
  software: boolean;
}

/** What the Vulkan/WebGPU probe found. */
export interface VulkanListing {
  /** Dawn's adapters; null when Dawn (the npm package `webgpu`) could not be asked. */
  dawn: DawnAdapter[] | null;
  /** Why `dawn` is null (e.g. "the npm package webgpu (Dawn) is not installed"). */
  dawnError?: string;
  /** The device-select layer's list; null when the layer is not installed (printed nothing). */
  layer: VulkanDevice[] | null;
  /** Dawn's and the Vulkan loader's warnings (e.g. "vkCreateInstance: Found no drivers!"). */
  warnings: string[];
}

export type NvidiaSmiResult = { ok: true; stdout: string } | { ok: false; error: string };

/** Everything the device plan asks of the machine; tests pass fakes. */
export interface DeviceProbes {
  /** Runs nvidia-smi with these arguments. `ok: false` when it is missing or fails. */
  nvidiaSmi(args: string[]): Promise<NvidiaSmiResult>;
  /** Dawn's adapters and the device-select layer's listing (a child process). */
  vulkan(): Promise<VulkanListing>;
}

export const NVIDIA_SMI_QUERY = ['--query-gpu=index,name,pci.bus_id,uuid', '--format=csv,noheader'];

/**
 * Parses the CSV of NVIDIA_SMI_QUERY: one GPU per line, `index, name, pci.bus_id, uuid`. Lines
 * that do not fit (warnings, blank lines, "No devices were found") are skipped; a name with a
 * comma is kept whole (the fields around it are recognisable).
 */
export function parseNvidiaSmiGpus(csv: string): CudaGpu[] {
  const gpus: CudaGpu[] = [];
  for (const raw of csv.split(/\r?\n/)) {
    const fields = raw.split(',').map((f) => f.trim());
    if (fields.length < 4 || !/^\d+$/.test(fields[0])) continue;
    const uuid = fields[fields.length - 1];
    const pciBusId = fields[fields.length - 2];
    if (!/^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]$/i.test(pciBusId) || !/^(GPU|MIG)-/i.test(uuid)) continue;
    gpus.push({ index: Number(fields[0]), name: fields.slice(1, -2).join(', '), pciBusId, uuid });
  }
  return gpus;
}

/**
 * Parses the device-select layer's listing ("selectable devices:" and then lines like
 * `  GPU 0: 10de:2330 "NVIDIA H100 80GB HBM3" discrete GPU 0000:41:00.0`). Only the first
 * listing counts (the layer prints one per enumeration). null when there is none.
 */
export function parseDeviceSelectListing(stderr: string): VulkanDevice[] | null {
  const lines = stderr.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === 'selectable devices:');
  if (start < 0) return null;
  const devices: VulkanDevice[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*GPU (\d+): ([0-9a-f]+):([0-9a-f]+) "(.*)"\s*(discrete GPU|integrated GPU|virtual GPU|CPU|other)?(?:\s+([0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]))?\s*$/i.exec(line);
    if (!m) break;
    const type = m[5] ?? '';
    devices.push({
      index: Number(m[1]),
      vendorId: m[2].toLowerCase(),
      deviceId: m[3].toLowerCase(),
      name: m[4],
      type,
      ...(m[6] ? { pci: m[6].toLowerCase() } : {}),
      software: type === 'CPU' || isSoftwareAdapter(m[4]),
    });
  }
  return devices;
}

/** A software (CPU) implementation's name: llvmpipe, lavapipe, SwiftShader, WARP, ... */
export function isSoftwareAdapter(name: string): boolean {
  return describeAdapter({ device: name }).software;
}

/**
 * The device-select layer's DRI_PRIME tag of a PCI address, from nvidia-smi's
 * "00000000:41:00.0" or Vulkan's "0000:41:00.0": "pci-0000_41_00_0". undefined if not an address.
 */
export function driPrimeTag(pciAddress: string): string | undefined {
  const m = /^([0-9a-f]{1,8}):([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i.exec(pciAddress.trim());
  // The layer strips the trailing '!' only from a tag of exactly this length: a domain above
  // ffff (printed with more digits) cannot be pinned.
  if (!m || parseInt(m[1], 16) > 0xffff) return undefined;
  const hex = (s: string, width: number) => parseInt(s, 16).toString(16).padStart(width, '0');
  return `pci-${hex(m[1], 4)}_${hex(m[2], 2)}_${hex(m[3], 2)}_${m[4]}`;
}

/** The CUDA GPUs nvidia-smi lists (none when nvidia-smi is missing or fails). */
export async function listCudaGpus(probes: DeviceProbes = systemProbes): Promise<{ gpus: CudaGpu[]; error?: string }> {
  const r = await probes.nvidiaSmi(NVIDIA_SMI_QUERY);
  return r.ok ? { gpus: parseNvidiaSmiGpus(r.stdout) } : { gpus: [], error: r.error };
}

/**
 * The Vulkan devices Dawn can use, one entry per device: the device-select layer's entries
 * (with PCI addresses and types) that Dawn also lists, or Dawn's list alone when the layer is
 * not installed. Empty when Dawn could not be asked.
 */
export function usableVulkanDevices(listing: VulkanListing): { name: string; software: boolean; pci?: string; type?: string }[] {
  if (listing.dawn === null) return [];
  if (listing.layer === null) return listing.dawn.map((a) => ({ name: a.name, software: a.software || isSoftwareAdapter(a.name) }));
  // Dawn may refuse a device the layer lists (too old a driver): keep those Dawn lists, by name.
  const left = new Map<string, number>();
  for (const a of listing.dawn) left.set(a.name, (left.get(a.name) ?? 0) + 1);
  const out: { name: string; software: boolean; pci?: string; type?: string }[] = [];
  for (const d of listing.layer) {
    const n = left.get(d.name) ?? 0;
    if (n === 0) continue;
    left.set(d.name, n - 1);
    out.push({ name: d.name, software: d.software, type: d.type, ...(d.pci ? { pci: d.pci } : {}) });
  }
  return out;
}

/** One worker's device: what it is and the environment that pins the worker to it. */
export interface WorkerDevice {
  worker: number;
  /** e.g. 'GPU 0 "NVIDIA H100 80GB HBM3" 00000000:41:00.0'. */
  device: string;
  env: Record<string, string>;
}

export interface DevicePlan {
  /** cuda: CUDA GPUs; vulkan: hardware WebGPU adapters; none: no pinning. */
  kind: 'cuda' | 'vulkan' | 'none';
  /** GPUs of the plan. */
  gpus: number;
  /** The worker count: the requested one, or (0 requested) one per GPU, else 2. */
  workers: number;
  /** Per worker (index = worker); empty for 'none'. */
  assignments: WorkerDevice[];
  /** What to log: the plan and each worker's device. */
  lines: string[];
  /** What to log as warnings (each once). */
  warnings: string[];
}

export interface PlanInput {
  backend: Backend;
  /** --workers; 0 = one per GPU of the plan, else 2. */
  workers: number;
  /** nvidia-smi's GPUs (for tensorflow-gpu and auto). */
  cuda?: CudaGpu[];
  /** Why nvidia-smi gave nothing, if it failed. */
  cudaError?: string;
  /** The Vulkan/WebGPU listing (for webgpu, and for auto). */
  vulkan?: VulkanListing;
  /** The launcher's CUDA_VISIBLE_DEVICES, if set. */
  cudaVisibleDevices?: string;
}

const DEFAULT_WORKERS = 2;
const LAYER_FIX =
  "install Mesa's device-select Vulkan layer (VK_LAYER_MESA_device_select: Debian/Ubuntu package mesa-vulkan-drivers, Fedora mesa-vulkan-drivers, Arch vulkan-mesa-layers), which pins each worker to one device by PCI address (DRI_PRIME=pci-DDDD_BB_DD_F!)";

/**
 * The GPUs the launcher's CUDA_VISIBLE_DEVICES leaves visible, in its order (entries are
 * indices or UUIDs or UUID prefixes; as CUDA does, the list ends at the first entry that names
 * no GPU). undefined when the variable is not set.
 */
export function visibleCudaGpus(gpus: CudaGpu[], value: string | undefined): { gpus: CudaGpu[]; ignored?: string } | undefined {
  if (value === undefined) return undefined;
  const out: CudaGpu[] = [];
  const entries = value.split(',').map((e) => e.trim());
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e === '') continue;
    const gpu = /^\d+$/.test(e) ? gpus.find((g) => g.index === Number(e)) : gpus.find((g) => g.uuid.toLowerCase().startsWith(e.toLowerCase()));
    if (!gpu || out.includes(gpu)) return { gpus: out, ignored: entries.slice(i).join(',') };
    out.push(gpu);
  }
  return { gpus: out };
}

function workerCount(requested: number, gpus: number): number {
  return requested > 0 ? requested : gpus > 0 ? gpus : DEFAULT_WORKERS;
}

function envText(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${/\s/.test(v) ? JSON.stringify(v) : v}`)
    .join(' ');
}

function sharingWarning(workers: number, gpus: number): string[] {
  if (workers <= gpus) return [];
  return [`${workers} workers on ${gpus} GPU(s): worker k uses GPU k mod ${gpus}, so some workers share a GPU`];
}

function cudaPlan(input: PlanInput): DevicePlan {
  let gpus = input.cuda ?? [];
  const warnings: string[] = [];
  const visible = visibleCudaGpus(gpus, input.cudaVisibleDevices);
  if (visible) {
    if (visible.ignored !== undefined) warnings.push(`CUDA_VISIBLE_DEVICES=${input.cudaVisibleDevices}: "${visible.ignored}" names no GPU nvidia-smi lists; using ${visible.gpus.length} GPU(s) before it`);
    gpus = visible.gpus;
  }
  if (gpus.length === 0) {
    const why = visible ? `CUDA_VISIBLE_DEVICES=${JSON.stringify(input.cudaVisibleDevices)} leaves no GPU visible` : `nvidia-smi lists no GPU${input.cudaError ? ` (${input.cudaError})` : ''}`;
    return {
      kind: 'none',
      gpus: 0,
      workers: workerCount(input.workers, 0),
      assignments: [],
      lines: [`--backend tensorflow-gpu: ${why}; workers not pinned`],
      warnings: [...warnings, `--backend tensorflow-gpu but ${why}: the workers will fail or compute on the CPU (\`acgan doctor\` tells why)`],
    };
  }
  const workers = workerCount(input.workers, gpus.length);
  const assignments: WorkerDevice[] = [];
  for (let k = 0; k < workers; k++) {
    const g = gpus[k % gpus.length];
    const env: Record<string, string> = { CUDA_VISIBLE_DEVICES: String(g.index), CUDA_DEVICE_ORDER: 'PCI_BUS_ID' };
    const tag = driPrimeTag(g.pciBusId);
    if (tag) env.DRI_PRIME = `${tag}!`;
    assignments.push({ worker: k, device: `GPU ${g.index} "${g.name}" ${g.pciBusId}`, env });
  }
  warnings.push(...sharingWarning(workers, gpus.length));
  // A worker of `auto` whose tensorflow-gpu fails falls back to webgpu, pinned by DRI_PRIME only
  // through the device-select layer; without it (and with more than one GPU) such workers share.
  const vulkanGpus = input.vulkan ? usableVulkanDevices(input.vulkan).filter((d) => !d.software).length : 0;
  if (input.backend === 'auto' && input.vulkan?.layer === null && vulkanGpus > 1 && workers > 1) {
    warnings.push(`if tensorflow-gpu cannot load and workers fall back to webgpu, they may all use one GPU: Mesa's device-select Vulkan layer is not installed. Fix: make tensorflow-gpu work (\`acgan doctor\`), or ${LAYER_FIX}`);
  }
  return {
    kind: 'cuda',
    gpus: gpus.length,
    workers,
    assignments,
    lines: [`device plan: CUDA, ${gpus.length} GPU(s) listed by nvidia-smi, ${workers} worker(s)`, ...assignments.map((a) => `worker ${a.worker}: ${a.device} (${envText(a.env)})`)],
    warnings,
  };
}

function vulkanPlan(input: PlanInput): DevicePlan {
  const listing = input.vulkan ?? { dawn: null, layer: null, warnings: [] };
  const all = usableVulkanDevices(listing);
  const hardware = all.filter((d) => !d.software);
  const label = input.backend === 'auto' ? '--backend auto' : '--backend webgpu';
  if (hardware.length === 0) {
    const what =
      listing.dawn === null
        ? `WebGPU unavailable (${listing.dawnError ?? 'Dawn could not be asked'})`
        : all.length > 0
          ? `only a software WebGPU adapter (${all.map((d) => d.name).join(', ')})`
          : 'no WebGPU adapter';
    return { kind: 'none', gpus: 0, workers: workerCount(input.workers, 0), assignments: [], lines: [`${label}: ${what}; workers not pinned`], warnings: [] };
  }
  const workers = workerCount(input.workers, hardware.length);
  const assignments: WorkerDevice[] = [];
  const unpinned: number[] = [];
  for (let k = 0; k < workers; k++) {
    const i = k % hardware.length;
    const d = hardware[i];
    const env: Record<string, string> = {};
    const tag = d.pci ? driPrimeTag(d.pci) : undefined;
    if (tag) env.DRI_PRIME = `${tag}!`;
    // Dawn matches a substring of the name: unique only if no other adapter's name contains it.
    if (hardware.every((o, j) => j === i || !o.name.includes(d.name))) env[WEBGPU_ADAPTER_ENV] = d.name;
    if (Object.keys(env).length === 0) unpinned.push(k);
    assignments.push({ worker: k, device: `WebGPU adapter ${i} "${d.name}"${d.pci ? ` ${d.pci}` : ''}`, env });
  }
  const warnings = sharingWarning(workers, hardware.length);
  if (unpinned.length > 0) {
    const why =
      listing.layer === null
        ? `their adapters are named alike and Mesa's device-select Vulkan layer is not installed. Fix: ${LAYER_FIX}; or use the CUDA path (--backend tensorflow-gpu) on NVIDIA GPUs`
        : `the device-select layer reports no PCI address for their adapters and the names are alike. Fix: a driver with VK_EXT_pci_bus_info, or the CUDA path (--backend tensorflow-gpu) on NVIDIA GPUs`;
    warnings.push(`workers ${unpinned.join(', ')} may share one GPU: ${why}`);
  }
  return {
    kind: 'vulkan',
    gpus: hardware.length,
    workers,
    assignments,
    lines: [
      `device plan: WebGPU, ${hardware.length} hardware adapter(s)${listing.layer !== null ? " (PCI addresses from Mesa's device-select layer)" : ''}, ${workers} worker(s)`,
      ...assignments.map((a) => `worker ${a.worker}: ${a.device} (${Object.keys(a.env).length ? envText(a.env) : 'not pinned'})`),
    ],
    warnings,
  };
}

/** The device plan from what is known (pure: the probes ran before). */
export function planDevices(input: PlanInput): DevicePlan {
  switch (input.backend) {
    case 'tensorflow-gpu':
      return cudaPlan(input);
    case 'auto':
      return (input.cuda ?? []).length > 0 ? cudaPlan(input) : vulkanPlan(input);
    case 'webgpu':
      return vulkanPlan(input);
    default:
      return { kind: 'none', gpus: 0, workers: workerCount(input.workers, 0), assignments: [], lines: [`--backend ${input.backend}: no GPU, workers not pinned`], warnings: [] };
  }
}

/**
 * Probes what the backend needs (nvidia-smi for tensorflow-gpu and auto, the Vulkan/WebGPU
 * child for webgpu and auto) and plans the workers' devices.
 */
export async function planWorkerDevices(
  backend: Backend,
  workers: number,
  opts: { probes?: DeviceProbes; env?: NodeJS.ProcessEnv } = {},
): Promise<DevicePlan> {
  const probes = opts.probes ?? systemProbes;
  const env = opts.env ?? process.env;
  const input: PlanInput = { backend, workers, cudaVisibleDevices: env.CUDA_VISIBLE_DEVICES };
  if (backend === 'tensorflow-gpu' || backend === 'auto') {
    const cuda = await listCudaGpus(probes);
    input.cuda = cuda.gpus;
    if (cuda.error) input.cudaError = cuda.error;
  }
  // auto with NVIDIA GPUs asks Vulkan too, only to warn when a webgpu fallback could not be pinned.
  if (backend === 'webgpu' || (backend === 'auto' && ((input.cuda?.length ?? 0) === 0 || (input.cuda?.length ?? 0) > 1))) {
    input.vulkan = await probes.vulkan();
  }
  return planDevices(input);
}

// ---------------------------------------------------------------------------------------------
// The real probes.

const CHILD = fileURLToPath(new URL('./gpu-probe-child.ts', import.meta.url));
const VULKAN_PROBE_TIMEOUT_MS = 60_000;

function runNvidiaSmi(args: string[]): Promise<NvidiaSmiResult> {
  return new Promise((resolve) => {
    execFile('nvidia-smi', args, { encoding: 'utf8', timeout: 20_000 }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, stdout });
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return resolve({ ok: false, error: 'nvidia-smi not found' });
      const text = `${stdout}\n${stderr}`.trim().split('\n').filter(Boolean)[0] ?? err.message;
      resolve({ ok: false, error: `nvidia-smi failed: ${text}` });
    });
  });
}

/**
 * Runs gpu-probe-child.ts (Dawn's adapter list) with MESA_VK_DEVICE_SELECT_DEBUG=1, which makes
 * the device-select layer, where installed, print its device list on stderr.
 */
function runVulkanProbe(): Promise<VulkanListing> {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const env: NodeJS.ProcessEnv = { ...process.env, MESA_VK_DEVICE_SELECT_DEBUG: '1' };
  // `list` would make the layer exit(0) before Dawn answers.
  if (env.MESA_VK_DEVICE_SELECT === 'list') delete env.MESA_VK_DEVICE_SELECT;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), VULKAN_PROBE_TIMEOUT_MS);
    const finish = (failure?: string): void => {
      clearTimeout(timer);
      resolve(parseVulkanProbeOutput(out, err, failure));
    };
    child.on('error', (e) => finish(`could not start the WebGPU probe: ${e.message}`));
    child.on('exit', (code, signal) => finish(code === 0 ? undefined : `the WebGPU probe ended with ${signal ? `signal ${signal}` : `exit code ${code}`}`));
  });
}

/** Reads the probe child's stdout (one JSON line) and stderr (the layer's listing, warnings). */
export function parseVulkanProbeOutput(stdout: string, stderr: string, failure?: string): VulkanListing {
  const layer = parseDeviceSelectListing(stderr);
  // Dawn's warnings, less its notes on limits it lowers (printed for every adapter, harmless).
  const warnings = [
    ...new Set(
      stderr
        .split('\n')
        .filter((l) => /^Warning: /.test(l) && !/artificially reduced/.test(l))
        .map((l) => l.slice('Warning: '.length).trim()),
    ),
  ];
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const parsed = JSON.parse(last) as { adapters?: { backend: string; name: string }[]; error?: string };
    if (parsed.adapters) return { dawn: parsed.adapters.map((a) => ({ ...a, software: isSoftwareAdapter(a.name) })), layer, warnings };
    return { dawn: null, dawnError: parsed.error ?? failure ?? 'no answer', layer, warnings };
  } catch {
    return { dawn: null, dawnError: failure ?? 'the WebGPU probe printed no answer', layer, warnings };
  }
}

/** The probes of this machine. */
export const systemProbes: DeviceProbes = { nvidiaSmi: runNvidiaSmi, vulkan: runVulkanProbe };
