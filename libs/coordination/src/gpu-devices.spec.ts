import { describe, expect, it } from 'vitest';
import {
  driPrimeTag,
  parseDeviceSelectListing,
  parseNvidiaSmiGpus,
  parseVulkanProbeOutput,
  planDevices,
  planWorkerDevices,
  visibleCudaGpus,
  type CudaGpu,
  type DeviceProbes,
  type VulkanDevice,
  type VulkanListing,
} from './gpu-devices.ts';

const H100 = 'NVIDIA H100 80GB HBM3';
const BUSES = ['18', '2A', '3A', 'AB'];

/** nvidia-smi's CSV for `n` identical H100s (bus ids in nvidia-smi's upper case). */
function smiCsv(n: number, name = H100): string {
  return Array.from({ length: n }, (_, i) => `${i}, ${name}, 00000000:${BUSES[i]}:00.0, GPU-${i}aaaaaaa-bbbb-cccc-dddd-eeeeeeeeeee${i}`).join('\n') + '\n';
}

function cudaGpus(n: number): CudaGpu[] {
  return parseNvidiaSmiGpus(smiCsv(n));
}

/** The device-select layer's listing for these devices. */
function layerText(devices: { name: string; type: string; pci?: string; vid?: string; did?: string }[]): string {
  return ['selectable devices:', ...devices.map((d, i) => `  GPU ${i}: ${d.vid ?? '10de'}:${d.did ?? '2330'} "${d.name}" ${d.type}${d.pci ? ` ${d.pci}` : ''}`)].join('\n') + '\n';
}

const LLVMPIPE = 'llvmpipe (LLVM 15.0.6, 256 bits)';

function listing(names: string[], layer: VulkanDevice[] | null): VulkanListing {
  return { dawn: names.map((name) => ({ backend: 'vulkan', name, software: false })), layer, warnings: [] };
}

function h100Layer(n: number, withPci = true): VulkanDevice[] {
  return parseDeviceSelectListing(
    layerText(Array.from({ length: n }, (_, i) => ({ name: H100, type: 'discrete GPU', ...(withPci ? { pci: `0000:${BUSES[i].toLowerCase()}:00.0` } : {}) }))),
  )!;
}

function fakeProbes(smi: string | null, vulkan: VulkanListing): DeviceProbes & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    nvidiaSmi: async (args) => {
      calls.push(`nvidia-smi ${args.join(' ')}`);
      return smi === null ? { ok: false, error: 'nvidia-smi not found' } : { ok: true, stdout: smi };
    },
    vulkan: async () => {
      calls.push('vulkan');
      return vulkan;
    },
  };
}

describe('parseNvidiaSmiGpus', () => {
  it('reads index, name, PCI bus id and UUID per line', () => {
    expect(parseNvidiaSmiGpus(smiCsv(2))).toEqual([
      { index: 0, name: H100, pciBusId: '00000000:18:00.0', uuid: 'GPU-0aaaaaaa-bbbb-cccc-dddd-eeeeeeeeeee0' },
      { index: 1, name: H100, pciBusId: '00000000:2A:00.0', uuid: 'GPU-1aaaaaaa-bbbb-cccc-dddd-eeeeeeeeeee1' },
    ]);
  });

  it('skips what is not a GPU line (warnings, blank lines, CRLF, "No devices were found") and keeps a name with a comma', () => {
    const text =
      'WARNING: infoROM is corrupted at gpu 0000:18:00.0\r\n\r\n0, Tesla V100-SXM2-16GB, 00000000:18:00.0, GPU-abc\r\n1,  Odd, Name , 00000000:3B:00.0 ,GPU-def\r\nNo devices were found\n';
    expect(parseNvidiaSmiGpus(text)).toEqual([
      { index: 0, name: 'Tesla V100-SXM2-16GB', pciBusId: '00000000:18:00.0', uuid: 'GPU-abc' },
      { index: 1, name: 'Odd, Name', pciBusId: '00000000:3B:00.0', uuid: 'GPU-def' },
    ]);
    expect(parseNvidiaSmiGpus('')).toEqual([]);
    expect(parseNvidiaSmiGpus('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.')).toEqual([]);
  });
});

describe('parseDeviceSelectListing', () => {
  it('reads the first listing: ids, name, type, PCI address (none for llvmpipe); software recognised', () => {
    const text = [
      'Warning: something from Dawn',
      'selectable devices:',
      '  GPU 0: 10de:2330 "NVIDIA H100 80GB HBM3" discrete GPU 0000:41:00.0',
      '  GPU 1: 10005:0 "llvmpipe (LLVM 15.0.6, 256 bits)" CPU',
      'device-select: device_select_find_non_cpu selected 0',
      'selectable devices:',
      '  GPU 0: 10de:2330 "something else" discrete GPU 0000:42:00.0',
    ].join('\n');
    expect(parseDeviceSelectListing(text)).toEqual([
      { index: 0, vendorId: '10de', deviceId: '2330', name: H100, type: 'discrete GPU', pci: '0000:41:00.0', software: false },
      { index: 1, vendorId: '10005', deviceId: '0', name: LLVMPIPE, type: 'CPU', software: true },
    ]);
  });

  it('is null without the layer, and takes a line without type (older Mesa)', () => {
    expect(parseDeviceSelectListing('Warning: vkCreateInstance: Found no drivers!\n')).toBeNull();
    expect(parseDeviceSelectListing('selectable devices:\n  GPU 0: 1002:73bf "AMD Radeon RX 6800 (RADV NAVI21)"\n')).toEqual([
      { index: 0, vendorId: '1002', deviceId: '73bf', name: 'AMD Radeon RX 6800 (RADV NAVI21)', type: '', software: false },
    ]);
  });
});

describe('driPrimeTag', () => {
  it("writes Mesa's pci-DDDD_BB_DD_F in lower-case hex from nvidia-smi's and Vulkan's address forms", () => {
    expect(driPrimeTag('00000000:AF:00.0')).toBe('pci-0000_af_00_0');
    expect(driPrimeTag('0000:41:00.0')).toBe('pci-0000_41_00_0');
    expect(driPrimeTag('00000001:0A:1F.3')).toBe('pci-0001_0a_1f_3');
    expect(driPrimeTag('not an address')).toBeUndefined();
    // Mesa takes the '!' off a 16-character tag only.
    expect(driPrimeTag('00010000:41:00.0')).toBeUndefined();
  });
});

describe('the CUDA plan', () => {
  it('worker k gets CUDA GPU k: CUDA_VISIBLE_DEVICES=k, PCI bus order, and the DRI_PRIME of the same GPU', () => {
    const plan = planDevices({ backend: 'tensorflow-gpu', workers: 0, cuda: cudaGpus(4) });
    expect(plan.kind).toBe('cuda');
    expect(plan.workers).toBe(4);
    expect(plan.assignments.map((a) => a.env)).toEqual(
      BUSES.map((b, k) => ({ CUDA_VISIBLE_DEVICES: String(k), CUDA_DEVICE_ORDER: 'PCI_BUS_ID', DRI_PRIME: `pci-0000_${b.toLowerCase()}_00_0!` })),
    );
    expect(plan.warnings).toEqual([]);
    expect(plan.lines[0]).toMatch(/CUDA, 4 GPU\(s\).*4 worker/);
    expect(plan.lines[3]).toBe(`worker 2: GPU 2 "${H100}" 00000000:3A:00.0 (CUDA_VISIBLE_DEVICES=2 CUDA_DEVICE_ORDER=PCI_BUS_ID DRI_PRIME=pci-0000_3a_00_0!)`);
  });

  it('--workers larger than the GPU count wraps around and warns; smaller uses the first GPUs', () => {
    const more = planDevices({ backend: 'tensorflow-gpu', workers: 3, cuda: cudaGpus(2) });
    expect(more.assignments.map((a) => a.env.CUDA_VISIBLE_DEVICES)).toEqual(['0', '1', '0']);
    expect(more.warnings.join('\n')).toMatch(/3 workers on 2 GPU/);
    const fewer = planDevices({ backend: 'tensorflow-gpu', workers: 1, cuda: cudaGpus(4) });
    expect(fewer.assignments.map((a) => a.env.CUDA_VISIBLE_DEVICES)).toEqual(['0']);
  });

  it("honours the launcher's CUDA_VISIBLE_DEVICES (indices or UUID prefixes, in its order)", () => {
    const byIndex = planDevices({ backend: 'tensorflow-gpu', workers: 0, cuda: cudaGpus(4), cudaVisibleDevices: '3,1' });
    expect(byIndex.assignments.map((a) => a.env.CUDA_VISIBLE_DEVICES)).toEqual(['3', '1']);
    const byUuid = planDevices({ backend: 'tensorflow-gpu', workers: 0, cuda: cudaGpus(4), cudaVisibleDevices: 'GPU-2aaa' });
    expect(byUuid.assignments.map((a) => a.env.CUDA_VISIBLE_DEVICES)).toEqual(['2']);
    // As in CUDA, the list ends at the first entry that names no GPU.
    const bad = visibleCudaGpus(cudaGpus(4), '1,7,2');
    expect(bad?.gpus.map((g) => g.index)).toEqual([1]);
    expect(bad?.ignored).toBe('7,2');
    const none = planDevices({ backend: 'tensorflow-gpu', workers: 0, cuda: cudaGpus(4), cudaVisibleDevices: '' });
    expect(none.kind).toBe('none');
    expect(none.warnings.join('\n')).toMatch(/leaves no GPU visible/);
  });

  it('nvidia-smi missing: tensorflow-gpu warns and does not pin; 2 workers', async () => {
    const probes = fakeProbes(null, listing([], null));
    const plan = await planWorkerDevices('tensorflow-gpu', 0, { probes, env: {} });
    expect(plan).toMatchObject({ kind: 'none', workers: 2, assignments: [] });
    expect(plan.warnings.join('\n')).toMatch(/nvidia-smi lists no GPU \(nvidia-smi not found\)/);
    expect(probes.calls).toEqual(['nvidia-smi --query-gpu=index,name,pci.bus_id,uuid --format=csv,noheader']);
  });

  it('auto with NVIDIA GPUs takes the CUDA plan and warns when a webgpu fallback could not be pinned (no device-select layer)', async () => {
    const probes = fakeProbes(smiCsv(2), listing([H100, H100], null));
    const plan = await planWorkerDevices('auto', 0, { probes, env: {} });
    expect(plan.kind).toBe('cuda');
    expect(plan.assignments.map((a) => a.env.CUDA_VISIBLE_DEVICES)).toEqual(['0', '1']);
    expect(plan.warnings.join('\n')).toMatch(/fall back to webgpu, they may all use one GPU/);
    const withLayer = await planWorkerDevices('auto', 0, { probes: fakeProbes(smiCsv(2), listing([H100, H100], h100Layer(2))), env: {} });
    expect(withLayer.warnings).toEqual([]);
  });
});

describe('the WebGPU (Vulkan) plan', () => {
  it('identical GPUs with PCI addresses from the device-select layer: worker k gets DRI_PRIME of adapter k, no name', () => {
    const plan = planDevices({ backend: 'webgpu', workers: 0, vulkan: listing([H100, H100, H100, H100], h100Layer(4)) });
    expect(plan.kind).toBe('vulkan');
    expect(plan.workers).toBe(4);
    expect(plan.assignments.map((a) => a.env)).toEqual(BUSES.map((b) => ({ DRI_PRIME: `pci-0000_${b.toLowerCase()}_00_0!` })));
    expect(plan.warnings).toEqual([]);
  });

  it('identical names and no layer: workers cannot be told apart; one warning saying how to fix it', () => {
    const plan = planDevices({ backend: 'webgpu', workers: 0, vulkan: listing([H100, H100], null) });
    expect(plan.workers).toBe(2);
    expect(plan.assignments.map((a) => a.env)).toEqual([{}, {}]);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatch(/workers 0, 1 may share one GPU.*device-select Vulkan layer is not installed.*mesa-vulkan-drivers.*DRI_PRIME=pci-DDDD_BB_DD_F!/);
  });

  it('mixed names and no layer: a name is used when no other adapter name contains it', () => {
    const names = ['NVIDIA A100-SXM4-80GB', 'NVIDIA A10', 'AMD Radeon RX 7900 XTX (RADV NAVI31)'];
    const plan = planDevices({ backend: 'webgpu', workers: 0, vulkan: listing(names, null) });
    expect(plan.assignments.map((a) => a.env)).toEqual([
      { ACGAN_WEBGPU_ADAPTER: 'NVIDIA A100-SXM4-80GB' },
      {}, // "NVIDIA A10" would also match the A100
      { ACGAN_WEBGPU_ADAPTER: 'AMD Radeon RX 7900 XTX (RADV NAVI31)' },
    ]);
    expect(plan.warnings.join('\n')).toMatch(/workers 1 may share one GPU/);
  });

  it('mixed names with the layer: DRI_PRIME and the name', () => {
    const layer = parseDeviceSelectListing(
      layerText([
        { name: 'NVIDIA A100-SXM4-80GB', type: 'discrete GPU', pci: '0000:17:00.0' },
        { name: 'NVIDIA A10', type: 'discrete GPU', pci: '0000:65:00.0' },
      ]),
    )!;
    const plan = planDevices({ backend: 'webgpu', workers: 0, vulkan: listing(['NVIDIA A100-SXM4-80GB', 'NVIDIA A10'], layer) });
    expect(plan.assignments.map((a) => a.env)).toEqual([{ DRI_PRIME: 'pci-0000_17_00_0!', ACGAN_WEBGPU_ADAPTER: 'NVIDIA A100-SXM4-80GB' }, { DRI_PRIME: 'pci-0000_65_00_0!' }]);
    expect(plan.warnings).toEqual([]);
  });

  it('software adapters are not GPUs: ignored beside GPUs; alone, no pinning and 2 workers', () => {
    const layer = parseDeviceSelectListing(
      layerText([
        { name: H100, type: 'discrete GPU', pci: '0000:41:00.0' },
        { name: LLVMPIPE, type: 'CPU', vid: '10005', did: '0' },
      ]),
    )!;
    const mixed = planDevices({ backend: 'webgpu', workers: 0, vulkan: listing([H100, LLVMPIPE], layer) });
    expect(mixed.gpus).toBe(1);
    expect(mixed.assignments.map((a) => a.env)).toEqual([{ DRI_PRIME: 'pci-0000_41_00_0!', ACGAN_WEBGPU_ADAPTER: H100 }]);
    // Dawn's list alone (no layer): recognised by name.
    const swiftshader = planDevices({ backend: 'webgpu', workers: 0, vulkan: listing(['SwiftShader Device (Subzero)'], null) });
    expect(swiftshader).toMatchObject({ kind: 'none', workers: 2, assignments: [] });
    expect(swiftshader.lines[0]).toMatch(/only a software WebGPU adapter/);
    const lavapipe = planDevices({ backend: 'auto', workers: 0, cuda: [], vulkan: listing([LLVMPIPE], parseDeviceSelectListing(layerText([{ name: LLVMPIPE, type: 'CPU' }]))) });
    expect(lavapipe).toMatchObject({ kind: 'none', workers: 2 });
  });

  it('a device the layer lists but Dawn refuses is not counted', () => {
    const plan = planDevices({ backend: 'webgpu', workers: 0, vulkan: listing([H100], h100Layer(2)) });
    expect(plan.gpus).toBe(1);
    expect(plan.assignments.map((a) => a.env.DRI_PRIME)).toEqual(['pci-0000_18_00_0!']);
  });

  it('the layer without PCI addresses and identical names: warns', () => {
    const plan = planDevices({ backend: 'webgpu', workers: 0, vulkan: listing([H100, H100], h100Layer(2, false)) });
    expect(plan.warnings.join('\n')).toMatch(/reports no PCI address/);
  });

  it('auto without NVIDIA GPUs plans over hardware WebGPU adapters; webgpu not installed means no pinning', async () => {
    const probes = fakeProbes(null, listing([H100, H100], h100Layer(2)));
    const plan = await planWorkerDevices('auto', 0, { probes, env: {} });
    expect(plan.kind).toBe('vulkan');
    expect(probes.calls).toEqual(['nvidia-smi --query-gpu=index,name,pci.bus_id,uuid --format=csv,noheader', 'vulkan']);
    const absent = await planWorkerDevices('webgpu', 0, {
      probes: fakeProbes(null, { dawn: null, dawnError: 'the npm package webgpu (Dawn) is not installed', layer: null, warnings: [] }),
      env: {},
    });
    expect(absent).toMatchObject({ kind: 'none', workers: 2 });
    expect(absent.lines[0]).toMatch(/WebGPU unavailable \(the npm package webgpu \(Dawn\) is not installed\)/);
  });
});

describe('backends without GPU', () => {
  it('wasm, cpu, tensorflow: no probes, no pinning, 2 workers by default or as asked', async () => {
    for (const backend of ['wasm', 'cpu', 'tensorflow'] as const) {
      const probes = fakeProbes(smiCsv(8), listing([H100], h100Layer(1)));
      expect(await planWorkerDevices(backend, 0, { probes, env: {} })).toMatchObject({ kind: 'none', workers: 2, assignments: [] });
      expect(await planWorkerDevices(backend, 3, { probes, env: {} })).toMatchObject({ workers: 3 });
      expect(probes.calls).toEqual([]);
    }
  });
});

describe('parseVulkanProbeOutput', () => {
  it("reads the child's JSON line, the layer's listing and Dawn's warnings (less the limit notes)", () => {
    const stderr = `${layerText([{ name: LLVMPIPE, type: 'CPU', vid: '10005', did: '0' }])}Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16\nWarning: vkCreateInstance: Found no drivers!\n`;
    const r = parseVulkanProbeOutput(`${JSON.stringify({ adapters: [{ backend: 'vulkan', name: LLVMPIPE }] })}\n`, stderr);
    expect(r.dawn).toEqual([{ backend: 'vulkan', name: LLVMPIPE, software: true }]);
    expect(r.layer).toHaveLength(1);
    expect(r.warnings).toEqual(['vkCreateInstance: Found no drivers!']);
    expect(parseVulkanProbeOutput('{"error":"the npm package webgpu (Dawn) is not installed"}\n', '')).toMatchObject({ dawn: null, dawnError: /not installed/, layer: null });
    expect(parseVulkanProbeOutput('', '', 'the WebGPU probe ended with signal SIGSEGV').dawnError).toMatch(/SIGSEGV/);
  });
});
