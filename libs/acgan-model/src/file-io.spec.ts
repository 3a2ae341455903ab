import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AcganTrainer } from './acgan-trainer.ts';
import { loadLayersModelFromFile } from './file-io.ts';
import { initBackend } from './init-backend.ts';
import { sampleLatent } from './keyed-random.ts';
import { makeBatch, TINY_HYPER, TINY_MODEL } from './testing.ts';

describe('exportModels', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acgan-export-'));
  beforeAll(() => initBackend('wasm'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the TF.js layers format that tf.loadLayersModel(file://) loads and that generates the same images', async () => {
    const trainer = new AcganTrainer(TINY_MODEL, TINY_HYPER);
    await trainer.step(makeBatch(TINY_MODEL, 4), { step: 0, rank: 0 }); // non-trivial BN moving stats
    await trainer.exportModels(dir);

    const json = JSON.parse(fs.readFileSync(path.join(dir, 'generator', 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    expect(fs.existsSync(path.join(dir, 'discriminator', 'weights.bin'))).toBe(true);

    const labels = Int32Array.from([0, 1, 2, 1]);
    const expected = await trainer.generate(21, labels);
    const generator = await tf.loadLayersModel(`file://${path.join(dir, 'generator', 'model.json')}`);
    const images = tf.tidy(() => {
      const noise = tf.tensor2d(sampleLatent(21, labels.length, TINY_MODEL.latentDim), [labels.length, TINY_MODEL.latentDim]);
      const out = generator.predict([noise, tf.tensor2d(labels, [labels.length, 1], 'int32')]) as tf.Tensor;
      return out.dataSync().slice();
    });
    expect(Array.from(images)).toEqual(Array.from(expected));

    const discriminator = await loadLayersModelFromFile(path.join(dir, 'discriminator'));
    expect(discriminator.outputs.map((o) => o.shape)).toEqual([
      [null, 1],
      [null, TINY_MODEL.numClasses],
    ]);
    generator.dispose();
    discriminator.dispose();
    trainer.dispose();
  });
});
