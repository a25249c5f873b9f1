// The predictor evolution's checkpoint: the evolution state after every score, in one JSON file
// written atomically with a fingerprint of whatever determines the run (config, inputs, code,
// backend). A file with another fingerprint is ignored, so only the run that wrote it resumes it.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { type EvolutionState, freshEvolution } from '../strategies/evolution.js';

export interface EvolutionCheckpoint {
  start: EvolutionState;
  resumed: boolean;
  save(state: EvolutionState): void;
  clear(): void;
}

export function evolutionCheckpoint(file: string, fingerprint: string, seed: number, log: (m: string) => void = () => {}): EvolutionCheckpoint {
  let start = freshEvolution(seed);
  let resumed = false;
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { fingerprint: string; state: EvolutionState };
    if (saved.fingerprint === fingerprint) {
      start = saved.state;
      resumed = true;
      log(`resuming the evolution from ${file}: generation ${start.generation + 1}, ${Object.keys(start.memo).length} scores of it already taken`);
    } else log(`ignoring ${file}: written by another run`);
  }
  mkdirSync(dirname(file), { recursive: true });
  return {
    start,
    resumed,
    save: (state) => writeFileAtomic.sync(file, JSON.stringify({ fingerprint, state }), { fsync: true }),
    clear: () => rmSync(file, { force: true }),
  };
}
