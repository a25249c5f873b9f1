// Timing one forward computation the way build-lut needs it: `warmup` untimed runs, then `runs`
// timed ones, each ending with a read-back so asynchronous backends have really finished; an
// entry whose relative spread (p90 - p10) / median is above the threshold is measured again, up
// to maxRemeasure times, keeping the tightest of the attempts.
import * as tf from '@tensorflow/tfjs-core';
import { type Summary, spread, summarize } from '../latency/stats.js';

export interface TimerSettings {
  warmup: number;
  runs: number;
  spreadThreshold: number;
  maxRemeasure: number;
}

export interface Timed extends Summary {
  remeasured: number;
}

/** Times `forward`; its result is disposed here unless it is `input` itself (an identity block). */
export function timeForward(forward: () => tf.Tensor, s: TimerSettings, input?: tf.Tensor): Timed {
  const once = (): number => {
    const t0 = performance.now();
    const y = tf.tidy(forward);
    y.dataSync();
    const ms = performance.now() - t0;
    if (y !== input) y.dispose();
    return ms;
  };
  for (let i = 0; i < s.warmup; i++) once();
  let best = summarize(Array.from({ length: s.runs }, once));
  let remeasured = 0;
  while (spread(best) > s.spreadThreshold && remeasured < s.maxRemeasure) {
    remeasured++;
    const again = summarize(Array.from({ length: s.runs }, once));
    if (spread(again) < spread(best)) best = again;
  }
  return { ...best, remeasured };
}
