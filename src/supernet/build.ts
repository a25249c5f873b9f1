// Which supernet train-supernet trains for a method and a build-lut table, built per seed:
//   mixed   (FBNet, SPOS on a chain space; DARTS on a cells space) the LUT's supernet plan
//           (src/supernet/from-lut.ts), costs from the table
//   masked  (FBNetV2) the masked supernet over the table's width space, costs from effective
//           shapes: MFLOPs, or latency from the table's width model (loss.metric)
// A method whose supernet kind does not fit the space (an FBNet search over widths, an FBNetV2
// search over a fixed-width space, DARTS on a chain) is a config error naming the method.
import { ConfigError } from '../core/errors.js';
import { lutSpace } from '../latency/space.js';
import type { CostTable } from '../latency/table.js';
import type { WidthLutBox } from '../latency/width-model.js';
import type { Choice, MethodEntry } from '../methods/index.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import { isWidthSpace } from '../spaces/widths.js';
import type { LatencyTable, TrainSupernetConfig } from '../types/generated.js';
import { supernetPlan } from './from-lut.js';
import { MaskedSupernet } from './masked/masked-supernet.js';
import type { TrainableNet } from './net.js';

export interface TrainPlan {
  kind: 'chain' | 'cells' | 'masked';
  space: NormalizedSpace;
  /** The per-choice cost table (null for a masked supernet, which prices its own shapes). */
  costs: CostTable | null;
  /** One line for the log: layers and choices. */
  shape: string;
  create(seed: number): { net: TrainableNet; choices: Choice[] };
}

export function trainPlan(entry: MethodEntry, config: TrainSupernetConfig, lut: LatencyTable, lutFile: string, configFile: string): TrainPlan {
  const space = lutSpace(lut, lutFile);
  const masked = entry.supernet === 'masked';
  if (masked !== isWidthSpace(space)) {
    throw new ConfigError(configFile, '/method', `method ${entry.name} trains ${masked ? 'a masked supernet over width, expansion or resolution choices' : 'a mixed-op supernet over fixed widths'}; build-lut's space ${space.name} ${masked ? 'searches none' : 'searches widths or resolution (use method fbnet-v2)'}`);
  }
  if (masked) {
    const layers = space.body.kind === 'chain' ? space.body.layers.length : 0;
    const metric = entry.metric(config);
    if (metric === 'params' || (metric === 'latency' && !lut.widths)) throw new ConfigError(configFile, '/loss/metric', `the masked supernet prices flops (effective shapes) or latency (a width table), found ${metric}`);
    const latency = metric === 'latency' && lut.widths ? { boxes: lut.widths.boxes as WidthLutBox[], fixedMs: lut.fixed.latency.value, batch: lut.stamp.batch } : undefined;
    return {
      kind: 'masked', space, costs: null,
      shape: `${layers} layers, ${space.choices.length} choices (op, width, expansion, resolution), masked over shared weights`,
      create: (seed) => {
        const net = new MaskedSupernet(space, { seed, ...(latency ? { latency } : {}) });
        return { net, choices: net.choices };
      },
    };
  }
  const plan = supernetPlan(lut, lutFile);
  if (!entry.spaceKinds.includes(plan.kind)) throw new ConfigError(configFile, '/method', `method ${entry.name} searches ${entry.spaceKinds.join(' or ')} spaces; the LUT's space ${plan.name} is a ${plan.kind} space`);
  const costs = plan.costs(entry.metric(config));
  return {
    kind: plan.kind, space, costs, shape: plan.describe,
    create: (seed) => ({ net: plan.build(costs, seed), choices: plan.choices }),
  };
}
