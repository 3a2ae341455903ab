// ACGAN losses computed from logits, and the accuracy metrics reported beside them.
// D = BCE(real, 1 - smoothing) + CE(real class) + BCE(fake, 0) + CE(fake class)
// G = BCE(fake, 1) + CE(fake class)
// Every term is a mean over the local batch, so averaging N equal-sized ranks' gradients
// equals the gradient of the mean over the global batch (BatchNorm aside: each rank
// normalises with its own batch statistics, as DDP without SyncBatchNorm does).
import * as tf from '@tensorflow/tfjs';

/** Mean sigmoid cross-entropy of logits x (n, 1) against a constant target t, stable form. */
export function sigmoidCrossEntropy(logits: tf.Tensor, target: number): tf.Scalar {
  return tf.tidy(() => {
    // max(x, 0) - x t + log(1 + exp(-|x|))
    const terms = tf
      .relu(logits)
      .sub(logits.mul(target))
      .add(tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.mean(terms);
  });
}

/** Mean softmax cross-entropy of logits (n, k) against integer labels (n), no softmax beforehand. */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const oneHot = tf.oneHot(labels, logits.shape[1]).toFloat();
    const picked = tf.sum(oneHot.mul(logits), -1);
    return tf.mean(tf.logSumExp(logits, -1).sub(picked));
  });
}

/** Fraction of logits on the given side of 0 (validity accuracy). */
export function signAccuracy(logits: tf.Tensor, positive: boolean): tf.Scalar {
  return tf.tidy(() => (positive ? tf.greater(logits, 0) : tf.less(logits, 0)).toFloat().mean());
}

/** Fraction of rows whose arg-max equals the label. */
export function classAccuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.equal(tf.argMax(logits, -1), labels).toFloat().mean());
}
