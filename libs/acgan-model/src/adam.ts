// Adam for one network with explicit, inspectable state: first and second moments per
// trainable parameter and one step counter. The update is PyTorch's Adam (eps 1e-8 added to
// the bias-corrected sqrt(v)). It is deterministic: replicas that hold the same state and apply
// the same gradient on the same backend end with bit-identical parameters.
import * as tf from '@tensorflow/tfjs';

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export class Adam {
  /** Number of updates applied so far (PyTorch's per-parameter "step"). */
  step = 0;
  readonly m: tf.Variable[];
  readonly v: tf.Variable[];

  constructor(
    private readonly hyper: AdamHyper,
    readonly params: tf.Variable[],
  ) {
    const zeros = () => params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.m = zeros();
    this.v = zeros();
  }

  /** One update; grads[i] is the gradient of params[i] (same shape). */
  apply(grads: tf.Tensor[]): void {
    const { lr, beta1, beta2, epsilon } = this.hyper;
    const t = this.step + 1;
    const stepSize = lr / (1 - beta1 ** t);
    const sqrtBc2 = Math.sqrt(1 - beta2 ** t);
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = grads[i];
        const m = this.m[i].mul(beta1).add(g.mul(1 - beta1));
        const v = this.v[i].mul(beta2).add(g.square().mul(1 - beta2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        p.assign(p.sub(m.div(v.sqrt().div(sqrtBc2).add(epsilon)).mul(stepSize)));
      });
    });
    this.step = t;
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
