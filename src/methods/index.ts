// Fills the method registry by explicit imports (one line per method) and re-exports its API.
import { DARTS } from './darts.js';
import { FBNET } from './fbnet.js';
import { FBNET_V2 } from './fbnet-v2.js';
import { registerMethod } from './registry.js';
import { SPOS } from './spos.js';

registerMethod(FBNET);
registerMethod(SPOS);
registerMethod(DARTS);
registerMethod(FBNET_V2);

export { methodEntry, methodNames, type MethodContext, type MethodEntry, type SpaceKind } from './registry.js';
export type { Method, Phase, TrainSplit, UpdateTarget } from './method.js';
export { supernetChoices, sampleOf, picksOf, sampleKey, type Choice, type Sample, type ChoiceValue } from './choices.js';
