import { certifiedSpectralNorm } from '../flow/index.js';
import { assert, LniError } from '../util/errors.js';
import { boxDiameter, propagateBox, type BlockEnclosure, type Box, type CertifiableFlow }
  from './interval.js';
import { chiSquareQuantile } from '../util/special.js';

/** The encoded domain box as the table encoder reports it. */
export interface DomainBox {
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  /** 'schema' bounds are clean; 'data' (min/max) bounds leak a little. */
  source: 'schema' | 'data' | 'mixed';
}

export type SensitivityBound = 'lipschitz' | 'interval' | 'clip';

export interface SensitivityCertificate {
  /** S, the smallest valid bound below. */
  sensitivity: number;
  bound: SensitivityBound;
  /** ∏ L_k · diam(box); null without a flow or when it overflows. */
  lipschitz: number | null;
  /** Diameter of the interval image of the box; null without a flow. */
  interval: number | null;
  /** 2R; null without latent clipping. */
  clip: number | null;
  clipRadius: number | null;
  /** L_k per block of the piece with the largest product, for the report. */
  blockLipschitz: number[];
  domainSource: DomainBox['source'];
}

/**
 * The data-free latent clipping radius R = √(χ²_p quantile 0.99)
 * (method.md §3.4): 99% of N(0, I_p) vectors lie inside, and the choice uses
 * no data. p = 16 → 5.66, p = 23 → 6.45.
 *
 * @param p latent dimension ≥ 1 (missing indicators and codes included).
 */
export function autoClipRadius(p: number): number {
  if (!(Number.isInteger(p) && p >= 1)) {
    throw new LniError('invalid-option',
      `the latent dimension must be a whole number ≥ 1, got ${p}`, {
        hint: 'pass model.encoder.dimension' });
  }
  return Math.sqrt(chiSquareQuantile(0.99, p));
}

/** The clipping radius asked for: R itself, 'auto' as autoClipRadius(p), or none. */
export function clipRadiusAt(clip: number | 'auto' | undefined, p: number): number | undefined {
  return clip === 'auto' ? autoClipRadius(p) : clip;
}

/** The output layer's shift (even) or raw log-scale (odd) columns as a matrix. */
function headColumns(
  layer: CertifiableFlow['blocks'][number]['layers'][number], parity: 0 | 1,
): Float64Array {
  const columns = layer.outputs / 2;
  const out = new Float64Array(layer.inputs * columns);
  for (let i = 0; i < layer.inputs; i++) {
    for (let j = 0; j < columns; j++) {
      out[i * columns + j] = layer.weight[i * layer.outputs + 2 * j + parity];
    }
  }
  return out;
}

/**
 * Lipschitz constant of one block T(y)_j = u_j = (y_j − m_j(y))·e^(−a_j(y))
 * over the convex hull K of its input box.
 *
 * Why it holds. The Jacobian is
 *   J = E(I − J_m) − E·D·J_a,   E = diag(e^(−a_j)),  D = diag(y_j − m_j),
 * and for y, y' in K the segment between them stays in K (a box is
 * convex), so ‖T(y) − T(y')‖₂ ≤ sup_K ‖J‖₂ · ‖y − y'‖₂. The per-coordinate
 * facts become L2 operator bounds through diagonal matrices, whose norm is
 * their largest entry: ‖E‖₂ = max_j e^(−a_j) ≤ e^s, and ‖E·D‖₂ = max_j |u_j|
 * ≤ min(max|u|, e^s·B_k). (Bounding each u_j's gradient and then taking
 * the max over j would be wrong: an L2 bound on the whole vector needs the
 * matrix norm, which the diagonal factorization gives exactly.) Through the
 * network, J_o = W_outᵀ·G_L·W_Lᵀ ⋯ G_1·W_1ᵀ with G_l = diag(1 − tanh²) ≤ g_l,
 * so ‖J_m‖ ≤ ‖W_out,shift‖·∏ g_l‖W_l‖ = L_m and
 * ‖J_a‖ ≤ s·g_raw·‖W_out,raw‖·∏ g_l‖W_l‖ = L_a. Hence
 *   L_k ≤ ‖E‖(1 + L_m) + ‖E·D‖·L_a ≤ e^s(1 + L_m + B_k·L_a),
 * the method.md formula being the case g = 1, ‖E‖ = e^s, ‖W_out,·‖ ≤ ‖W_out‖.
 * The column permutation between blocks is an isometry and changes nothing.
 */
function blockLipschitz(norms: BlockNorms, enclosure: BlockEnclosure, s: number): number {
  let trunk = 1;
  norms.hidden.forEach((norm, l) => { trunk *= norm * enclosure.hiddenSlopes[l]; });
  const shiftLipschitz = trunk * norms.shift;
  const logScaleLipschitz = s * enclosure.rawSlope * trunk * norms.logScale;
  const inverseScale = Math.min(Math.exp(s), enclosure.maxInverseScale);
  const scaledResidual = Math.min(enclosure.maxOutput, inverseScale * enclosure.maxResidual);
  return inverseScale * (1 + shiftLipschitz) + scaledResidual * logScaleLipschitz;
}

/** Certified spectral norms of one block: hidden layers, and each output head. */
interface BlockNorms {
  hidden: number[];
  shift: number;
  logScale: number;
}

function blockNorms(flow: CertifiableFlow): BlockNorms[] {
  const norms = flow.certifiedNorms();
  let offset = 0;
  return flow.blocks.map((block) => {
    const last = block.layers.length - 1;
    const head = block.layers[last];
    const headNorm = norms[offset + last];
    const half = head.outputs / 2;
    const result = {
      hidden: Array.from(norms.subarray(offset, offset + last)),
      shift: Math.min(headNorm, certifiedSpectralNorm(headColumns(head, 0), head.inputs, half)),
      logScale: Math.min(headNorm, certifiedSpectralNorm(headColumns(head, 1), head.inputs, half)),
    };
    offset += block.layers.length;
    return result;
  });
}

export interface SensitivityOptions {
  /** Latent clipping radius R > 0, or 'auto' for autoClipRadius(p); omit for none. */
  clipRadius?: number | 'auto';
  /**
   * The box is cut into this many pieces (halving the widest side in turn)
   * and each piece propagated alone, which shrinks the dependency loss of
   * interval arithmetic. Default 256; cost grows linearly.
   */
  subdivisions?: number;
}

/** Halves every box along its widest side until there are at least `count`. */
function subdivide(box: Box, count: number): Box[] {
  let boxes = [box];
  while (boxes.length < count) {
    boxes = boxes.flatMap(({ lower, upper }) => {
      let widest = 0;
      for (let j = 1; j < lower.length; j++) {
        if (upper[j] - lower[j] > upper[widest] - lower[widest]) widest = j;
      }
      const middle = (lower[widest] + upper[widest]) / 2;
      const below = { lower: lower.slice(), upper: upper.slice() };
      const above = { lower: lower.slice(), upper: upper.slice() };
      below.upper[widest] = middle;
      above.lower[widest] = middle;
      return [below, above];
    });
  }
  return boxes;
}

/**
 * Certifies S ≥ sup_{x, x' ∈ box} ‖f⁻¹(x) − f⁻¹(x')‖₂ (method.md §3.4) three
 * ways and keeps the smallest valid one:
 *   lipschitz: S ≤ max_i ∏_k L_k⁽ⁱ⁾ · diam(box)   (blockLipschitz);
 *   interval:  S ≤ diam(hull of the interval images of the pieces);
 *   clip:      S ≤ 2R, valid only when the release clips latents at R.
 * With pieces: for x in piece i, block k's input lies in piece i's
 * propagated box, so ‖J_f⁻¹(x)‖ ≤ ∏_k L_k⁽ⁱ⁾, and the mean value inequality
 * on the whole (convex) box takes the max over pieces. With clipping,
 * min(2R, network bound) is valid too, because clip_R is a projection onto
 * a ball and so never lengthens a difference.
 *
 * @param flow the fitted flow's certificate view, or null (clipping only).
 * @param box the encoded domain (finite; the encoder's standardization is
 *   already in it, so S is in latent units).
 */
export function certifySensitivity(
  flow: CertifiableFlow | null, box: DomainBox, options: SensitivityOptions = {},
): SensitivityCertificate {
  const p = box.lower.length;
  assert(box.upper.length === p, () => `box bounds differ in length: ${p} vs ${box.upper.length}`);
  assert(flow === null || flow.dimension === p,
    () => `box has dimension ${p}, flow has ${flow?.dimension}`);
  const domain: Box = { lower: Float64Array.from(box.lower), upper: Float64Array.from(box.upper) };
  for (let j = 0; j < p; j++) {
    if (!(Number.isFinite(domain.lower[j]) && Number.isFinite(domain.upper[j])
      && domain.lower[j] <= domain.upper[j])) {
      throw new LniError('domain-unbounded', `Encoded column ${j + 1} has bounds `
        + `[${domain.lower[j]}, ${domain.upper[j]}]; a sensitivity needs a finite box.`,
      { hint: 'declare bounds for every column in the schema' });
    }
  }

  let lipschitz: number | null = null;
  let interval: number | null = null;
  let blockBounds: number[] = [];
  if (flow !== null) {
    const norms = blockNorms(flow);
    const hull: Box = { lower: new Float64Array(p).fill(Infinity),
      upper: new Float64Array(p).fill(-Infinity) };
    let worstProduct = 0;
    for (const piece of subdivide(domain, options.subdivisions ?? 256)) {
      const { latent, blocks } = propagateBox(flow, piece);
      for (let j = 0; j < p; j++) {
        hull.lower[j] = Math.min(hull.lower[j], latent.lower[j]);
        hull.upper[j] = Math.max(hull.upper[j], latent.upper[j]);
      }
      const bounds = blocks.map((enclosure, k) =>
        blockLipschitz(norms[k], enclosure, flow.config.logScaleBound));
      const product = bounds.reduce((a, b) => a * b, 1);
      if (!(product <= worstProduct)) {
        worstProduct = product;
        blockBounds = bounds;
      }
    }
    interval = finiteOrNull(boxDiameter(hull));
    lipschitz = finiteOrNull(worstProduct * boxDiameter(domain));
  }

  const clipRadius = options.clipRadius;
  const radius = clipRadiusAt(clipRadius, p) ?? null;
  if (radius !== null) checkClipRadius(radius);
  const clip = radius === null ? null : 2 * radius;

  const candidates: [SensitivityBound, number | null][] =
    [['clip', clip], ['interval', interval], ['lipschitz', lipschitz]];
  let best: [SensitivityBound, number] | null = null;
  for (const [name, value] of candidates) {
    if (value !== null && (best === null || value < best[1])) best = [name, value];
  }
  if (best === null) {
    throw new LniError('no-sensitivity-bound', 'No sensitivity bound is available: '
      + 'the flow gave no finite certificate and latent clipping is off.',
    { hint: 'turn on latent clipping (--clip-latent auto)' });
  }
  return {
    sensitivity: best[1], bound: best[0], lipschitz, interval, clip, clipRadius: radius,
    blockLipschitz: blockBounds, domainSource: box.source,
  };
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Throws a user-facing error unless the latent clipping radius is a positive finite number. */
export function checkClipRadius(radius: number): void {
  if (!(Number.isFinite(radius) && radius > 0)) {
    throw new LniError('invalid-option',
      `the clipping radius must be a positive number, got ${radius}`, {
        hint: 'leave it out for no clipping, or use autoClipRadius(dimension) ("auto")' });
  }
}
