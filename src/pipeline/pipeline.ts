// pipeline.yaml: the stage DAG (entry, own config file, upstream stages, declared outputs).
// Loaded once, schema-checked, then checked for dangling references and cycles.
import { join } from 'node:path';
import { readDocument } from '../artifacts/io.js';
import { ConfigError } from '../core/errors.js';
import type { Pipeline, PipelineStage } from '../types/generated.js';

export const PIPELINE_FILE = 'pipeline.yaml';

export function loadPipeline(root: string): Pipeline {
  const file = join(root, PIPELINE_FILE);
  const p = readDocument<Pipeline>(file, 'pipeline');
  for (const [name, st] of Object.entries(p.stages)) {
    // turbo hashes inputs once at run start: a file produced during the run must never be one
    (st.inputs ?? []).forEach((input, i) => {
      if (/^(\.\/)?artifacts(\/|$)/.test(input)) throw new ConfigError(file, `/stages/${name}/inputs/${i}`, `${input} is produced during a run; upstream artifacts reach a stage through dependsOn, not inputs`);
    });
    st.dependsOn.forEach((up, i) => {
      if (!p.stages[up]) throw new ConfigError(file, `/stages/${name}/dependsOn/${i}`, `unknown stage "${up}" (stages: ${Object.keys(p.stages).join(', ')})`);
    });
  }
  topoOrder(p, file);
  return p;
}

export function stageOf(p: Pipeline, name: string, file = PIPELINE_FILE): PipelineStage {
  const st = p.stages[name];
  if (!st) throw new ConfigError(file, `/stages/${name}`, `no such stage (stages: ${Object.keys(p.stages).join(', ')})`);
  return st;
}

/** Stage names in dependency order; throws on a cycle, naming it. */
export function topoOrder(p: Pipeline, file = PIPELINE_FILE): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new ConfigError(file, `/stages/${name}/dependsOn`, `cycle: ${[...trail, name].join(' -> ')}`);
    state.set(name, 'visiting');
    for (const up of stageOf(p, name, file).dependsOn) visit(up, [...trail, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(p.stages)) visit(name, []);
  return order;
}

/** Every stage upstream of `name`, transitively. */
export function ancestors(p: Pipeline, name: string): Set<string> {
  const out = new Set<string>();
  const walk = (n: string): void => {
    for (const up of stageOf(p, n).dependsOn) if (!out.has(up)) (out.add(up), walk(up));
  };
  walk(name);
  return out;
}
