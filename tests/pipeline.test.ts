// pipeline.yaml is the one description of the DAG: turbo.json and the stage scripts must be what
// gen:turbo derives from it, no task may list an artifact as an input, and bad DAGs are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../src/core/errors.js';
import { loadPipeline, topoOrder } from '../src/pipeline/pipeline.js';
import { scriptFor, turboJsonFor } from '../src/pipeline/turbo.js';
import { REPO } from './helpers/sandbox.js';
import type { Pipeline } from '../src/types/generated.js';

test('turbo.json and package.json scripts are generated from pipeline.yaml and fresh', () => {
  const p = loadPipeline(REPO);
  assert.deepEqual(JSON.parse(readFileSync(join(REPO, 'turbo.json'), 'utf8')), turboJsonFor(p), 'run `npm run gen:turbo`');
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  for (const [name, st] of Object.entries(p.stages)) assert.equal(pkg.scripts[name], scriptFor(st.entry));
});

test('no turbo task lists an artifact (a file produced during the run) as an input', () => {
  const turbo = turboJsonFor(loadPipeline(REPO));
  for (const [name, t] of Object.entries(turbo.tasks)) {
    for (const input of t.inputs) assert.ok(!input.startsWith('artifacts'), `${name} lists ${input}`);
    assert.deepEqual(t.outputs, [`artifacts/${name}/**`]);
  }
});

test('the topological order covers every stage once', () => {
  const p = loadPipeline(REPO);
  assert.deepEqual([...topoOrder(p)].sort(), Object.keys(p.stages).sort());
});

const stage = (dependsOn: string[]): Pipeline['stages'][string] => ({ entry: 'stages/x.ts', config: 'c.yaml', configSchema: 'c', dependsOn, outputs: [{ path: 'o' }] });

test('a dependency cycle is refused and named', () => {
  const p: Pipeline = { schema: 'pipeline/v1', stages: { a: stage(['c']), b: stage(['a']), c: stage(['b']) } };
  assert.throws(() => topoOrder(p), (e: unknown) => e instanceof ConfigError && /cycle: a -> c -> b -> a/.test(e.message));
});

test('topological order puts upstream first', () => {
  const p: Pipeline = { schema: 'pipeline/v1', stages: { evaluate: stage(['retrain', 'lut']), retrain: stage(['data']), lut: stage([]), data: stage([]) } };
  const order = topoOrder(p);
  assert.ok(order.indexOf('data') < order.indexOf('retrain'));
  assert.ok(order.indexOf('retrain') < order.indexOf('evaluate'));
  assert.ok(order.indexOf('lut') < order.indexOf('evaluate'));
});
