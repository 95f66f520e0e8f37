/**
 * An invertible map between encoded data space and a standard Gaussian
 * latent space. The fitted flow is one; the exact linear-Gaussian map used
 * as an oracle in tests and simulations is another.
 *
 * Arrays are row-major, rows × dimension.
 */
export interface Bijection {
  readonly dimension: number;
  /** f⁻¹: data to latent. */
  toLatent(x: Float64Array, rows: number): Float64Array;
  /** f: latent to data. */
  fromLatent(z: Float64Array, rows: number): Float64Array;
}
