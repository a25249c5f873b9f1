// Every job kind a worker runs, registered by explicit import (nothing else can be run).
import { retrainKind } from '../retrain/kind.js';
import { scoreKind } from '../sample/score-kind.js';
import { registerKind } from './kinds.js';

registerKind(retrainKind);
registerKind(scoreKind);
