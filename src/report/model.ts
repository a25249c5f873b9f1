// The structured report model that markdown.ts and html.ts both render, so report.md and
// report.html always say the same thing. The evaluate stage builds one ReportModel from its
// numbers and the rendered charts; this file owns the types, their validation, and the formatting
// rules both outputs share (numbers in tables, short hashes, section anchors).
import type { Manifest } from '../types/generated.js';
import { ReportError, slug } from './escape.js';

export type Cell = string | number;

export interface TextSection {
  kind: 'text';
  heading?: string;
  paragraphs: string[];
}

export interface TableSection {
  kind: 'table';
  heading?: string;
  caption?: string;
  columns: string[];
  rows: Cell[][];
}

export interface FigureSection {
  kind: 'figure';
  heading?: string;
  /** Anchor and, in Markdown "files" mode, the file name; default `figure-<n>` (n counts figures from 1). */
  id?: string;
  /** An SVG from this library's chart functions (checked by checkEmbeddableSvg before embedding). */
  svg: string;
  caption: string;
}

/** One stage of the manifest hash chain: what produced its outputs, and what it produced. */
export interface HashChainStage {
  stage: string;
  /** sha256 of this stage's manifest.json: what downstream stages list as their upstream. */
  manifestSha256: string;
  configHash: string;
  codeHash: string;
  upstream: { stage: string; manifestSha256: string }[];
  outputs: { file: string; sha256: string }[];
}

export interface HashChainSection {
  kind: 'hashChain';
  heading?: string;
  stages: HashChainStage[];
}

export type Section = TextSection | TableSection | FigureSection | HashChainSection;

export interface ReportModel {
  title: string;
  /** What the report was made from, e.g. the evaluate manifest's config hash or a run id. */
  generatedFrom: string;
  sections: Section[];
}

/** The hash-chain row of a stage, straight from its manifest and the sha256 of manifest.json. */
export function hashChainStage(manifest: Manifest, manifestSha256: string): HashChainStage {
  return {
    stage: manifest.stage,
    manifestSha256,
    configHash: manifest.configHash,
    codeHash: manifest.codeHash,
    upstream: manifest.upstream.map((u) => ({ stage: u.stage, manifestSha256: u.manifestSha256 })),
    outputs: manifest.outputs.map((o) => ({ file: o.file, sha256: o.sha256 })),
  };
}

/** 12 hex characters: enough to tell a report's hashes apart at a glance (2^48 values). */
export function shortHash(h: string): string {
  return /^[0-9a-f]{13,}$/i.test(h) ? h.slice(0, 12) : h;
}

/**
 * Table numbers: integers exactly, other numbers to 4 significant digits (no exponent below
 * 1e21, no locale, so the bytes never depend on the machine). Callers that want another format
 * (a percentage, fixed decimals) pass a string.
 */
export function formatCell(c: Cell): string {
  if (typeof c === 'string') return c;
  if (!Number.isFinite(c)) return String(c);
  if (Number.isInteger(c)) return String(c);
  return String(Number(c.toPrecision(4)));
}

/** A table column is right-aligned when every non-empty cell in it is a number. */
export function numericColumns(t: TableSection): boolean[] {
  return t.columns.map((_, j) => {
    const cells = t.rows.map((r) => r[j]).filter((c) => c !== undefined && c !== '');
    return cells.length > 0 && cells.every((c) => typeof c === 'number');
  });
}

/** Checks shapes a renderer would otherwise silently mangle, and resolves figure ids. */
export function resolveSections(model: ReportModel): { section: Section; anchor: string; figureId?: string }[] {
  const used = new Set<string>();
  const figureIds = new Set<string>();
  let figures = 0;
  return model.sections.map((section, i) => {
    const where = `report section ${i}${section.heading === undefined ? '' : ` ("${section.heading}")`}`;
    let figureId: string | undefined;
    if (section.kind === 'table') {
      if (section.columns.length === 0) throw new ReportError(where, 'a table needs at least one column');
      section.rows.forEach((r, k) => {
        if (r.length !== section.columns.length) throw new ReportError(where, `row ${k} has ${r.length} cells, the table has ${section.columns.length} columns`);
      });
    } else if (section.kind === 'figure') {
      figures++;
      figureId = section.id ?? `figure-${figures}`;
      if (!/^[a-z0-9][a-z0-9-]*$/.test(figureId)) throw new ReportError(where, `figure id "${figureId}" must be lowercase letters, digits and dashes`);
      // The id names the figure's file in Markdown "files" mode: two figures must not share one.
      if (figureIds.has(figureId)) throw new ReportError(where, `figure id "${figureId}" is used twice`);
      figureIds.add(figureId);
    }
    // Anchors are unique even when two sections share a heading (or have none).
    const base = figureId ?? slug(section.heading ?? section.kind);
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    return figureId === undefined ? { section, anchor } : { section, anchor, figureId };
  });
}
