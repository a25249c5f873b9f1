// prepare-data: loads the configured dataset source and writes fixed, hashed, class-stratified
// splits (train_w, train_theta, val, test) as uint8 image/label files plus meta.json. By default
// test is the source's own test set (src/data/official.ts); `testSplit: pooled` re-splits all images.
import { officialSplit } from '../src/data/official.js';
import { loadPipeline } from '../src/pipeline/pipeline.js';
import { preflight } from '../src/pipeline/preflight.js';
import { runStage } from '../src/pipeline/stage.js';
import { channelStats, classCountsBySplit, gatherSplit, SPLIT_NAMES, sources, sourceSha256, splitFileNames, stratifiedSplit } from '../src/data/index.js';
import type { DatasetMeta, PrepareDataConfig } from '../src/types/generated.js';

await runStage<PrepareDataConfig>('prepare-data', async (ctx) => {
  const { config, configFile } = ctx;
  const t0 = Date.now();
  const ds = sources.load(config.source, { baseDir: ctx.root, configFile, path: '/source', seed: config.seed });
  preflight(ctx.root, loadPipeline(ctx.root), { shape: [ds.height, ds.width, ds.channels], classes: ds.classNames.length, file: configFile }, { 'prepare-data': configFile });
  ctx.log(`${config.source.kind}: ${ds.count} images ${ds.height}x${ds.width}x${ds.channels}, ${ds.classNames.length} classes (${Date.now() - t0} ms)`);
  const mode = config.testSplit ?? 'official';
  const at = { file: configFile, path: '/splits', modePath: '/testSplit' };
  const official = mode === 'official' ? officialSplit(ds, config.splits, config.seed, at) : null;
  const splits = official ? official.splits : stratifiedSplit(ds.labels, ds.classNames.length, config.splits, config.seed, at);
  const testSplit = { mode, pool: official ? official.pool : ds.count, droppedDuplicatesOfTest: official ? official.droppedDuplicates : 0 };
  ctx.log(mode === 'official' ? `test: the source's own ${splits.test.length} test images; the other splits from ${testSplit.pool} training images (${testSplit.droppedDuplicatesOfTest} dropped: same bytes as a test image)` : `pooled: all ${ds.count} images split again`);
  const perClass = classCountsBySplit(ds.labels, splits, ds.classNames.length);
  const metaSplits = {} as DatasetMeta['splits'];
  for (const name of SPLIT_NAMES) {
    const bytes = gatherSplit(ds, splits[name]);
    const files = splitFileNames(name);
    await ctx.writeBytes(files.images, bytes.images);
    await ctx.writeBytes(files.labels, bytes.labels);
    metaSplits[name] = { count: splits[name].length, images: files.images, labels: files.labels, perClass: perClass[name] };
    ctx.log(`${name}: ${splits[name].length} images`);
  }
  const stats = channelStats(ds, [splits.train_w, splits.train_theta]);
  const { kind, ...options } = config.source;
  const meta: DatasetMeta = {
    schema: 'dataset/v1',
    shape: [ds.height, ds.width, ds.channels],
    classes: ds.classNames.length,
    classNames: ds.classNames,
    layout: 'NHWC-uint8',
    splits: metaSplits,
    testSplit,
    stats: { mean: stats.mean, std: stats.std, over: ['train_w', 'train_theta'] },
    source: { kind, count: ds.count, options, files: ds.source.files, sha256: sourceSha256(ds) },
    seed: config.seed,
    notes: ds.notes,
  };
  await ctx.writeJson('meta.json', 'dataset', meta);
  ctx.record({ seed: config.seed });
});
