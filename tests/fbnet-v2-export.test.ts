// The narrow network frozen from a sample, with the supernet's weights sliced into it, computes
// exactly the masked supernet's forward at the one-hot sample — widths, expansions, op choice and
// input resolution (the narrow net reads the subsampled input) — in inference and training mode,
// on cpu and wasm. A space with a skip/identity at matching widths, per-stage widths, expansion.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { buildModel } from '../src/arch/model.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { Rng } from '../src/core/rng.js';
import { picksOf } from '../src/methods/choices.js';
import { oneHotMixes } from '../src/methods/policies/masking.js';
import { useBackend } from '../src/ops/testing.js';
import { randomSample } from '../src/spaces/choices.js';
import { freeze } from '../src/spaces/freeze.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { narrowWeights } from '../src/supernet/masked/export-slice.js';
import { MaskedSupernet } from '../src/supernet/masked/masked-supernet.js';
import { subsample } from '../src/supernet/masked/spaced.js';
import { WIDTHS } from './helpers/spaces.js';

for (const backend of ['cpu', 'wasm'] as const) {
  test(`exported narrow network = masked supernet at the one-hot sample (${backend})`, async (t) => {
    if (!(await useBackend(backend))) return t.skip(`${backend} unavailable`);
    const space = normalizeSpace(WIDTHS, 'widths.json');
    const net = new MaskedSupernet(space, { seed: 5 });
    const rng = Rng.seeded(11);
    // Non-initial BN statistics and affine so inference mode is a real check.
    for (const v of net.variables()) {
      const d = (v.variable.dataSync() as Float32Array).map((x) => (/moving_var|gamma/.test(v.name) ? 0.5 + rng.float() : x + 0.1 * (rng.float() - 0.5)));
      v.variable.assign(tf.tensor(d, v.variable.shape));
    }
    const x = tf.randomNormal([3, ...space.input], 0, 1, 'float32', 7) as tf.Tensor4D;
    const samples = [0, 1, 2, 3, 4].map(() => randomSample(space, rng));
    // Include the narrowest and widest everywhere.
    const extreme = (k: 0 | 1) => Object.fromEntries(Object.entries(samples[0]!).map(([l, v]) => {
      const c = space.choices.find((ch) => ch.label === l)!;
      return [l, c.kind === 'int' ? c.values[k === 0 ? 0 : c.values.length - 1]! : v];
    }));
    const seen = new Set<string>();
    for (const sample of [...samples, extreme(0), extreme(1)]) {
      const picks = picksOf(net.choices, sample);
      const arch = normalizeArch(freeze(space, sample, 'narrow'), 'narrow.json');
      const model = buildModel(arch, { seed: 1 });
      model.loadState(narrowWeights(net, sample, model.state()));
      const r = arch.input[0];
      seen.add(String(r));
      for (const training of [false, true]) {
        const ours = tf.tidy(() => net.forward(x, oneHotMixes(net.choices, picks), training).logits).dataSync() as Float32Array;
        const theirs = tf.tidy(() => model.apply(subsample(x, r), training)).dataSync() as Float32Array;
        let worst = 0;
        ours.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - theirs[i]!))));
        assert.ok(worst < 1e-4, `${JSON.stringify(sample)} training=${training}: max |Δ| ${worst}`);
      }
      model.dispose();
    }
    assert.ok(seen.size === 2, `both resolutions covered: ${[...seen]}`);
    net.dispose();
  });
}
