// Controlled rounding of a proportional table (Cox 1987, "A constructive procedure for unbiased
// controlled rounding"): given row totals R_r and column totals C_c with ΣR = ΣC = N, the quota
// of cell (r, c) is R_r·C_c/N. We return integers x[r][c] with every x in {floor, ceil} of its
// quota, every row summing to exactly R_r and every column to exactly C_c. Used for stratified
// splits (rows = splits, columns = classes): exact split sizes, per-class counts within ±1 of
// the class share, and no class over-drawn — which rounding each split on its own cannot promise.
//
// Method: work in exact integers a = R_r·C_c (units of 1/N). A cell is fractional when a mod N
// ≠ 0. Since every row and column total is a multiple of N, no row or column has exactly one
// fractional cell, so the fractional cells contain a cycle (alternating row/column nodes). Moving
// +δ, -δ, +δ, ... around it keeps all totals; δ is the largest step that keeps every cell within
// its floor..ceil, so at least one cell becomes integral. Repeat until none is fractional. The
// walk always takes the lowest-numbered edge, so the result is a pure function of the totals.

export function controlledRounding(rows: readonly number[], cols: readonly number[]): number[][] {
  const n = rows.reduce((s, v) => s + v, 0);
  if (cols.reduce((s, v) => s + v, 0) !== n) throw new RangeError(`row totals sum to ${n}, column totals to ${cols.reduce((s, v) => s + v, 0)}`);
  // a = R·C ≤ N² must stay an exact double.
  if (n > 2 ** 26) throw new RangeError(`${n} items is more than controlled rounding supports (2^26)`);
  if (n === 0) return rows.map(() => cols.map(() => 0));
  const R = rows.length;
  const a = rows.map((r) => cols.map((c) => r * c));
  const frac = (r: number, c: number) => a[r]![c]! % n !== 0;
  for (;;) {
    // Edges = fractional cells; node ids: rows 0..R-1, columns R..R+C-1.
    const edges: [number, number][] = [];
    for (let r = 0; r < R; r++) for (let c = 0; c < cols.length; c++) if (frac(r, c)) edges.push([r, c]);
    if (edges.length === 0) break;
    const incident = new Map<number, number[]>();
    edges.forEach(([r, c], e) => {
      for (const node of [r, R + c]) {
        const list = incident.get(node);
        if (list) list.push(e);
        else incident.set(node, [e]);
      }
    });
    // Walk without reusing the edge we came by until a node repeats; the repeat closes a cycle.
    const first = edges[0]!;
    let node = first[0];
    let via = -1;
    const seenAt = new Map<number, number>();
    const path: number[] = [];
    while (!seenAt.has(node)) {
      seenAt.set(node, path.length);
      const e = incident.get(node)!.find((x) => x !== via)!;
      path.push(e);
      const [r, c] = edges[e]!;
      node = node === r ? R + c : r;
      via = e;
    }
    const cycle = path.slice(seenAt.get(node)!);
    let delta = Infinity;
    cycle.forEach((e, i) => {
      const [r, c] = edges[e]!;
      const v = a[r]![c]!;
      const down = v % n;
      delta = Math.min(delta, i % 2 === 0 ? n - down : down);
    });
    cycle.forEach((e, i) => {
      const [r, c] = edges[e]!;
      a[r]![c]! += i % 2 === 0 ? delta : -delta;
    });
  }
  return a.map((row) => row.map((v) => v / n));
}
