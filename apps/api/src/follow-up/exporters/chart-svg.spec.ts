import { DOMParser } from '@xmldom/xmldom';
import { Resvg } from '@resvg/resvg-js';
import { ATTAINMENT_COLOURS, axisNumber, chartLayout, chartSvg, niceStep } from './chart-svg';
import type { DocChart } from './document';

const chart: DocChart = {
  title: 'Kvantitativ kompetens',
  unitLabel: 'Procent',
  range: { min: 0, max: 100 },
  categories: ['VT 2022', 'HT 2022', 'VT 2023'],
  target: [50, 60, 70],
  outcome: [46, 61.5, null],
  attainment: ['near', 'met', 'none'],
  baseline: 38,
  labels: { target: 'Målvärde', outcome: 'Utfall', baseline: 'Utgångsvärde' },
  outcomeLabels: ['46 %', '61,5 %', null],
  targetLabels: ['50 %', '60 %', '70 %'],
  baselineLabel: '38 %',
  attainmentLabels: { met: 'Uppnått', near: 'Nära målet', missed: 'Ej uppnått', none: 'Inget målvärde' },
};

function parse(svg: string): Document {
  const errors: string[] = [];
  const report = (message: string) => void errors.push(message);
  const doc = new DOMParser({ errorHandler: { error: report, fatalError: report } }).parseFromString(svg, 'image/svg+xml');
  expect(errors).toEqual([]);
  return doc;
}

const all = (doc: Document, tag: string) => Array.from(doc.getElementsByTagName(tag));
const texts = (doc: Document) => all(doc, 'text').map((t) => t.textContent);

/** WCAG relative luminance contrast of a colour against white. */
function contrastOnWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (l + 0.05);
}

describe('chartSvg', () => {
  it('is a standalone, labelled image: title and a description of every figure, nothing loaded from outside', () => {
    const svg = chartSvg(chart, { idPrefix: 'kvantitativ' });
    const doc = parse(svg);
    const root = doc.documentElement;
    expect(root.tagName).toBe('svg');
    expect(root.getAttribute('role')).toBe('img');
    expect(root.getAttribute('aria-labelledby')).toBe('kvantitativ-title kvantitativ-desc');
    const title = all(doc, 'title').find((t) => t.getAttribute('id') === 'kvantitativ-title')!;
    const desc = all(doc, 'desc').find((t) => t.getAttribute('id') === 'kvantitativ-desc')!;
    expect(title.textContent).toBe('Kvantitativ kompetens');
    expect(desc.textContent).toBe(
      'Kvantitativ kompetens (Procent). VT 2022: Målvärde 50 %, Utfall 46 % (Nära målet). HT 2022: Målvärde 60 %, Utfall 61,5 % (Uppnått). VT 2023: Målvärde 70 %. Utgångsvärde 38 %.',
    );
    // No fonts, images, style sheets or links: the SVG draws the same wherever it is served.
    expect(svg).not.toMatch(/<image|<style|<use|href=|url\(|@import|@font-face/);
    expect(svg.match(/https?:\/\/[^"]+/g)).toEqual(['http://www.w3.org/2000/svg']);
  });

  it('draws a bar per outcome in its attainment colour, the target as a dashed line with markers, the baseline as a thin line', () => {
    const doc = parse(chartSvg(chart));
    const bars = all(doc, 'rect').filter((r) => r.getElementsByTagName('title').length > 0);
    expect(bars.map((b) => b.getAttribute('fill'))).toEqual([ATTAINMENT_COLOURS.near, ATTAINMENT_COLOURS.met]);
    expect(bars.map((b) => b.getElementsByTagName('title')[0].textContent)).toEqual(['VT 2022: Utfall 46 % (Nära målet)', 'HT 2022: Utfall 61,5 % (Uppnått)']);
    // The taller bar (61.5) is taller than the other (46).
    const [near, met] = bars.map((b) => Number(b.getAttribute('height')));
    expect(met / near).toBeCloseTo(61.5 / 46, 1);

    const markers = all(doc, 'polygon').filter((p) => p.getElementsByTagName('title').length > 0);
    expect(markers.map((m) => m.getElementsByTagName('title')[0].textContent)).toEqual(['VT 2022: Målvärde 50 %', 'HT 2022: Målvärde 60 %', 'VT 2023: Målvärde 70 %']);
    const lines = all(doc, 'line');
    const dashed = lines.filter((l) => l.getAttribute('stroke-dasharray'));
    expect(dashed).toHaveLength(2 + 1); // two segments between three targets, and the legend's swatch
    const baseline = lines.filter((l) => l.getAttribute('stroke') === '#555555' && !l.getAttribute('stroke-dasharray'));
    expect(baseline.length).toBeGreaterThanOrEqual(2); // across the plot, and in the legend

    const shown = texts(doc);
    expect(shown).toEqual(expect.arrayContaining(['Kvantitativ kompetens', 'Procent', '0', '20', '40', '60', '80', '100', 'VT 2022', 'HT 2022', 'VT 2023', '46 %', '61,5 %']));
    // The legend names only the attainments that occur.
    expect(shown).toEqual(expect.arrayContaining(['Målvärde', 'Utgångsvärde 38 %', 'Utfall: Nära målet', 'Utfall: Uppnått']));
    expect(shown).not.toContain('Utfall: Ej uppnått');
    // A period without an outcome shows a dash where its bar would be.
    expect(shown).toContain('–');
  });

  it('uses outcome colours with at least 3:1 contrast against white', () => {
    for (const colour of Object.values(ATTAINMENT_COLOURS)) expect(contrastOnWhite(colour)).toBeGreaterThanOrEqual(3);
    expect(new Set(Object.values(ATTAINMENT_COLOURS)).size).toBe(4);
  });

  it('spans a scale from its lowest to its highest step, and counts from zero to a round number above the largest', () => {
    const scale = parse(chartSvg({ ...chart, unitLabel: 'Skala 1–5', range: { min: 1, max: 5 }, target: [3, 3, 4], outcome: [3, 3, 4], attainment: ['met', 'met', 'met'], baseline: 2 }));
    expect(texts(scale)).toEqual(expect.arrayContaining(['1', '2', '3', '4', '5']));
    expect(texts(scale)).not.toContain('0');
    const count = parse(chartSvg({ ...chart, unitLabel: 'Antal', range: null, target: [300, 320, 340], outcome: [290, 335, 351], attainment: ['missed', 'met', 'met'], baseline: 280, outcomeLabels: undefined }));
    expect(texts(count)).toEqual(expect.arrayContaining(['0', '100', '200', '300', '400', '290', '335', '351']));
    expect(niceStep(100)).toBe(20);
    expect(niceStep(4)).toBe(1);
    expect(axisNumber(12.5)).toBe('12.5');
    expect(axisNumber(12500)).toBe('12\u2009500');
  });

  it('draws many periods as a line with points, labelling only as many periods as fit', () => {
    const n = 24;
    const months: DocChart = {
      ...chart,
      categories: Array.from({ length: n }, (_, i) => `${['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'][i % 12]} ${2022 + Math.floor(i / 12)}`),
      target: Array.from({ length: n }, () => 60),
      outcome: Array.from({ length: n }, (_, i) => 40 + i),
      attainment: Array.from({ length: n }, (_, i) => (40 + i >= 60 ? 'met' : 'missed')),
      outcomeLabels: undefined,
      targetLabels: undefined,
    };
    const doc = parse(chartSvg(months));
    const points = all(doc, 'circle').filter((c) => c.getElementsByTagName('title').length > 0);
    expect(points).toHaveLength(n);
    expect(all(doc, 'rect').filter((r) => r.getElementsByTagName('title').length > 0)).toHaveLength(0);
    const periodLabels = texts(doc).filter((t) => /\d{4}$/.test(t ?? ''));
    expect(periodLabels.length).toBeGreaterThan(1);
    expect(periodLabels.length).toBeLessThan(n);
  });

  it('escapes text and leaves the title out when asked', () => {
    const svg = chartSvg({ ...chart, title: 'Andel <elever> & "lärare"' }, { showTitle: false });
    const doc = parse(svg);
    expect(all(doc, 'title')[0].textContent).toBe('Andel <elever> & "lärare"');
    expect(texts(doc)).not.toContain('Andel <elever> & "lärare"');
    expect(chartLayout(chart, { showTitle: false }).shapes.some((s) => s.kind === 'text' && s.text === chart.title)).toBe(false);
  });

  it('renders to PNG with resvg, as the Word file embeds it', () => {
    const png = new Resvg(chartSvg(chart), { fitTo: { mode: 'width', value: 1280 } }).render();
    expect(png.width).toBe(1280);
    expect(png.height).toBe(640);
    expect(png.asPng().subarray(1, 4).toString()).toBe('PNG');
  });
});
