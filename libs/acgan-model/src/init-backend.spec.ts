import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.ts';

describe('initBackend', () => {
  it('auto falls through the node backends and webgpu to wasm with one log line naming why', async () => {
    delete process.env.TF_FORCE_GPU_ALLOW_GROWTH;
    const lines: string[] = [];
    const choice = await initBackend('auto', (l) => lines.push(l));
    expect(process.env.TF_FORCE_GPU_ALLOW_GROWTH).toBe('true');
    // tfjs-node(-gpu) are optional dependencies, not installed on CI machines without their download.
    expect(choice.backend).toBe(tf.getBackend());
    if (choice.backend === 'wasm') {
      expect(choice.reasons).toHaveLength(3);
      expect(choice.reasons[0]).toMatch(/^tensorflow-gpu: (@tensorflow\/tfjs-node-gpu not installed|failed to load: )/);
      // No GPU here: Dawn has no adapter, or only a software one, which auto never takes.
      expect(choice.reasons[1]).toMatch(
        /^webgpu: (only a software adapter \(.+\), which runs on the CPU; used only when --backend webgpu asks for it|Dawn found no WebGPU adapter|the npm package webgpu \(Dawn\) is not installed)/,
      );
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/TF.js backend: wasm .*not taken: tensorflow-gpu: .*; webgpu: .*; tensorflow: /);
    }
    const again = await initBackend('auto', (l) => lines.push(l));
    expect(again).toBe(choice);
    expect(lines).toHaveLength(1);
  });

  it('switches between explicit backends and back', async () => {
    expect((await initBackend('cpu')).backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await initBackend('wasm')).backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    await expect(initBackend('gpu' as never)).rejects.toThrow(/backend = "gpu", expected one of/);
  });
});
