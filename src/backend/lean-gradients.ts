// Contract: useLeanGradients() replaces this thread's Engine.gradients (what tf.grad, tf.grads,
// tf.valueAndGrads and tf.variableGrads call) with a driver that computes the same gradients with
// the same kernels in the same order — bit-identical — but:
//   - filters the tape in time linear in its length (tfjs-core 4.22's getFilteredNodesXToY loops
//     over every x for every input that is not from x: ~5,000 nodes x 1,609 variables on the FBNet
//     CIFAR supernet);
//   - frees as it goes, as PyTorch's autograd does: once a node's gradient has run, the gradient
//     of its outputs and the tensors it saved for the backward are disposed (stock tfjs keeps every
//     intermediate gradient and every saved activation until the whole backward ends), so the
//     backward's working set stays small and the allocator hands back cache-warm memory.
// Freeing early is done only where it is safe: in a first-order pass (no enclosing tape), never
// for a tensor the caller passed in (dy, xs) or one the forward made (unless it is the node's own
// saved copy), and never for a tensor still held as some other tensor's gradient (counted).
// Idempotent; per thread. Off: the stock method.
import * as tf from '@tensorflow/tfjs-core';
import { enginePatched, patchEngine } from './engine-patch.js';

interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  saved?: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
}
interface EngineState {
  activeTape: TapeNode[] | null;
  gradientDepth: number;
}
interface EngineLike {
  state: EngineState;
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T>(name: string | (() => T), f?: () => T): T;
}


/** The nodes on a path from xs to y, in tape order, their inputs pruned to those that come from xs (as tfjs's filter). */
export function filterTape(tape: readonly TapeNode[], xs: readonly tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set<number>(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    for (const k in node.inputs) {
      if (fromX.has(node.inputs[k]!.id)) {
        for (const o of node.outputs) fromX.add(o.id);
        nodesFromX.add(node.id);
        break;
      }
    }
  }
  const toY = new Set<number>([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i]!;
    if (!node.outputs.some((o) => toY.has(o.id))) continue;
    for (const k in node.inputs) toY.add(node.inputs[k]!.id);
    nodesToY.add(node.id);
  }
  const out: TapeNode[] = [];
  for (const node of tape) {
    if (!nodesFromX.has(node.id) || !nodesToY.has(node.id)) continue;
    const inputs: Record<string, tf.Tensor> = {};
    for (const k in node.inputs) if (fromX.has(node.inputs[k]!.id)) inputs[k] = node.inputs[k]!;
    out.push({ ...node, inputs });
  }
  return out;
}

function leanGradients(this: EngineLike, f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients = false): { value: tf.Tensor; grads: tf.Tensor[] } {
  if (xs.length === 0) throw new Error('gradients() received an empty list of xs.');
  if (dy != null && dy.dtype !== 'float32') throw new Error(`dy must have 'float32' dtype, but has '${dy.dtype}'`);
  const y = this.scopedRun(() => this.startTape(), () => this.endTape(), () => this.tidy('forward', f));
  if (!(y instanceof tf.Tensor)) throw new Error('The result y returned by f() must be a tensor.');
  const tape = this.state.activeTape!;
  const filtered = filterTape(tape, xs, y);
  if (!allowNoGradients && filtered.length === 0) throw new Error('Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you passed encloses all operations that lead from x to y.');
  // Free early only in a first-order pass: an enclosing tape may still need these tensors.
  const eager = this.state.gradientDepth === 0;
  return this.tidy('backward', () => {
    const acc = new Map<number, tf.Tensor>();
    const held = new Map<tf.Tensor, number>();
    const hold = (t: tf.Tensor, d: number): void => void held.set(t, (held.get(t) ?? 0) + d);
    const keepIds = new Set<number>([y.id, ...xs.map((x) => x.id)]);
    // Tensors this backward made (ids from here on) may go early; the forward's and the caller's may not.
    const backwardStart = (this as unknown as { nextTensorId(): number }).nextTensorId();
    const mine = (t: tf.Tensor): boolean => t.id >= backwardStart && t !== dy;
    const seed = dy ?? tf.ones(y.shape);
    acc.set(y.id, seed);
    hold(seed, 1);
    for (let i = filtered.length - 1; i >= 0; i--) {
      const node = filtered[i]!;
      const dys = node.outputs.map((o) => acc.get(o.id) ?? null);
      if (!node.gradient) throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
      const inputGrads = node.gradient(dys);
      for (const name in node.inputs) {
        if (!(name in inputGrads)) throw new Error(`Cannot backprop through input ${name}. Available gradients found: ${Object.keys(inputGrads)}.`);
        const dx = this.tidy(() => inputGrads[name]!());
        if (dx.dtype !== 'float32') throw new Error(`Error in gradient for op ${node.kernelName}. The gradient of input ${name} must have 'float32' dtype, but has '${dx.dtype}'`);
        const x = node.inputs[name]!;
        if (!tf.util.arraysEqual(dx.shape, x.shape)) throw new Error(`Error in gradient for op ${node.kernelName}. The gradient of input '${name}' has shape '${dx.shape}', which does not match the shape of the input '${x.shape}'`);
        const cur = acc.get(x.id);
        if (cur === undefined) {
          acc.set(x.id, dx);
          hold(dx, 1);
          continue;
        }
        const sum = tf.add(cur, dx);
        acc.set(x.id, sum);
        hold(sum, 1);
        hold(cur, -1);
        if ((held.get(cur) ?? 0) <= 0 && mine(cur)) cur.dispose();
        if (eager && (held.get(dx) ?? 0) <= 0 && mine(dx)) dx.dispose();
      }
      if (!eager) continue;
      // This node was the only producer of its outputs: their gradients are spent.
      for (const o of node.outputs) {
        const g = acc.get(o.id);
        if (!g || keepIds.has(o.id)) continue;
        acc.delete(o.id);
        hold(g, -1);
        if ((held.get(g) ?? 0) <= 0 && mine(g)) g.dispose();
      }
      for (const s of node.saved ?? []) if ((held.get(s) ?? 0) <= 0) s.dispose();
    }
    const grads = xs.map((x) => acc.get(x.id)!);
    if (eager) {
      for (const node of tape) for (const s of node.saved ?? []) s.dispose();
      this.state.activeTape = null;
    }
    return { value: y, grads };
  });
}

/** Installs the lean gradient driver on this thread's engine (on = true) or restores the stock one. */
export function useLeanGradients(on = true): void {
  patchEngine('gradients', () => leanGradients, on);
}

export const leanGradientsOn = (): boolean => enginePatched('gradients');
