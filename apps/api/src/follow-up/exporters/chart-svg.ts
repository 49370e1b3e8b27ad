import type { DocAttainment, DocChart } from './document';

/**
 * An indicator chart, laid out once as plain shapes (chartLayout) and written as SVG
 * (chartSvg; the Word file's PNG is rendered from it) or drawn by the PDF writer with pdfkit.
 * Target: a dashed line with diamond markers. Outcome: bars (a line with points beyond twelve
 * periods) coloured by attainment. Baseline: a thin line. A legend under the plot.
 */

/**
 * Outcome colours: each at least 4.5:1 against white (WCAG 2.1 1.4.11 asks 3:1 of graphics), so
 * white value labels inside the bars read as well.
 */
export const ATTAINMENT_COLOURS: Record<DocAttainment, string> = {
  met: '#2e7d32', // green, 5.1:1
  near: '#a15c00', // amber, 5.2:1
  missed: '#c62828', // red, 5.6:1
  none: '#757575', // grey, 4.6:1
};
const TARGET = '#1f3864';
const BASELINE = '#555555';
const TEXT = '#1a1a1a';
const MUTED = '#444444';
const GRID = '#e0e0e0';
const ATTAINMENTS: readonly DocAttainment[] = ['met', 'near', 'missed', 'none'];
/** Beyond this many periods the outcome is a line with points: bars would be too thin to read. */
const MAX_BARS = 12;
export const CHART_FONT = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif";

export type ChartShape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string; title?: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number; dash?: readonly [number, number] }
  | { kind: 'diamond'; cx: number; cy: number; r: number; fill: string; title?: string }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: string; title?: string }
  | { kind: 'text'; x: number; y: number; text: string; size: number; anchor: 'start' | 'middle' | 'end'; bold?: boolean; fill: string };

export interface ChartOptions {
  /** Size in pixels (SVG) or points (PDF); 640 × 320 by default. */
  width?: number;
  height?: number;
  /** Draw the title inside the chart (default true); off where a heading above says it already. */
  showTitle?: boolean;
  /** The width of a text at a font size; an estimate from average letter widths unless the writer can measure. */
  measure?: (text: string, size: number, bold: boolean) => number;
  /** Prefix of the SVG's element ids, for pages that show several charts inline. */
  idPrefix?: string;
}

export interface ChartLayout {
  width: number;
  height: number;
  shapes: ChartShape[];
  /** The chart in words, for screen readers (SVG desc, Word alt text). */
  description: string;
}

/** Average advance of Arial/Helvetica letters, as a share of the font size. */
const estimate = (text: string, size: number, bold: boolean) => text.length * size * (bold ? 0.6 : 0.55);

/** A step for about `count` ticks over `span`: 1, 2 or 5 times a power of ten; whole numbers when the span allows. */
export function niceStep(span: number, count = 5): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  return span >= count ? Math.max(1, step) : step;
}

/** A number for an axis or a bar: no grouping below 10 000, a thin space above ("12 500"), "." for decimals. */
export function axisNumber(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  if (Math.abs(rounded) < 10_000) return String(rounded);
  return String(Math.round(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}

function valueDomain(chart: DocChart): { min: number; max: number; step: number } {
  if (chart.range && chart.range.max > chart.range.min) {
    const { min, max } = chart.range;
    return { min, max, step: max - min <= 10 ? 1 : niceStep(max - min) };
  }
  const values = [...chart.target, ...chart.outcome, chart.baseline].filter((v): v is number => v !== null && Number.isFinite(v));
  const low = Math.min(0, ...values);
  const high = Math.max(...values, low + 1);
  const step = niceStep((high - low) * 1.05);
  return { min: Math.floor(low / step) * step, max: Math.ceil((high * 1.05) / step) * step || step, step };
}

/** The chart as shapes in a width × height box, y growing downwards. */
export function chartLayout(chart: DocChart, opts: ChartOptions = {}): ChartLayout {
  const width = opts.width ?? 640;
  const height = opts.height ?? 320;
  const measure = opts.measure ?? estimate;
  const showTitle = opts.showTitle ?? true;
  const pad = 10;
  const shapes: ChartShape[] = [];
  const text = (x: number, y: number, value: string, size: number, anchor: 'start' | 'middle' | 'end', fill = TEXT, bold = false) =>
    shapes.push({ kind: 'text', x, y, text: value, size, anchor, fill, bold });

  let top = pad;
  if (showTitle) {
    text(pad, top + 14, chart.title, 15, 'start', TEXT, true);
    top += 24;
  }
  // The unit above the value axis.
  text(pad, top + 11, chart.unitLabel, 11, 'start', MUTED);
  top += 22;

  // The legend: rows of entries under the plot.
  type Entry = { label: string; swatch: (x: number, y: number) => void };
  const entries: Entry[] = [];
  const hasTarget = chart.target.some((v) => v !== null);
  if (hasTarget) {
    entries.push({
      label: chart.labels.target,
      swatch: (x, y) => {
        shapes.push({ kind: 'line', x1: x, y1: y, x2: x + 22, y2: y, stroke: TARGET, width: 2, dash: [5, 3] });
        shapes.push({ kind: 'diamond', cx: x + 11, cy: y, r: 4.5, fill: TARGET });
      },
    });
  }
  if (chart.baseline !== null) {
    entries.push({ label: `${chart.labels.baseline} ${chart.baselineLabel ?? axisNumber(chart.baseline)}`, swatch: (x, y) => shapes.push({ kind: 'line', x1: x, y1: y, x2: x + 22, y2: y, stroke: BASELINE, width: 1.25 }) });
  }
  const present = ATTAINMENTS.filter((a) => chart.attainment.some((b, i) => b === a && chart.outcome[i] !== null && chart.outcome[i] !== undefined));
  const lineMode = chart.categories.length > MAX_BARS;
  const outcomeSwatch = (fill: string) => (x: number, y: number) =>
    lineMode ? shapes.push({ kind: 'circle', cx: x + 11, cy: y, r: 4.5, fill }) : shapes.push({ kind: 'rect', x: x + 4, y: y - 6, width: 14, height: 12, fill });
  if (chart.attainmentLabels && present.length > 0) {
    for (const a of present) entries.push({ label: `${chart.labels.outcome}: ${chart.attainmentLabels[a]}`, swatch: outcomeSwatch(ATTAINMENT_COLOURS[a]) });
  } else {
    entries.push({ label: chart.labels.outcome, swatch: outcomeSwatch(ATTAINMENT_COLOURS.none) });
  }
  const legendSize = 11;
  const rowHeight = 18;
  const placed: Array<{ entry: Entry; x: number; row: number }> = [];
  let cursor = pad;
  let row = 0;
  for (const entry of entries) {
    const w = 22 + 6 + measure(entry.label, legendSize, false) + 18;
    if (cursor > pad && cursor + w > width - pad) {
      row += 1;
      cursor = pad;
    }
    placed.push({ entry, x: cursor, row });
    cursor += w;
  }
  const legendHeight = (row + 1) * rowHeight;
  const legendTop = height - pad - legendHeight;

  // The plot.
  const domain = valueDomain(chart);
  const ticks: number[] = [];
  for (let v = Math.ceil(domain.min / domain.step - 1e-9) * domain.step; v <= domain.max + 1e-9; v += domain.step) ticks.push(Math.round(v * 1e6) / 1e6);
  const tickWidth = Math.max(...ticks.map((v) => measure(axisNumber(v), 10, false)));
  const plotLeft = pad + tickWidth + 8;
  const plotRight = width - pad;
  const plotTop = top;
  const plotBottom = legendTop - 8 - 20; // room for the period labels
  const plotHeight = Math.max(20, plotBottom - plotTop);
  const y = (v: number) => plotBottom - ((Math.min(Math.max(v, domain.min), domain.max) - domain.min) / (domain.max - domain.min)) * plotHeight;

  for (const v of ticks) {
    shapes.push({ kind: 'line', x1: plotLeft, y1: y(v), x2: plotRight, y2: y(v), stroke: GRID, width: 1 });
    text(plotLeft - 6, y(v) + 3.5, axisNumber(v), 10, 'end', MUTED);
  }
  shapes.push({ kind: 'line', x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, stroke: MUTED, width: 1 });
  shapes.push({ kind: 'line', x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: MUTED, width: 1 });

  const n = Math.max(chart.categories.length, 1);
  const band = (plotRight - plotLeft) / n;
  const centre = (i: number) => plotLeft + band * (i + 0.5);
  // Period labels, every k-th when they would not fit side by side.
  const labelWidth = Math.max(1, ...chart.categories.map((c) => measure(c, 10, false)));
  const every = Math.max(1, Math.ceil((labelWidth + 6) / band));
  chart.categories.forEach((c, i) => {
    if (i % every === 0) text(centre(i), plotBottom + 15, c, 10, 'middle', TEXT);
  });

  if (chart.baseline !== null) {
    shapes.push({ kind: 'line', x1: plotLeft, y1: y(chart.baseline), x2: plotRight, y2: y(chart.baseline), stroke: BASELINE, width: 1.25 });
  }

  const outcomeText = (i: number) => chart.outcomeLabels?.[i] ?? axisNumber(chart.outcome[i] as number);
  const attainmentWord = (i: number) => chart.attainmentLabels?.[chart.attainment[i] ?? 'none'];
  const pointTitle = (i: number) => {
    const parts = [`${chart.categories[i]}: ${chart.labels.outcome} ${outcomeText(i)}`];
    const word = attainmentWord(i);
    if (word) parts.push(`(${word})`);
    return parts.join(' ');
  };
  if (!lineMode) {
    const barWidth = Math.min(band * 0.5, 56);
    chart.outcome.forEach((v, i) => {
      if (v === null || v === undefined) {
        text(centre(i), plotBottom - 5, '–', 11, 'middle', MUTED);
        return;
      }
      const fill = ATTAINMENT_COLOURS[chart.attainment[i] ?? 'none'];
      const barTop = y(v);
      shapes.push({ kind: 'rect', x: centre(i) - barWidth / 2, y: barTop, width: barWidth, height: Math.max(plotBottom - barTop, 1), fill, title: pointTitle(i) });
      // The value inside the bar's top (white) or above it, wherever it does not cover the target's marker.
      const target = chart.target[i];
      const clear = (baseline: number) => target === null || target === undefined || Math.abs(baseline - 4 - y(target)) > 12;
      const inside = barTop + 15;
      const above = barTop - 5;
      const fits = { inside: inside <= plotBottom - 3, above: above - 11 >= plotTop - 4 };
      if (fits.inside && clear(inside)) text(centre(i), inside, outcomeText(i), 11, 'middle', '#ffffff', true);
      else if (fits.above && clear(above)) text(centre(i), above, outcomeText(i), 11, 'middle', TEXT, true);
      else if (fits.inside) text(centre(i), Math.min(y(target!) + 20, plotBottom - 3), outcomeText(i), 11, 'middle', '#ffffff', true);
      else text(centre(i), above, outcomeText(i), 11, 'middle', TEXT, true);
    });
  } else {
    let previous: number | null = null;
    chart.outcome.forEach((v, i) => {
      if (v === null || v === undefined) {
        previous = null;
        return;
      }
      if (previous !== null) shapes.push({ kind: 'line', x1: centre(i - 1), y1: y(previous), x2: centre(i), y2: y(v), stroke: MUTED, width: 1.5 });
      previous = v;
    });
    chart.outcome.forEach((v, i) => {
      if (v !== null && v !== undefined) shapes.push({ kind: 'circle', cx: centre(i), cy: y(v), r: 4, fill: ATTAINMENT_COLOURS[chart.attainment[i] ?? 'none'], title: pointTitle(i) });
    });
  }

  // The target over the outcome: dashed between consecutive periods that have one, a diamond at each.
  chart.target.forEach((v, i) => {
    const next = chart.target[i + 1];
    if (v !== null && next !== null && next !== undefined) shapes.push({ kind: 'line', x1: centre(i), y1: y(v), x2: centre(i + 1), y2: y(next), stroke: TARGET, width: 2, dash: [5, 3] });
  });
  chart.target.forEach((v, i) => {
    if (v !== null) shapes.push({ kind: 'diamond', cx: centre(i), cy: y(v), r: 5, fill: TARGET, title: `${chart.categories[i]}: ${chart.labels.target} ${chart.targetLabels?.[i] ?? axisNumber(v)}` });
  });

  for (const p of placed) {
    const cy = legendTop + p.row * rowHeight + rowHeight / 2;
    p.entry.swatch(p.x, cy);
    text(p.x + 28, cy + 4, p.entry.label, legendSize, 'start', TEXT);
  }

  return { width, height, shapes, description: describe(chart) };
}

/** "Målvärde och utfall per period. VT 2022: Målvärde 60, Utfall 62 % (Uppnått). … Utgångsvärde 45." */
export function describe(chart: DocChart): string {
  const periods = chart.categories.map((c, i) => {
    const parts: string[] = [];
    const t = chart.target[i];
    if (t !== null && t !== undefined) parts.push(`${chart.labels.target} ${chart.targetLabels?.[i] ?? axisNumber(t)}`);
    const o = chart.outcome[i];
    if (o !== null && o !== undefined) {
      const word = chart.attainmentLabels?.[chart.attainment[i] ?? 'none'];
      parts.push(`${chart.labels.outcome} ${chart.outcomeLabels?.[i] ?? axisNumber(o)}${word ? ` (${word})` : ''}`);
    }
    return `${c}: ${parts.length > 0 ? parts.join(', ') : '–'}.`;
  });
  const baseline = chart.baseline !== null ? [`${chart.labels.baseline} ${chart.baselineLabel ?? axisNumber(chart.baseline)}.`] : [];
  return [`${chart.title} (${chart.unitLabel}).`, ...periods, ...baseline].join(' ');
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
const num = (n: number) => String(Math.round(n * 100) / 100);

/**
 * The chart as a standalone SVG document: role="img" with a title and a description of every
 * figure, a tooltip on each bar and marker, no fonts or other resources from outside.
 */
export function chartSvg(chart: DocChart, opts: ChartOptions = {}): string {
  const layout = chartLayout(chart, opts);
  const id = (opts.idPrefix ?? 'chart').replace(/[^A-Za-z0-9_-]/g, '') || 'chart';
  const tooltip = (title: string | undefined) => (title ? `<title>${escapeXml(title)}</title>` : '');
  const body = layout.shapes.map((s) => {
    switch (s.kind) {
      case 'rect':
        return `<rect x="${num(s.x)}" y="${num(s.y)}" width="${num(s.width)}" height="${num(s.height)}" fill="${s.fill}">${tooltip(s.title)}</rect>`;
      case 'line':
        return `<line x1="${num(s.x1)}" y1="${num(s.y1)}" x2="${num(s.x2)}" y2="${num(s.y2)}" stroke="${s.stroke}" stroke-width="${num(s.width)}"${s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : ''}/>`;
      case 'diamond': {
        const points = [
          [s.cx, s.cy - s.r],
          [s.cx + s.r, s.cy],
          [s.cx, s.cy + s.r],
          [s.cx - s.r, s.cy],
        ];
        return `<polygon points="${points.map(([x, y]) => `${num(x)},${num(y)}`).join(' ')}" fill="${s.fill}" stroke="#ffffff" stroke-width="1">${tooltip(s.title)}</polygon>`;
      }
      case 'circle':
        return `<circle cx="${num(s.cx)}" cy="${num(s.cy)}" r="${num(s.r)}" fill="${s.fill}" stroke="#ffffff" stroke-width="1">${tooltip(s.title)}</circle>`;
      case 'text':
        return `<text x="${num(s.x)}" y="${num(s.y)}" font-size="${num(s.size)}"${s.anchor === 'start' ? '' : ` text-anchor="${s.anchor}"`}${s.bold ? ' font-weight="bold"' : ''} fill="${s.fill}">${escapeXml(s.text)}</text>`;
    }
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${escapeXml(CHART_FONT)}">`,
    `<title id="${id}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(layout.description)}</desc>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...body,
    '</svg>',
  ].join('\n');
}
