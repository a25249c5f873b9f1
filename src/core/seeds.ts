// Search seeds: `seeds` of train-supernet is a list, or a count n meaning seed, seed+1, …,
// seed+n−1; absent means the one `seed`. Pure.
export function searchSeeds(seed: number, seeds: number | number[] | undefined): number[] {
  if (seeds === undefined) return [seed];
  if (Array.isArray(seeds)) return [...seeds];
  return Array.from({ length: seeds }, (_, i) => seed + i);
}

/** Where seed s's results live inside a stage's output directory when several seeds ran. */
export const seedDir = (s: number): string => `seed-${s}`;
