// An architecture document's chain as mobile-vision writes FBNet/FBNetV2 model definitions
// (mobile_cv/arch/fbnet_v2/fbnet_modeldef_cls.py): the input size, then stages of block rows
//   (op, channels, stride, repeats[, kwargs])   e.g. ("ir_k3", 24, 2, 1, _ex(5.4566))
// Consecutive rows with equal op, width and stride 1 fold into one row with a repeat count, as
// mobile-vision's `n`. Display only (reports, logs): nothing parses it back. Pure.
import type { ArchDoc, ArchOp } from '../types/generated.js';

function opAndKwargs(op: ArchOp): [string, string | null] {
  if (op.kind !== 'ir') return [op.kind, null];
  const extras = [op.groups && op.groups > 1 ? `g=${op.groups}` : '', op.se ? 'se=True' : ''].filter(Boolean);
  const ex = Number.isInteger(op.expansion) ? `e${op.expansion}` : `_ex(${op.expansion})`;
  return [`ir_k${op.kernel}`, [ex, ...extras].join(', ')];
}

/** Lines of a mobile-vision style definition of a chain architecture. */
export function mobileVisionDef(doc: ArchDoc): string[] {
  if (doc.body.kind !== 'chain') throw new RangeError(`${doc.name}: mobile-vision definitions are chains`);
  const b = doc.body;
  const rows: { text: string; key: string; n: number; stride: number }[] = [];
  for (const r of b.rows) {
    const [name, kw] = opAndKwargs(r.op);
    const key = `${name}|${r.cOut}|${kw}`;
    const last = rows[rows.length - 1];
    const n = r.repeat ?? 1;
    if (last && last.key === key && r.stride === 1) last.n += n;
    else rows.push({ text: '', key, n, stride: r.stride });
  }
  const lines = rows.map((r) => {
    const [name, cOut, kw] = r.key.split('|');
    return `  [("${name}", ${cOut}, ${r.stride}, ${r.n}${kw === 'null' ? '' : `, ${kw}`})],`;
  });
  const head = b.head.cOut === null || b.head.cOut === undefined ? [] : [`  [("conv_k1", ${b.head.cOut}, 1, 1)],`];
  return [`"input_size": ${doc.input[0]},`, '"blocks": [', `  [("conv_k${b.stem.kernel ?? 3}", ${b.stem.cOut}, ${b.stem.stride}, 1)],`, ...lines, ...head, ']'];
}
