// Gumbel noise for the candidate weights m = GumbelSoftmax(θ, τ) = softmax((θ + g) / τ), drawn in
// JS from a checkpointable Rng (never tf.random*), so noise is identical on every backend and a
// resumed run continues the same stream. Pure: no tfjs.
//
// Scope (config `gumbel.scope`):
//   batch   one g per layer per batch, shared by every sample (the FBNet paper and the PyTorch
//           reference do this; the reference does not say so, we do): rows = 1.
//   sample  one g per layer per sample: rows = N; each image sees its own architecture.
// Mode:
//   soft    every candidate runs; output Σ_i m_i·block_i(x).
//   hard    straight-through (GDAS): forward uses onehot(argmax(θ + g)) so only candidates that
//           some row picked run; θ gets gradients through the soft weights.
export type NoiseScope = 'batch' | 'sample';
export type MixMode = 'soft' | 'hard';

export interface LayerSample {
  rows: number;
  /** g, row-major [rows, K]. */
  noise: Float32Array;
  /** Per row the picked candidate argmax_i(θ_i + g_i) (τ > 0 does not change it). */
  argmax: Int32Array;
  /** Candidates the forward must run, ascending: all in soft mode, the picked ones in hard mode. */
  active: number[];
}

export interface Uniform {
  float(): number;
}

/** Standard Gumbel: -log(-log u), u in (0, 1); u = 0 (possible from a [0, 1) source) is nudged up. */
export function gumbel(rng: Uniform): number {
  const u = Math.max(rng.float(), 1e-20);
  return -Math.log(-Math.log(u));
}

export function sampleLayer(theta: ArrayLike<number>, rows: number, rng: Uniform, mode: MixMode): LayerSample {
  const k = theta.length;
  const noise = new Float32Array(rows * k);
  const argmax = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestV = -Infinity;
    for (let i = 0; i < k; i++) {
      const g = gumbel(rng);
      noise[r * k + i] = g;
      // Compare in float32, as the forward computes θ + g, so the hard pick agrees with softmax's argmax.
      const v = Math.fround(Math.fround(theta[i]!) + Math.fround(g));
      if (v > bestV) [best, bestV] = [i, v];
    }
    argmax[r] = best;
  }
  const active = mode === 'soft' ? Array.from({ length: k }, (_, i) => i) : [...new Set(argmax)].sort((a, b) => a - b);
  return { rows, noise, argmax, active };
}

/** One LayerSample per layer, drawn in layer order from one stream. */
export function sampleNetwork(thetas: ArrayLike<number>[], rows: number, rng: Uniform, mode: MixMode): LayerSample[] {
  return thetas.map((t) => sampleLayer(t, rows, rng, mode));
}
