// The built-in dataset sources, registered by explicit import (adding a source = one import and
// one entry here; a duplicate kind fails at start-up with a RegistryError).
import { SourceRegistry } from '../registry.js';
import { cifar10Source } from './cifar10.js';
import { fashionMnistSource } from './fashion-mnist.js';
import { idxSource } from './idx.js';
import { syntheticSource } from './synthetic.js';

export const sources = new SourceRegistry([fashionMnistSource, idxSource, cifar10Source, syntheticSource]);
