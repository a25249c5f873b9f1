// Contract: the fast differentiable building blocks blocks are made of (see each file's header).
export { batchNormTrain, batchNormInfer, updateMovingStats, type BatchNormOptions, type BatchNormTrainResult, type BnActivation } from './batch-norm.js';
export { conv2d, depthwiseConv2d, groupedConv1x1, type Padding } from './conv.js';
export { avgPoolSame } from './pool.js';
