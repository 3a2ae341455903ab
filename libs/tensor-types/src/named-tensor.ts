// The neutral record in which a tensor crosses library borders: a name, a shape and
// a flat row-major float32 array. The model hands its state out in it, the protocol
// puts it on the wire and takes it off, and checkpoints store it. No TensorFlow.js,
// no protobuf: every library may import this one, and it imports nothing.

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Number of elements of a tensor of this shape (1 for the scalar shape []). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Whether two shapes have the same dimensions in the same order. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
