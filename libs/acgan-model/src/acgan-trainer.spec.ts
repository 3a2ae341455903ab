import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AcganTrainer } from './acgan-trainer.ts';
import { initBackend } from './init-backend.ts';
import { makeBatch, sliceBatch, TINY_HYPER, TINY_MODEL } from './testing.ts';

const BATCH = makeBatch(TINY_MODEL, 4);

function average(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((v, i) => (v + b[i]) / 2);
}

async function stateOf(t: AcganTrainer, prefix: string, include = (_: string) => true): Promise<Map<string, Float32Array>> {
  return new Map((await t.getState()).filter((s) => s.name.startsWith(prefix) && include(s.name)).map((s) => [s.name, s.data]));
}

const isTrainableParam = (name: string) => !/adam|moving_/.test(name);

describe('AcganTrainer', () => {
  beforeAll(() => initBackend('wasm'));

  it('computes D and G gradients of the documented size with metrics', async () => {
    const t = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    for (const phase of ['D', 'G'] as const) {
      const layout = t.gradientLayout(phase);
      const last = layout[layout.length - 1];
      expect(last.offset + last.size).toBe(t.gradientSize(phase));
      expect(t.gradientSize(phase)).toBe(phase === 'D' ? t.paramCounts.discriminator : t.paramCounts.generator);
    }
    expect(t.gradientLayout('G')[0].name).toBe('generator/g_embedding/embeddings');
    const d = await t.computeGradients('D', BATCH, { step: 0, rank: 0 });
    expect(d.grads).toHaveLength(t.gradientSize('D'));
    expect(Object.keys(d.metrics)).toEqual(expect.arrayContaining(['lossD', 'dRealAcc', 'dFakeAcc', 'classAccReal', 'classAccFake']));
    expect(d.metrics.lossD).toBeCloseTo(d.metrics.lossDRealAdv + d.metrics.lossDRealCls + d.metrics.lossDFakeAdv + d.metrics.lossDFakeCls, 5);
    const g = await t.computeGradients('G', BATCH, { step: 0, rank: 0 });
    expect(g.grads).toHaveLength(t.gradientSize('G'));
    expect(g.metrics.lossG).toBeGreaterThan(0);
    await expect(t.computeGradients('D', { images: new Float32Array(3), labels: BATCH.labels }, { step: 0, rank: 0 })).rejects.toThrow(/batch.images has 3 values/);
    expect(() => t.applyGradients('G', new Float32Array(5))).toThrow(/got 5 values, expected/);
    t.dispose();
  });

  it('draws noise by (seed, step, rank, phase), independent of call history', async () => {
    const t = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    const a = (await t.computeGradients('D', BATCH, { step: 5, rank: 1 })).grads;
    await t.computeGradients('D', BATCH, { step: 6, rank: 0 });
    const b = (await t.computeGradients('D', BATCH, { step: 5, rank: 1 })).grads;
    const c = (await t.computeGradients('D', BATCH, { step: 5, rank: 2 })).grads;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    t.dispose();
  });

  it('does not leak tensors across steps', async () => {
    const t = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    let after2 = 0;
    for (let step = 1; step <= 10; step++) {
      await t.step(BATCH, { step, rank: 0 });
      if (step === 2) after2 = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(after2);
    t.dispose();
  });

  it('a D step changes D and not G; a G step changes G and not D', async () => {
    const t = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    const snapshot = async () => ({ g: await stateOf(t, 'generator/', isTrainableParam), d: await stateOf(t, 'discriminator/', isTrainableParam) });
    const changed = (a: Map<string, Float32Array>, b: Map<string, Float32Array>) => [...a.keys()].filter((k) => !a.get(k)!.every((v, i) => v === b.get(k)![i]));
    const s0 = await snapshot();
    t.applyGradients('D', (await t.computeGradients('D', BATCH, { step: 0, rank: 0 })).grads);
    const s1 = await snapshot();
    expect(changed(s0.d, s1.d).length).toBeGreaterThan(0);
    expect(changed(s0.g, s1.g)).toEqual([]);
    t.applyGradients('G', (await t.computeGradients('G', BATCH, { step: 0, rank: 0 })).grads);
    const s2 = await snapshot();
    expect(changed(s1.g, s2.g).length).toBeGreaterThan(0);
    expect(changed(s1.d, s2.d)).toEqual([]);
    t.dispose();
  });

  it('replicas applying the averaged gradient of two ranks stay bit-identical', async () => {
    const half0 = sliceBatch(TINY_MODEL, BATCH, 0, 2);
    const half1 = sliceBatch(TINY_MODEL, BATCH, 2, 4);
    const a = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    const b = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    expect(await b.parameterChecksum()).toBe(await a.parameterChecksum());
    for (let step = 0; step < 2; step++) {
      for (const phase of ['D', 'G'] as const) {
        // Replica A computes rank 0 then rank 1; replica B the other way round.
        const a0 = (await a.computeGradients(phase, half0, { step, rank: 0 })).grads;
        const a1 = (await a.computeGradients(phase, half1, { step, rank: 1 })).grads;
        const b1 = (await b.computeGradients(phase, half1, { step, rank: 1 })).grads;
        const b0 = (await b.computeGradients(phase, half0, { step, rank: 0 })).grads;
        expect(b0).toEqual(a0);
        expect(b1).toEqual(a1);
        a.applyGradients(phase, average(a0, a1));
        b.applyGradients(phase, average(b0, b1));
      }
      expect(await b.parameterChecksum()).toBe(await a.parameterChecksum());
    }
    const fresh = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    expect(await a.parameterChecksum()).not.toBe(await fresh.parameterChecksum());
    for (const t of [a, b, fresh]) t.dispose();
  });

  it('getState/setState round-trips: same checksum and the same next step', async () => {
    const a = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    await a.step(BATCH, { step: 0, rank: 0 });
    await a.step(BATCH, { step: 1, rank: 0 });
    // Same run seed (it keys the noise), different history.
    const b = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    await b.step(makeBatch(TINY_MODEL, 4, 77), { step: 9, rank: 3 });
    expect(await b.parameterChecksum()).not.toBe(await a.parameterChecksum());
    b.setState(await a.getState());
    expect(await b.parameterChecksum()).toBe(await a.parameterChecksum());
    const ma = await a.step(BATCH, { step: 2, rank: 0 });
    const mb = await b.step(BATCH, { step: 2, rank: 0 });
    expect(mb).toEqual(ma);
    expect(await b.parameterChecksum()).toBe(await a.parameterChecksum());
    expect((await b.getState()).map((s) => [s.name, Array.from(s.data)])).toEqual((await a.getState()).map((s) => [s.name, Array.from(s.data)]));
    a.dispose();
    b.dispose();
  });

  it('state holds Adam moments, step counters and BN moving stats; checksum ignores the latter', async () => {
    const t = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    await t.step(BATCH, { step: 0, rank: 0 });
    const state = await t.getState();
    const names = state.map((s) => s.name);
    expect(names).toContain('generator/g_dense/kernel/adam_m');
    expect(names).toContain('discriminator/d_conv1/kernel/adam_v');
    expect(names).toContain('discriminator/d_bn2/moving_mean');
    expect(state.find((s) => s.name === 'generator/adam_step')?.data[0]).toBe(1);
    const before = await t.parameterChecksum();
    t.setState(state.map((s) => (/moving_mean/.test(s.name) ? { ...s, data: s.data.map((v) => v + 1) } : s)));
    expect(await t.parameterChecksum()).toBe(before);
    t.setState(state.map((s) => (s.name === 'generator/g_dense/kernel/adam_v' ? { ...s, data: s.data.map((v) => v * 2) } : s)));
    expect(await t.parameterChecksum()).not.toBe(before);
    t.dispose();
  });

  it('setState names the first entry that differs', async () => {
    const t = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    const state = await t.getState();
    expect(() => t.setState(state.filter((s) => s.name !== 'generator/g_dense/bias'))).toThrow(/missing entry "generator\/g_dense\/bias"/);
    expect(() => t.setState(state.map((s) => (s.name === 'discriminator/d_class/bias' ? { ...s, shape: [1, 3] } : s)))).toThrow(
      /"discriminator\/d_class\/bias" has shape \[1,3\], expected \[3\]/,
    );
    expect(() => t.setState([...state, { name: 'extra', shape: [1], data: new Float32Array(1) }])).toThrow(/unexpected entry "extra"/);
    t.dispose();
  });

  it('generates deterministic inference-mode images in [-1, 1]', async () => {
    const t = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    const labels = Int32Array.from([0, 1, 2]);
    const a = await t.generate(4, labels);
    expect(a).toHaveLength(3 * 16 * 16);
    expect(await t.generate(4, labels)).toEqual(a);
    expect(Math.max(...a.map(Math.abs))).toBeLessThanOrEqual(1);
    t.dispose();
  });
});
