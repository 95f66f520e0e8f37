/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR
 * 2015), in place on a flat parameter vector:
 *
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,
 *   θ ← θ − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε).
 *
 * A parameter whose gradient is always zero (a masked-out weight) stays
 * exactly where it is: m = v = 0 gives a zero step.
 */
export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  /**
   * @param size number of parameters. @param learningRate η > 0.
   * @param beta1 β₁ in [0, 1). @param beta2 β₂ in [0, 1). @param epsilon ε > 0.
   */
  constructor(
    size: number,
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /**
   * One update of params from grads, on the [begin, end) index ranges given
   * (all parameters by default); entries outside them are left untouched.
   */
  step(params: Float64Array, grads: Float64Array, ranges?: Int32Array): void {
    this.t++;
    const { m, v, beta1, beta2, epsilon } = this;
    const stepSize = this.learningRate / (1 - beta1 ** this.t);
    const secondCorrection = 1 / (1 - beta2 ** this.t);
    const bounds = ranges ?? Int32Array.of(0, m.length);
    for (let range = 0; range < bounds.length; range += 2) {
      const end = bounds[range + 1];
      for (let i = bounds[range]; i < end; i++) {
        const g = grads[i];
        const mi = beta1 * m[i] + (1 - beta1) * g;
        const vi = beta2 * v[i] + (1 - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        params[i] -= (stepSize * mi) / (Math.sqrt(vi * secondCorrection) + epsilon);
      }
    }
  }
}
