/**
 * A small PNG line chart of one series for notifications: the value over time, the threshold or the expected band it
 * is judged against, and when the alert began. Pure JavaScript (pngjs), so it renders in any worker with no native
 * canvas or fonts.
 */
import { PNG } from 'pngjs';
import { Sample } from '../model';
import { formatValue } from '../notifications/notification-format';
import { drawText, textHeight, textWidth } from './digit-font';
import { Raster, Rect, Rgb } from './raster';

/** The expected range of the series at one time, as anomaly detectors report it. */
export interface BandPoint {
  readonly tsMs: number;
  readonly lower: number;
  readonly upper: number;
}

export interface SeriesChart {
  /** In ascending time order. A NaN or infinite value is a gap in the line. */
  readonly samples: readonly Sample[];
  /** Drawn as a dashed horizontal line. */
  readonly threshold?: number;
  /** Shaded between its bounds, interpolated between points; a non-finite bound is a gap. Ascending time order. */
  readonly band?: readonly BandPoint[];
  /** When the alert began: a dashed vertical line. */
  readonly onsetMs?: number;
  /** Time range shown. Defaults to the first and last sample. */
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Pixels. Default 560×200. */
  readonly width?: number;
  readonly height?: number;
  /** Writes the top and bottom of the value axis at the left. Default true. */
  readonly axisLabels?: boolean;
}

export const CHART_COLOURS = {
  background: [255, 255, 255],
  axis: [208, 215, 222],
  band: [207, 226, 255],
  line: [31, 111, 235],
  threshold: [209, 36, 47],
  onset: [154, 103, 0],
  label: [87, 96, 106],
} as const satisfies Record<string, Rgb>;

const DEFAULT_WIDTH = 560;
const DEFAULT_HEIGHT = 200;
const MIN_SIZE = 32;
const MAX_SIZE = 4096;
const PADDING = 8;
const LABEL_SCALE = 2;
const LABEL_GAP = 6;
const LINE_THICKNESS = 2;
/** Narrower than this, the value labels are left out so the line keeps some room. */
const MIN_PLOT_WIDTH = 64;
const MINUTE_MS = 60_000;

interface Scale {
  readonly plot: Rect;
  readonly fromMs: number;
  readonly toMs: number;
  readonly min: number;
  readonly max: number;
}

/** Renders the chart as a PNG. Throws `RangeError` only for a size outside 32–4096 pixels; any data renders. */
export function renderSeriesPng(chart: SeriesChart): Buffer {
  const width = chart.width ?? DEFAULT_WIDTH;
  const height = chart.height ?? DEFAULT_HEIGHT;
  for (const size of [width, height]) {
    if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
      throw new RangeError(`chart size must be whole pixels from ${MIN_SIZE} to ${MAX_SIZE}, got ${size}`);
    }
  }
  const raster = new Raster(width, height, CHART_COLOURS.background);
  const [fromMs, toMs] = timeRange(chart);
  const [min, max] = valueRange(chart, fromMs, toMs);
  const labels = axisLabels(chart, width, min, max);
  const gutter = Math.max(0, ...labels.map((label) => textWidth(label, LABEL_SCALE) + LABEL_GAP));
  const plot = {
    x: PADDING + gutter,
    y: PADDING,
    width: width - 2 * PADDING - gutter,
    height: height - 2 * PADDING,
  };
  const scale: Scale = { plot, fromMs, toMs, min, max };

  drawAxes(raster, plot);
  drawBand(raster, scale, chart.band ?? []);
  drawThreshold(raster, scale, chart.threshold);
  drawOnset(raster, scale, chart.onsetMs);
  drawSeries(raster, scale, chart.samples);
  drawLabels(raster, plot, labels);

  return encodePng(raster);
}

/**
 * RGB in, RGB out, so pngjs copies instead of converting each pixel. The fixed "sub" filter suits flat colour and
 * horizontal runs nearly as well as per-row adaptive filtering, at a fraction of the cost.
 */
function encodePng(raster: Raster): Buffer {
  const options = { colorType: 2, inputColorType: 2, inputHasAlpha: false, filterType: 1 } as const;
  const png = new PNG({ width: raster.width, height: raster.height, ...options });
  png.data = raster.data;
  return PNG.sync.write(png, options);
}

/** The requested range, else the samples' extent; a single instant is widened so it sits in the middle. */
function timeRange(chart: SeriesChart): [number, number] {
  const samples = extent(chart.samples.map(([ts]) => ts));
  const from = finiteOr(chart.fromMs, samples?.[0] ?? finiteOr(chart.onsetMs, 0));
  const to = finiteOr(chart.toMs, samples?.[1] ?? from);
  return to > from ? [from, to] : [from - MINUTE_MS, from + MINUTE_MS];
}

/** Everything visible in the time range; a flat range is widened so the line sits in the middle. */
function valueRange(chart: SeriesChart, fromMs: number, toMs: number): [number, number] {
  const inRange = (ts: number): boolean => ts >= fromMs && ts <= toMs;
  const values = [
    ...chart.samples.filter(([ts]) => inRange(ts)).map(([, value]) => value),
    ...(chart.band ?? [])
      .filter((point) => inRange(point.tsMs))
      .flatMap((point) => [point.lower, point.upper]),
    chart.threshold ?? NaN,
  ];
  const [min, max] = extent(values) ?? [0, 1];
  if (max > min) {
    return [min, max];
  }
  const pad = Math.abs(min) * 0.1 || 1;
  return [min - pad, max + pad];
}

/** Smallest and largest finite value, or undefined when there is none. A loop: series can outgrow argument lists. */
function extent(values: readonly number[]): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (Number.isFinite(value)) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  return min <= max ? [min, max] : undefined;
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

/** The axis' top and bottom values, unless turned off or too wide to leave a usable plot. */
function axisLabels(chart: SeriesChart, width: number, min: number, max: number): string[] {
  if (chart.axisLabels === false) {
    return [];
  }
  const labels = [formatValue(max), formatValue(min)];
  const gutter = Math.max(...labels.map((label) => textWidth(label, LABEL_SCALE) + LABEL_GAP));
  return width - 2 * PADDING - gutter >= MIN_PLOT_WIDTH ? labels : [];
}

function xOf(scale: Scale, tsMs: number): number {
  const { plot, fromMs, toMs } = scale;
  return plot.x + Math.round(((tsMs - fromMs) / (toMs - fromMs)) * (plot.width - 1));
}

function yOf(scale: Scale, value: number): number {
  const { plot, min, max } = scale;
  return plot.y + Math.round(((max - value) / (max - min)) * (plot.height - 1));
}

function timeAtColumn(scale: Scale, x: number): number {
  const { plot, fromMs, toMs } = scale;
  return fromMs + ((x - plot.x) / (plot.width - 1)) * (toMs - fromMs);
}

/** The left and bottom edges, just outside the plot so nothing drawn inside hides them. */
function drawAxes(raster: Raster, plot: Rect): void {
  const stroke = { colour: CHART_COLOURS.axis, thickness: 1 };
  const bottom = plot.y + plot.height;
  raster.line(plot.x - 1, plot.y, plot.x - 1, bottom, stroke);
  raster.line(plot.x - 1, bottom, plot.x + plot.width - 1, bottom, stroke);
}

/** Fills each pixel column between the band's bounds at that column's time. */
function drawBand(raster: Raster, scale: Scale, band: readonly BandPoint[]): void {
  const { plot } = scale;
  let next = 0;
  for (let x = plot.x; x < plot.x + plot.width; x++) {
    const ts = timeAtColumn(scale, x);
    while (next < band.length && (band[next]?.tsMs ?? Infinity) < ts) {
      next++;
    }
    const bounds = bandAt(band[next - 1], band[next], ts);
    if (bounds === undefined) {
      continue;
    }
    const top = yOf(scale, bounds.upper);
    const bottom = yOf(scale, bounds.lower);
    raster.fillRect(
      { x, y: Math.min(top, bottom), width: 1, height: Math.abs(bottom - top) + 1 },
      CHART_COLOURS.band,
      plot,
    );
  }
}

/** The band at `ts` between the points around it, or undefined outside the band or across a gap. */
function bandAt(
  before: BandPoint | undefined,
  after: BandPoint | undefined,
  ts: number,
): { lower: number; upper: number } | undefined {
  if (after !== undefined && after.tsMs === ts) {
    return finiteBand(after.lower, after.upper);
  }
  if (before === undefined || after === undefined) {
    return undefined;
  }
  const t = (ts - before.tsMs) / (after.tsMs - before.tsMs);
  return finiteBand(
    before.lower + t * (after.lower - before.lower),
    before.upper + t * (after.upper - before.upper),
  );
}

function finiteBand(lower: number, upper: number): { lower: number; upper: number } | undefined {
  return Number.isFinite(lower) && Number.isFinite(upper) ? { lower, upper } : undefined;
}

function drawThreshold(raster: Raster, scale: Scale, threshold: number | undefined): void {
  if (threshold === undefined || !Number.isFinite(threshold)) {
    return;
  }
  const { plot } = scale;
  const y = yOf(scale, threshold);
  const stroke = { colour: CHART_COLOURS.threshold, thickness: 1, dash: [6, 4] } as const;
  raster.line(plot.x, y, plot.x + plot.width - 1, y, stroke, plot);
}

function drawOnset(raster: Raster, scale: Scale, onsetMs: number | undefined): void {
  if (onsetMs === undefined || !Number.isFinite(onsetMs) || onsetMs < scale.fromMs || onsetMs > scale.toMs) {
    return;
  }
  const { plot } = scale;
  const x = xOf(scale, onsetMs);
  const stroke = { colour: CHART_COLOURS.onset, thickness: 1, dash: [4, 3] } as const;
  raster.line(x, plot.y, x, plot.y + plot.height - 1, stroke, plot);
}

/** Joins consecutive finite samples; a finite sample between two gaps is drawn as a dot so it stays visible. */
function drawSeries(raster: Raster, scale: Scale, samples: readonly Sample[]): void {
  const stroke = { colour: CHART_COLOURS.line, thickness: LINE_THICKNESS };
  const isPoint = (sample: Sample | undefined): sample is Sample =>
    sample !== undefined && Number.isFinite(sample[0]) && Number.isFinite(sample[1]);
  samples.forEach((sample, index) => {
    if (!isPoint(sample)) {
      return;
    }
    const x = xOf(scale, sample[0]);
    const y = yOf(scale, sample[1]);
    const previous = samples[index - 1];
    if (isPoint(previous)) {
      raster.line(xOf(scale, previous[0]), yOf(scale, previous[1]), x, y, stroke, scale.plot);
    } else if (!isPoint(samples[index + 1])) {
      raster.fillRect({ x: x - 1, y: y - 1, width: 3, height: 3 }, CHART_COLOURS.line, scale.plot);
    }
  });
}

/** The axis' top value level with the plot's top, its bottom value level with the plot's bottom. */
function drawLabels(raster: Raster, plot: Rect, labels: readonly string[]): void {
  const [top, bottom] = labels;
  const rightEdge = plot.x - LABEL_GAP;
  if (top !== undefined) {
    drawText(raster, top, rightEdge - textWidth(top, LABEL_SCALE), plot.y, CHART_COLOURS.label, LABEL_SCALE);
  }
  if (bottom !== undefined) {
    const y = plot.y + plot.height - textHeight(LABEL_SCALE);
    drawText(raster, bottom, rightEdge - textWidth(bottom, LABEL_SCALE), y, CHART_COLOURS.label, LABEL_SCALE);
  }
}
