// A searched training recipe (FBNetV3: the arch document's `recipe`, from the space's `recipe.*`
// choices) applied to retrain's config and the architecture, the one place that knows what each
// recipe name means:
//   lr, weightDecay, momentum, labelSmoothing, minLr   the config field of that name
//   epochs                                              config.epochs (an integer)
//   augment                                             crop padding in pixels (augmentation strength)
//   flip                                                random horizontal flip (on/off, or 1/0)
//   ema                                                 weight EMA: on (decay 0.99) / off, or the decay
//   optimizer                                           sgd | adam
//   dropout                                             the classifier head's dropout (arch document)
// An unknown name or a value of the wrong type is a ConfigError naming the document, never
// silently ignored. Pure: documents in, documents out.
import { ConfigError } from '../core/errors.js';
import type { ArchDoc, RetrainConfig } from '../types/generated.js';

export const RECIPE_NAMES = ['lr', 'weightDecay', 'momentum', 'labelSmoothing', 'minLr', 'epochs', 'augment', 'flip', 'ema', 'optimizer', 'dropout'] as const;

const onOff = (v: string | number): boolean | null => (v === 'on' || v === 1 || v === 'true' ? true : v === 'off' || v === 0 || v === 'false' ? false : null);

export function applyRecipe(config: RetrainConfig, doc: ArchDoc, file: string): { config: RetrainConfig; doc: ArchDoc } {
  const recipe = doc.recipe ?? {};
  let c: RetrainConfig = { ...config, augment: { ...config.augment } };
  let d: ArchDoc = doc;
  const bad = (name: string, expected: string): never => {
    throw new ConfigError(file, `/recipe/${name}`, `expected ${expected}, found ${JSON.stringify(recipe[name])}`);
  };
  for (const [name, v] of Object.entries(recipe)) {
    const num = typeof v === 'number' ? v : Number.NaN;
    switch (name) {
      case 'lr':
      case 'weightDecay':
      case 'momentum':
      case 'labelSmoothing':
      case 'minLr':
        if (!Number.isFinite(num) || num < 0) bad(name, 'a non-negative number');
        c = { ...c, [name]: num };
        break;
      case 'epochs':
        if (!Number.isInteger(num) || num < 1) bad(name, 'a positive integer');
        c = { ...c, epochs: num };
        break;
      case 'augment':
        if (!Number.isInteger(num) || num < 0) bad(name, 'a crop padding in pixels (integer >= 0)');
        c = { ...c, augment: { ...c.augment, cropPadding: num } };
        break;
      case 'flip': {
        const f = onOff(v);
        if (f === null) bad(name, 'on or off');
        c = { ...c, augment: { ...c.augment, flip: f! } };
        break;
      }
      case 'ema': {
        const f = onOff(v);
        const decay = f === null ? num : f ? 0.99 : 0;
        if (!(decay >= 0 && decay < 1)) bad(name, 'on, off or a decay in [0, 1)');
        c = { ...c, ema: decay };
        break;
      }
      case 'optimizer':
        if (v !== 'sgd' && v !== 'adam') bad(name, 'sgd or adam');
        c = { ...c, optimizer: v as 'sgd' | 'adam' };
        break;
      case 'dropout':
        if (!(num >= 0 && num < 1)) bad(name, 'a dropout rate in [0, 1)');
        d = d.body.kind === 'chain' ? { ...d, body: { ...d.body, head: { ...d.body.head, dropout: num } } } : { ...d, body: { ...d.body, dropout: num } };
        break;
      default:
        throw new ConfigError(file, `/recipe/${name}`, `expected a recipe name retrain knows (${RECIPE_NAMES.join(', ')}), found "${name}"`);
    }
  }
  return { config: c, doc: d };
}

/**
 * The document without its recipe: baselines and protocol draws from a joint space are trained
 * with retrain's own recipe like everything else (their random recipe values would confound the
 * architecture comparison), and a found architecture's default-recipe twin is this.
 */
export function withoutRecipe(doc: ArchDoc, name = doc.name): ArchDoc {
  const { recipe: _r, ...rest } = doc;
  return { ...rest, name };
}
