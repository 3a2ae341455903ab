/**
 * What the device plan (gpu-devices.ts) knows of the machine, and how it asks:
 * the CUDA GPUs nvidia-smi lists, the adapters Dawn (WebGPU) lists, and the
 * listing of Mesa's device-select Vulkan layer (PCI addresses and device
 * types), with the parsers of their outputs.
 *
 * Dawn is asked in a child process (gpu-probe-child.ts) run with
 * MESA_VK_DEVICE_SELECT_DEBUG=1, which makes the layer, where installed, print
 * its device list on stderr at the first device enumeration (the program carries
 * on; `MESA_VK_DEVICE_SELECT=list` prints the same and exits), so that Dawn never
 * loads into the coordinator's process. Everything goes through DeviceProbes, so
 * tests fake the device lists; systemProbes are this machine's.
 */
import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeAdapter } from '@acgan/model';

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
    const m =
      /^\s*GPU (\d+): ([0-9a-f]+):([0-9a-f]+) "(.*)"\s*(discrete GPU|integrated GPU|virtual GPU|CPU|other)?(?:\s+([0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-9a-f]))?\s*$/i.exec(
        line,
      );
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

/** The CUDA GPUs nvidia-smi lists (none when nvidia-smi is missing or fails). */
export async function listCudaGpus(probes: DeviceProbes = systemProbes): Promise<{ gpus: CudaGpu[]; error?: string }> {
  const r = await probes.nvidiaSmi(NVIDIA_SMI_QUERY);
  return r.ok ? { gpus: parseNvidiaSmiGpus(r.stdout) } : { gpus: [], error: r.error };
}

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
