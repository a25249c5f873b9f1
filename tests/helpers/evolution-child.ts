// Child process of the evolution kill -9 test: runs the toy evolution with a checkpoint file
// (argv[2]) and slow scoring, and writes the final state to argv[3].
import { writeFileSync } from 'node:fs';
import { runToy } from './evolution-toy.js';

const [file, out] = process.argv.slice(2) as [string, string];
const st = await runToy({ seed: 7, cap: 10, file, delayMs: 15 });
writeFileSync(out, JSON.stringify(st));
