// The two small records that describe a model (ModelConfig) and how it is trained
// (TrainHyper), their defaults, and the check every entry point runs on them.

export interface ModelConfig {
  /** Image side S in pixels; a multiple of 16 (the networks halve/double it four times). */
  imageSize: number;
  channels: 1 | 3;
  numClasses: number;
  /** Length of the noise vector z. */
  latentDim: number;
  /** Width factor w: the discriminator's convolutions have w, 2w, 4w, 8w filters (the article's model: 128). */
  width: number;
  /** How the class enters the generator: the article code's embedding x noise, or one-hot concatenated to the noise. */
  conditioning: 'multiply' | 'concat';
}

export interface TrainHyper {
  lrD: number;
  lrG: number;
  beta1: number;
  beta2: number;
  /** One-sided label smoothing: the real target of the D validity loss is 1 - labelSmoothing (0 = off). */
  labelSmoothing: number;
  /** Seeds the initial weights and every noise / fake-label draw. */
  seed: number;
}

/** The source article's model: 64x64 RGB, 2 classes, latent 100, width 128. */
export const ARTICLE_MODEL_CONFIG: ModelConfig = {
  imageSize: 64,
  channels: 3,
  numClasses: 2,
  latentDim: 100,
  width: 128,
  conditioning: 'multiply',
};

/** Adam as in DCGAN practice (lr 2e-4, beta1 0.5). */
export const DEFAULT_TRAIN_HYPER: TrainHyper = {
  lrD: 2e-4,
  lrG: 2e-4,
  beta1: 0.5,
  beta2: 0.999,
  labelSmoothing: 0,
  seed: 1,
};

function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

function fail(field: string, value: unknown, expected: string): never {
  throw new Error(`invalid model config: ${field} = ${JSON.stringify(value)}, expected ${expected}`);
}

/** Throws an Error naming the first bad field, its value and what was expected. */
export function validateModelConfig(c: ModelConfig): void {
  if (c == null || typeof c !== 'object') fail('config', c, 'an object');
  if (!isPositiveInteger(c.imageSize) || c.imageSize % 16 !== 0) {
    fail('imageSize', c.imageSize, 'a positive multiple of 16 (e.g. 32, 64, 128)');
  }
  if (c.channels !== 1 && c.channels !== 3) fail('channels', c.channels, '1 or 3');
  if (!isPositiveInteger(c.numClasses) || c.numClasses < 2) fail('numClasses', c.numClasses, 'an integer >= 2');
  if (!isPositiveInteger(c.latentDim)) fail('latentDim', c.latentDim, 'a positive integer');
  if (!isPositiveInteger(c.width)) fail('width', c.width, 'a positive integer');
  if (c.conditioning !== 'multiply' && c.conditioning !== 'concat') {
    fail('conditioning', c.conditioning, "'multiply' or 'concat'");
  }
}

/** Throws an Error naming the first bad hyper-parameter. */
export function validateTrainHyper(h: TrainHyper): void {
  const positive = (field: keyof TrainHyper) => {
    const v = h[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new Error(`invalid train hyper-parameters: ${field} = ${JSON.stringify(v)}, expected a positive number`);
    }
  };
  positive('lrD');
  positive('lrG');
  for (const field of ['beta1', 'beta2'] as const) {
    const v = h[field];
    if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
      throw new Error(`invalid train hyper-parameters: ${field} = ${JSON.stringify(v)}, expected a number in [0, 1)`);
    }
  }
  if (typeof h.labelSmoothing !== 'number' || !(h.labelSmoothing >= 0 && h.labelSmoothing < 1)) {
    throw new Error(`invalid train hyper-parameters: labelSmoothing = ${JSON.stringify(h.labelSmoothing)}, expected a number in [0, 1)`);
  }
  if (typeof h.seed !== 'number' || !Number.isInteger(h.seed)) {
    throw new Error(`invalid train hyper-parameters: seed = ${JSON.stringify(h.seed)}, expected an integer`);
  }
}
