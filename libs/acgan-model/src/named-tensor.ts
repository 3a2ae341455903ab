// The neutral record in which tensors leave this library (state, checkpoints): a name,
// a shape and a flat row-major float32 array. No TF.js types cross the border.

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
