import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';
import { simdFor, addressOf } from '../src/backend/simd/module.js';
await initBackend('wasm', ()=>{});
const b = tf.backend() as any; const k = simdFor(b);
for (const [ci,co] of [[16,96],[96,16]]) {
  const x = tf.randomNormal([64,32,32,ci!]), dy = tf.randomNormal([64,32,32,co!]); const out = tf.zeros([1,1,ci!,co!]);
  const A=[],B=[];
  for (let r=0;r<7;r++){ let t=performance.now(); k.conv1x1FilterGrad(addressOf(b,x),addressOf(b,dy),addressOf(b,out),65536,ci!,co!); A.push(performance.now()-t);
    t=performance.now(); k.convFilterGrad(addressOf(b,x),addressOf(b,dy),addressOf(b,out),64,32,32,ci!,co!,32,32,1,1,1,1,0,0,1,1); B.push(performance.now()-t); }
  const med=(v:number[])=>v.sort((a,b)=>a-b)[3]!.toFixed(1);
  console.log(ci,co,'gemm',med(A),'outer',med(B));
}
