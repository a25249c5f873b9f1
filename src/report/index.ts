// The report library's public surface, for the evaluate stage: chart functions (typed data in,
// SVG string out), the ReportModel, and its two renderers. Pure: no file I/O, no tfjs; the caller
// writes report.md, report.html (and figure files in Markdown 'files' mode) and hashes them.
export { ReportError, escapeXml, escapeMarkdown } from './escape.js';
export { renderVegaLite, checkEmbeddableSvg, scopeIds, CHART_CONFIG, type SvgOptions } from './svg.js';
export { thetaHeatmap, thetaOverEpochs, type ThetaHistory } from './charts/theta.js';
export { trainingCurves, type CurvesInput, type CurveSeries } from './charts/curves.js';
export { accuracyLatencyScatter, type ScatterInput, type PointKind } from './charts/scatter.js';
export { confusionMatrix, type ConfusionInput } from './charts/confusion.js';
export { architectureSvg, type ArchDrawing } from './charts/architecture.js';
export { cellGraphSvg, type CellDrawing } from './charts/cell-graph.js';
export { evolutionScatter, type EvolutionPlane } from './charts/evolution.js';
export {
  hashChainStage,
  shortHash,
  formatCell,
  type ReportModel,
  type Section,
  type TextSection,
  type TableSection,
  type FigureSection,
  type HashChainSection,
  type HashChainStage,
  type Cell,
} from './model.js';
export { renderMarkdown, markdownTable, type MarkdownOptions, type MarkdownReport } from './markdown.js';
export { renderHtml } from './html.js';
