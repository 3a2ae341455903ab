// A full ACGAN step's gradients on wasm (with the registered training kernels) against the
// pure-JS cpu backend: same seed, same batch, relative error < 1e-4, both conditionings.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.ts';
import { fullStepGradients, relativeError } from './testing.ts';

async function gradientsOn(backend: 'wasm' | 'cpu', conditioning: 'multiply' | 'concat') {
  await initBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  return fullStepGradients(conditioning);
}

describe('wasm training kernels', () => {
  for (const conditioning of ['multiply', 'concat'] as const) {
    it(`give the cpu backend's gradients for a full step (${conditioning})`, async () => {
      const cpu = await gradientsOn('cpu', conditioning);
      const wasm = await gradientsOn('wasm', conditioning);
      expect(relativeError(wasm.D, cpu.D)).toBeLessThan(1e-4);
      expect(relativeError(wasm.G, cpu.G)).toBeLessThan(1e-4);
      // Per weight too, where the gradient is not ~0 (biases before BatchNorm get none).
      for (const e of wasm.layout.G) {
        const a = wasm.G.subarray(e.offset, e.offset + e.size);
        const b = cpu.G.subarray(e.offset, e.offset + e.size);
        if (Math.hypot(...b) > 1e-6) expect(relativeError(a, b), e.name).toBeLessThan(1e-4);
      }
    });
  }

  it('UnsortedSegmentSum (embedding gradient) and broadcast Tile match cpu', async () => {
    const run = () =>
      tf.tidy(() => {
        const table = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9], [3, 3]);
        const ids = tf.tensor2d([2, 0, 2, 5], [4, 1], 'int32');
        const dy = tf.tensor3d([...Array(12).keys()], [4, 1, 3]);
        const seg = tf.unsortedSegmentSum(dy.reshape([4, 3]), ids.reshape([4]) as tf.Tensor1D, 3);
        const viaGrad = tf.grad((t: tf.Tensor) =>
          tf
            .gather(t, tf.tensor1d([2, 0, 2], 'int32'))
            .mul(2)
            .sum(),
        )(table);
        const tiled = tf.tile(tf.tensor4d([1, 2], [1, 1, 1, 2]), [2, 3, 1, 1]);
        const general = tf.tile(tf.tensor2d([1, 2, 3, 4], [2, 2]), [2, 3]);
        return [seg, viaGrad, tiled, general].map((t) => t.arraySync());
      });
    await initBackend('cpu');
    const expected = run();
    await initBackend('wasm');
    expect(run()).toEqual(expected);
  });
});
