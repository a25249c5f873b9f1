// Every schema in schemas/ has a valid and an invalid fixture in tests/fixtures/schemas/; the valid
// one passes, the invalid one fails with exactly the listed JSON paths among its problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { problemsOf, schemaIds, validate } from '../src/artifacts/schemas.js';
import { ValidationError } from '../src/core/errors.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'schemas');
const load = (f: string): unknown => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'));

for (const id of schemaIds()) {
  test(`schema ${id}: valid fixture passes`, () => {
    const file = `${id}.valid.json`;
    assert.ok(existsSync(join(FIXTURES, file)), `missing fixture tests/fixtures/schemas/${file}`);
    assert.deepEqual(problemsOf(id, load(file)), []);
  });

  test(`schema ${id}: invalid fixture fails at every listed path`, () => {
    const file = `${id}.invalid.json`;
    assert.ok(existsSync(join(FIXTURES, file)), `missing fixture tests/fixtures/schemas/${file}`);
    const { doc, expect } = load(file) as { doc: unknown; expect: string[] };
    const paths = problemsOf(id, doc).map((p) => p.path);
    for (const p of expect) assert.ok(paths.includes(p), `${id}: expected a problem at ${p}, got ${paths.join(', ')}`);
  });
}

test('a ValidationError names the file, every path, expected and found', () => {
  const { doc } = load('prepare-data-config.invalid.json') as { doc: unknown };
  assert.throws(
    () => validate('prepare-data-config', doc, 'configs/prepare-data.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof ValidationError);
      assert.match(e.message, /configs\/prepare-data\.yaml#\/seed: expected type integer, found number 1\.5/);
      assert.match(e.message, /configs\/prepare-data\.yaml#\/splits\/test: expected a required property, found nothing/);
      assert.match(e.message, /configs\/prepare-data\.yaml#\/source\/path: expected no such property/);
      assert.ok(e.problems.length >= 5, `all problems listed, got ${e.problems.length}`);
      return true;
    },
  );
});

test('the shipped configs, presets and pipeline validate', async () => {
  const { readDocument } = await import('../src/artifacts/io.js');
  const { loadPipeline } = await import('../src/pipeline/pipeline.js');
  const { parse } = await import('yaml');
  const root = join(import.meta.dirname, '..');
  const p = loadPipeline(root);
  for (const st of Object.values(p.stages)) readDocument(join(root, st.config), st.configSchema);
  // Presets: each file names its kind in `schema` ("retrain-config/v1").
  const presets = readdirSync(join(root, 'configs', 'presets'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
  assert.ok(presets.length >= 13);
  for (const f of presets) {
    const file = join(root, 'configs', 'presets', f);
    const kind = String((parse(readFileSync(file, 'utf8')) as { schema: string }).schema).split('/')[0]!;
    readDocument(file, kind);
  }
});
