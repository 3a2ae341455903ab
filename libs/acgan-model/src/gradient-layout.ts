// The documented order of a network's flat gradient:
// the network's trainable weights in LayersModel.trainableWeights order, i.e. layers in graph
// order and within a layer kernel/embeddings then bias, or gamma then beta. Each entry is named
// "<network>/<layer>/<weight>", e.g. "generator/g_dense/kernel".
import type * as tf from '@tensorflow/tfjs';

export interface LayoutEntry {
  name: string;
  shape: number[];
  /** Element offset inside the flat vector. */
  offset: number;
  /** Number of elements. */
  size: number;
}

/** Stable weight name: "<network>/<layer>/<weight>" (independent of TF.js's unique-name suffixes). */
export function weightName(network: string, w: { originalName: string }): string {
  return `${network}/${w.originalName}`;
}

/** Layout of the flat vector over the given weights, in the given order. */
export function makeLayout(network: string, weights: tf.LayerVariable[]): LayoutEntry[] {
  let offset = 0;
  return weights.map((w) => {
    const shape = w.shape as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    const entry = { name: weightName(network, w), shape: [...shape], offset, size };
    offset += size;
    return entry;
  });
}

/** Total number of elements of a layout. */
export function layoutSize(layout: LayoutEntry[]): number {
  const last = layout[layout.length - 1];
  return last ? last.offset + last.size : 0;
}
