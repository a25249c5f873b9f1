// Public API of the data room: dataset sources (by registry or typed loader), stratified splits,
// statistics and the split files of the prepare-data artifact. No tfjs here: everything is
// typed arrays, so the stage runs in seconds and later stages choose how to make tensors.
export { checkDataset, countPerClass, type Dataset, fileRecord, type SourceFile, sourceSha256 } from './dataset.js';
export { type AnySourceDef, type LoadContext, loadContext, type SourceDef, type SourceKind, type SourceOptions, SourceRegistry } from './registry.js';
export { sources } from './sources/index.js';
export { FASHION_MNIST_CLASSES, loadFashionMnist, parseImageRows } from './sources/fashion-mnist.js';
export { type IdxOptions, loadIdx } from './sources/idx.js';
export { CIFAR10_CLASSES, CIFAR10_FILES, type Cifar10Options, loadCifar10 } from './sources/cifar10.js';
export { loadSynthetic, type SyntheticOptions } from './sources/synthetic.js';
export { controlledRounding } from './apportion.js';
export { SPLIT_NAMES, type SpecLocation, type SplitIndices, type SplitName, splitSizes, stratifiedSplit } from './split.js';
export { type ChannelMoments, channelStats, classCounts, classCountsBySplit } from './stats.js';
export { gatherSplit, readSplit, type SplitBytes, type SplitData, splitFileNames } from './serialize.js';
