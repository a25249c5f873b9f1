// Parse, then build: turns a `space/v1` document into the flat list of searchable layers with
// every shape resolved (input channels and spatial size of each layer). Pure: no tfjs, no I/O.
// Spatial sizes follow 'same' padding: out = ceil(in / stride).
import { hashJson } from '../core/hash.js';
import type { SearchSpace } from '../types/generated.js';
import { SpaceError } from './errors.js';

export interface LayerShape {
  index: number;
  cIn: number;
  cOut: number;
  stride: number;
  /** Input [H, W] of the layer. */
  inHW: [number, number];
  outHW: [number, number];
}

export interface NormalizedSpace {
  name: string;
  input: [number, number, number];
  classes: number;
  stem: { cIn: number; cOut: number; kernel: number; stride: number; inHW: [number, number]; outHW: [number, number] };
  layers: LayerShape[];
  candidates: string[];
  head: { cIn: number; cOut: number | null; norm: 'bn' | 'bias'; relu: boolean; dropout: number; inHW: [number, number] };
  /** Shape warnings a user should see (printed and written into artifacts). */
  warnings: string[];
  /** sha256 of the canonical JSON of the normalised space (shapes + candidate names). */
  hash: string;
}

const down = (hw: [number, number], s: number): [number, number] => [Math.ceil(hw[0] / s), Math.ceil(hw[1] / s)];

/** `knownBlock` tells whether a candidate name is in the block registry (injected: no tfjs here). */
export function normalizeSpace(doc: SearchSpace, file: string, knownBlock: (name: string) => boolean): NormalizedSpace {
  if (doc.layers && doc.stages) throw new SpaceError(file, '', 'give `layers` or `stages`, not both');
  if (!doc.layers && !doc.stages) throw new SpaceError(file, '', 'no searchable layers: give `layers` or `stages`');
  doc.candidates.forEach((c, i) => {
    if (!knownBlock(c)) throw new SpaceError(file, `/candidates/${i}`, `unknown block "${c}"`);
  });
  const [h, w, c] = doc.input as [number, number, number];
  const stemOut = down([h, w], doc.stem.stride);
  const stem = { cIn: c, cOut: doc.stem.cOut, kernel: doc.stem.kernel ?? 3, stride: doc.stem.stride, inHW: [h, w] as [number, number], outHW: stemOut };
  const plan: { cIn?: number; cOut: number; stride: number; path: string }[] = doc.layers
    ? doc.layers.map((l, i) => ({ ...l, path: `/layers/${i}` }))
    : doc.stages!.flatMap((s, si) => Array.from({ length: s.repeats }, (_, r) => ({ cOut: s.cOut, stride: r === 0 ? s.stride : 1, path: `/stages/${si}` })));

  const warnings: string[] = [];
  const layers: LayerShape[] = [];
  let cIn = stem.cOut;
  let hw = stemOut;
  plan.forEach((p, index) => {
    if (p.cIn !== undefined && p.cIn !== cIn) throw new SpaceError(file, `${p.path}/cIn`, `layer ${index} expects cIn ${p.cIn}, found ${cIn} from ${index === 0 ? 'the stem' : `layer ${index - 1}`}`);
    const out = down(hw, p.stride);
    if (out[0] < 1 || out[1] < 1) throw new SpaceError(file, p.path, `layer ${index} output is empty (${out[0]}x${out[1]})`);
    layers.push({ index, cIn, cOut: p.cOut, stride: p.stride, inHW: hw, outHW: out });
    cIn = p.cOut;
    hw = out;
  });
  const small = layers.filter((l) => l.outHW[0] < 2 || l.outHW[1] < 2);
  if (small.length) {
    warnings.push(
      `the stride schedule shrinks the feature map below 2x2 before the head: layers ${small.map((l) => l.index).join(', ')} output ${small[0]!.outHW.join('x')}` +
        ' (a 3x3 or 5x5 kernel there sees mostly padding; fewer stride-2 layers suit small inputs)',
    );
  }
  const head = { cIn, cOut: doc.head.cOut ?? null, norm: doc.head.norm ?? 'bn', relu: doc.head.relu ?? true, dropout: doc.head.dropout ?? 0, inHW: hw };
  const body = { name: doc.name, input: [h, w, c] as [number, number, number], classes: doc.classes, stem, layers, candidates: [...doc.candidates], head };
  return { ...body, warnings, hash: hashJson(body) };
}
