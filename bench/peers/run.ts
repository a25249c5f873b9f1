// `npm run bench:peers` (a zx script): nasflow's supernet benchmark and its PyTorch twins
// (bench/peers/twins.py), one after the other on this machine, for the default fmnist-small and
// the FBNet CIFAR supernet; prints both JSON lines and, per workload, the images/s ratio
// nasflow / PyTorch for soft mixing (w and θ steps alternating, and w steps alone) and hard
// (single-path) mixing, plus both sides' FLOPs per image (they must agree).
// Options: --iters N (5), --threads T (PyTorch's intra-op threads, 2), --workers W (nasflow's
// data-parallel workers, passed to bench/index.ts when given), --space S (one workload only),
// --repeat R (1): nasflow and PyTorch alternate R times per workload and the w+θ ratio's median
// over the R pairs is printed too (a machine whose speed drifts within minutes moves a single
// pair's ratio; alternating spreads the drift over both sides).
// PyTorch comes from Debian's python3-torch (`apt-get install -y python3-torch`) run by
// /usr/bin/python3 (PYTHON overrides); without it nasflow's numbers are still printed, then the
// script says what is missing and exits 2.
import { $, argv } from 'zx';
import { median } from '../../src/latency/stats.js';

$.verbose = false;
const iters = String(argv.iters ?? 5);
const threads = String(argv.threads ?? 2);
const workers = argv.workers === undefined ? [] : ['--workers', String(argv.workers)];
const spaces: string[] = argv.space ? [String(argv.space)] : ['fmnist-small', 'fbnet-cifar'];
const repeat = Math.max(1, Number(argv.repeat ?? 1));
const python = process.env.PYTHON ?? '/usr/bin/python3';
const root = new URL('../..', import.meta.url).pathname;
const twin = new URL('./twins.py', import.meta.url).pathname;

type Row = Record<string, number | string>;
const jsonLines = (out: string): Row[] => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Row);

const torch = await $`${python} -c ${'import torch; print(torch.__version__)'}`.nothrow();
const haveTorch = torch.exitCode === 0;
const ratio = (a: unknown, b: unknown): string => (typeof a === 'number' && typeof b === 'number' && b > 0 ? (a / b).toFixed(2) : 'n/a');

for (const space of spaces) {
  const ratios: number[] = [];
  for (let k = 0; k < repeat; k++) {
    const ours = await $({ cwd: root })`npx tsx bench/index.ts --no-block --no-profile --no-masked --no-darts --space ${space} --iters ${iters} ${workers}`;
    const n = jsonLines(ours.stdout).find((r) => r.bench === 'supernet' && r.space === space);
    if (!n) throw new Error(`nasflow's bench printed no ${space} line:\n${ours.stdout}${ours.stderr}`);
    console.log(JSON.stringify(n));
    if (!haveTorch) continue;
    const peer = await $`${python} ${twin} --space ${space} --threads ${threads} --iters ${iters}`;
    const p = jsonLines(peer.stdout)[0]!;
    console.log(JSON.stringify(p));
    if (n.mflopsPerImage !== p.mflopsPerImage) console.log(`WARNING ${space}: FLOPs differ (nasflow ${n.mflopsPerImage} M, PyTorch ${p.mflopsPerImage} M per image)`);
    console.log(
      `${space}: nasflow (wasm, ${n.workers ?? 1} worker(s)) / PyTorch ${p.torch} (${threads} threads), images/s:` +
        ` w+θ ${n.imagesPerSec} / ${p.imagesPerSec} = ${ratio(n.imagesPerSec, p.imagesPerSec)}x;` +
        ` w only ${n.wImagesPerSec} / ${p.wImagesPerSec} = ${ratio(n.wImagesPerSec, p.wImagesPerSec)}x;` +
        ` hard ${n.hardImagesPerSec} / ${p.hardImagesPerSec} = ${ratio(n.hardImagesPerSec, p.hardImagesPerSec)}x;` +
        ` per CPU-second ${n.cpuImagesPerSec} / ${p.cpuImagesPerSec} = ${ratio(n.cpuImagesPerSec, p.cpuImagesPerSec)}x;` +
        ` train step / forward: nasflow ${n.ratio}${n.ratioPaired === undefined ? '' : ` (paired ${n.ratioPaired})`}, PyTorch ${p.ratio}${p.ratioPaired === undefined ? '' : ` (paired ${p.ratioPaired})`}`,
    );
    if (typeof n.imagesPerSec === 'number' && typeof p.imagesPerSec === 'number') ratios.push(n.imagesPerSec / p.imagesPerSec);
  }
  if (repeat > 1 && ratios.length) {
    console.log(`${space}: w+θ ratio over ${ratios.length} alternating pairs: ${ratios.map((r) => r.toFixed(2)).join(', ')}; median ${median(ratios).toFixed(2)}x`);
  }
}
if (!haveTorch) {
  console.log(`PyTorch twins not run: ${python} cannot import torch (${torch.stderr.trim().split('\n').pop()}). Install Debian's build with: apt-get update && apt-get install -y python3-torch (or set PYTHON to a python that has torch).`);
  process.exit(2);
}
