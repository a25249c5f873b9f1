// Images at an architecture's input size. The data holds the space's full size; an architecture
// that searched its input resolution (FBNetV2) reads a nearest-neighbour subsample at the same
// spaced positions the supernet trained with (src/supernet/masked/spaced.ts), so retrain,
// validation, test scoring and the export check all see what the found network was chosen on.
import type * as tf from '@tensorflow/tfjs-core';
import { subsample } from '../supernet/masked/spaced.js';

export function atArchInput(x: tf.Tensor4D, input: readonly number[]): tf.Tensor4D {
  const [, h, w, c] = x.shape;
  const [ih, iw, ic] = input;
  if (h === ih && w === iw && c === ic) return x;
  if (ih !== iw || c !== ic || ih! > h || iw! > w) throw new RangeError(`images ${h}x${w}x${c} cannot feed an architecture whose input is ${input.join('x')} (a square subsample of at most the image size)`);
  return subsample(x, ih!);
}
