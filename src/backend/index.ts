// Contract: the backend room's public API. Everything else in nasflow imports TF.js as
// '@tensorflow/tfjs-core' only and calls initBackend() once per thread before computing.

export { initBackend, BackendError, type BackendInfo } from './init.js';
export { BACKEND_CHOICES, BACKEND_ENV, resolveChoice, type BackendChoice, type BackendName } from './choice.js';
export { registerNasflowKernels } from './kernels/register.js';
export { withStockForward } from './kernels/overrides.js';
export { useLeanSaves, leanSavesOn } from './lean-saves.js';
export { useLeanGradients, leanGradientsOn } from './lean-gradients.js';
export { readInto, writeInPlace } from './heap-io.js';
export { channelMoments, channelDot, channelAffine, channelAffine2, clampGrad, bnGradSums, bnGradInput } from './fused.js';
export { bnTrainFused, weightedSum, sgdFused, sgdFusedMany, movingStatsFused } from './train-ops.js';
