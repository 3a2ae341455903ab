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
 *   how the adapters are found (gpu-probes.ts), in a child process that asks Dawn for its
 *   adapter list (gpu-probe-child.ts), so that Dawn never loads into the coordinator's process.
 *   Without the layer, workers can be told apart only by unique names; otherwise the plan warns
 *   once that they may share one GPU and how to fix it. Software adapters (llvmpipe/lavapipe,
 *   SwiftShader) are not GPUs and are never counted.
 *
 * Which plan: `tensorflow-gpu`, and `auto` when nvidia-smi lists GPUs -> CUDA; `webgpu`, and
 * `auto` without NVIDIA GPUs -> the hardware WebGPU adapters; `tensorflow`, `wasm`, `cpu` -> no
 * pinning. `--workers 0` (the default) means one worker per GPU of the plan, else 2.
 *
 * Everything that touches the machine goes through DeviceProbes (gpu-probes.ts), so tests fake
 * the device lists.
 */
import type { Backend } from '@acgan/config';
import { WEBGPU_ADAPTER_ENV } from '@acgan/model';
import { isSoftwareAdapter, listCudaGpus, systemProbes, type CudaGpu, type DeviceProbes, type VulkanListing } from './gpu-probes.ts';

// The probes and their parsers are part of this module's surface (doctor, tests).
export * from './gpu-probes.ts';

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
    if (visible.ignored !== undefined)
      warnings.push(`CUDA_VISIBLE_DEVICES=${input.cudaVisibleDevices}: "${visible.ignored}" names no GPU nvidia-smi lists; using ${visible.gpus.length} GPU(s) before it`);
    gpus = visible.gpus;
  }
  if (gpus.length === 0) {
    const why = visible
      ? `CUDA_VISIBLE_DEVICES=${JSON.stringify(input.cudaVisibleDevices)} leaves no GPU visible`
      : `nvidia-smi lists no GPU${input.cudaError ? ` (${input.cudaError})` : ''}`;
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
    warnings.push(
      `if tensorflow-gpu cannot load and workers fall back to webgpu, they may all use one GPU: Mesa's device-select Vulkan layer is not installed. Fix: make tensorflow-gpu work (\`acgan doctor\`), or ${LAYER_FIX}`,
    );
  }
  return {
    kind: 'cuda',
    gpus: gpus.length,
    workers,
    assignments,
    lines: [
      `device plan: CUDA, ${gpus.length} GPU(s) listed by nvidia-smi, ${workers} worker(s)`,
      ...assignments.map((a) => `worker ${a.worker}: ${a.device} (${envText(a.env)})`),
    ],
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
export async function planWorkerDevices(backend: Backend, workers: number, opts: { probes?: DeviceProbes; env?: NodeJS.ProcessEnv } = {}): Promise<DevicePlan> {
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
