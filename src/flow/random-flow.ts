import { Random } from '../util/random.js';
import type { FlowConfig } from './config.js';
import type { Engine } from './kernels/types.js';
import { referenceEngine } from './kernels/reference.js';
import { blockOrder, flowLayout } from './layout.js';
import { MaskedAutoregressiveFlow } from './maf.js';
import { createSpectralState, powerIteration } from './spectral.js';
import { initialParameters } from './train.js';

/**
 * An untrained flow with random weights (the training initialization times
 * `weightScale`, biases uniform in ±weightScale/4), spectrally normalized as
 * training would. For tests and simulations that need a nonlinear
 * bijection without fitting one (e.g. adversarial checks of certificates).
 */
export function randomFlow(
  config: FlowConfig, seed: number, weightScale = 1, engine: Engine = referenceEngine,
): MaskedAutoregressiveFlow {
  const layout = flowLayout(config);
  const rng = new Random(seed);
  const parameters = initialParameters(layout, rng.fork());
  const biases = rng.fork();
  for (const layer of layout.layers.flat()) {
    for (let i = layer.weightOffset; i < layer.biasOffset; i++) parameters[i] *= weightScale;
    for (let k = 0; k < layer.outputs; k++) {
      parameters[layer.biasOffset + k] = (biases.uniform() - 0.5) * 0.5 * weightScale;
    }
  }
  const spectral = createSpectralState(layout, rng.fork());
  powerIteration(parameters, layout, spectral, 30);
  const orders = Array.from({ length: config.blocks }, (_, b) => blockOrder(config.dimension, b));
  return new MaskedAutoregressiveFlow(
    { config, orders, parameters, scales: spectral.scale.slice() }, engine);
}
