// Trainable parameter counts and per-layer output shapes of both networks, computed from the
// config alone (no weights are allocated, so the article-size model summarises instantly).
// build-networks.spec.ts checks that these numbers match the built LayersModels.
import { validateModelConfig, type ModelConfig } from './model-config.ts';

export interface LayerSummary {
  network: 'generator' | 'discriminator';
  name: string;
  kind: string;
  /** Output shape without the batch axis. */
  outputShape: number[];
  trainableParams: number;
}

export interface ModelSummary {
  generator: number;
  discriminator: number;
  layers: LayerSummary[];
}

/** Trainable parameter counts and a human-printable layer list for a model config. */
export function summarizeModel(c: ModelConfig): ModelSummary {
  validateModelConfig(c);
  const layers: LayerSummary[] = [];
  const add = (network: LayerSummary['network'], name: string, kind: string, outputShape: number[], trainableParams = 0) =>
    layers.push({ network, name, kind, outputShape, trainableParams });
  const w = c.width;
  const s0 = c.imageSize / 16;

  if (c.conditioning === 'multiply') {
    add('generator', 'g_embedding', 'Embedding', [1, c.latentDim], c.numClasses * c.latentDim);
    add('generator', 'g_condition', 'Multiply', [c.latentDim]);
  } else {
    add('generator', 'g_onehot', 'Embedding (frozen identity)', [1, c.numClasses]);
    add('generator', 'g_condition', 'Concatenate', [c.latentDim + c.numClasses]);
  }
  const zDim = c.conditioning === 'multiply' ? c.latentDim : c.latentDim + c.numClasses;
  add('generator', 'g_dense', 'Dense', [s0 * s0 * 8 * w], zDim * s0 * s0 * 8 * w + s0 * s0 * 8 * w);
  add('generator', 'g_bn0', 'BatchNorm+ReLU', [s0, s0, 8 * w], 2 * 8 * w);
  const gChannels = [8 * w, 4 * w, 2 * w, w, c.channels];
  for (let i = 1; i <= 4; i++) {
    const side = s0 * 2 ** i;
    const [cin, cout] = [gChannels[i - 1], gChannels[i]];
    add('generator', `g_deconv${i}`, 'Conv2DTranspose k4 s2', [side, side, cout], 16 * cin * cout + cout);
    if (i < 4) add('generator', `g_bn${i}`, 'BatchNorm+ReLU', [side, side, cout], 2 * cout);
  }
  add('generator', 'g_tanh', 'Tanh', [c.imageSize, c.imageSize, c.channels]);

  const dChannels = [c.channels, w, 2 * w, 4 * w, 8 * w];
  for (let i = 1; i <= 4; i++) {
    const side = c.imageSize / 2 ** i;
    const [cin, cout] = [dChannels[i - 1], dChannels[i]];
    add('discriminator', `d_conv${i}`, 'Conv2D k4 s2', [side, side, cout], 16 * cin * cout + cout);
    if (i > 1) add('discriminator', `d_bn${i}`, 'BatchNorm', [side, side, cout], 2 * cout);
  }
  const flat = s0 * s0 * 8 * w;
  add('discriminator', 'd_flatten', 'Flatten', [flat]);
  add('discriminator', 'd_validity', 'Dense (logit)', [1], flat + 1);
  add('discriminator', 'd_class', 'Dense (logits)', [c.numClasses], flat * c.numClasses + c.numClasses);

  const total = (network: LayerSummary['network']) => layers.filter((l) => l.network === network).reduce((sum, l) => sum + l.trainableParams, 0);
  return { generator: total('generator'), discriminator: total('discriminator'), layers };
}
