// Learning-rate schedule: cosine annealing over epochs, stepped once per epoch like the
// reference's CosineAnnealingLR(T_max = epochs): lr(e) = min + (base − min)·(1 + cos(π·e/E))/2.
// A pure function of the epoch, so a resumed run needs no scheduler state.
export function cosineLr(base: number, min: number, epoch: number, epochs: number): number {
  if (epochs <= 0) return base;
  return min + ((base - min) * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2;
}
