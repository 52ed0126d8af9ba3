import { escapeHtml } from '../notifications/email-alert-message';

/**
 * Charts as inline SVG, drawn on the server: no script, no external asset. Every chart has `role="img"` and an
 * `aria-label` describing it, and a `<title>` on each bar or marker for a tooltip. Sizes are in viewBox units; the
 * page's CSS scales the chart to its container.
 */
const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 56, right: 16, top: 16, bottom: 36 };

const fmt = (value: number): string =>
  Math.abs(value) >= 1000 || Number.isInteger(value) ? String(Math.round(value)) : value.toPrecision(3);

/** Round-number ticks from 0 (or min) to at least max. */
function ticks(min: number, max: number, count = 4): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((factor) => factor * magnitude >= raw) ?? 10) * magnitude;
  const first = Math.floor(min / step) * step;
  const out: number[] = [];
  for (let value = first; value <= max + step * 1e-9; value += step) {
    out.push(Number(value.toPrecision(12)));
  }
  if ((out[out.length - 1] ?? min) < max) {
    out.push(Number(((out[out.length - 1] ?? min) + step).toPrecision(12)));
  }
  return out;
}

function svg(label: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(label)}" font-family="system-ui,sans-serif" font-size="11">${body}</svg>`;
}

function yAxis(tickValues: readonly number[], y: (value: number) => number, unit: string): string {
  return tickValues
    .map(
      (value) =>
        `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#d0d7de"/>` +
        `<text x="${PAD.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" fill="#57606a">${escapeHtml(fmt(value) + unit)}</text>`,
    )
    .join('');
}

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Tooltip text; defaults to `label: value`. */
  readonly title?: string;
}

/** Vertical bars, one per label (weeks or months), from 0. */
export function barChartSvg(label: string, bars: readonly Bar[], unit = ''): string {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const tickValues = ticks(0, max);
  const top = tickValues[tickValues.length - 1] ?? max;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const y = (value: number) => PAD.top + plotHeight * (1 - value / top);
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, bars.length);
  const body = bars
    .map((bar, index) => {
      const x = PAD.left + slot * index + slot * 0.15;
      const height = y(0) - y(bar.value);
      return (
        `<rect class="bar" x="${x.toFixed(1)}" y="${y(bar.value).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${height.toFixed(1)}" fill="#1f6feb"><title>${escapeHtml(bar.title ?? `${bar.label}: ${fmt(bar.value)}${unit}`)}</title></rect>` +
        `<text x="${(x + slot * 0.35).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" fill="#57606a">${escapeHtml(bar.label.replace(/^\d{4}-/, ''))}</text>`
      );
    })
    .join('');
  return svg(label, yAxis(tickValues, y, unit) + body);
}

export interface LineSeries {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
  readonly color?: string;
}

export interface ChartMarker {
  readonly atMs: number;
  readonly label: string;
  readonly kind: 'onset' | 'ack' | 'resolve' | 'deploy' | 'now';
}

const MARKER_COLORS: Readonly<Record<ChartMarker['kind'], string>> = {
  onset: '#cf222e',
  ack: '#bf8700',
  resolve: '#1a7f37',
  deploy: '#8250df',
  now: '#57606a',
};

export interface LineChart {
  readonly label: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly series: readonly LineSeries[];
  /** A horizontal threshold line. */
  readonly threshold?: number;
  /** An expected band: lower and upper values at the same times. */
  readonly band?: ReadonlyArray<readonly [number, number, number]>;
  readonly markers?: readonly ChartMarker[];
  readonly unit?: string;
  /** Formats an x tick (defaults to UTC HH:MM). */
  readonly formatTime?: (ms: number) => string;
}

/** Lines over time, with an optional threshold, band and vertical markers (onset, ack, resolve, deploys). */
export function lineChartSvg(chart: LineChart): string {
  const values = [
    ...chart.series.flatMap((series) => series.points.map(([, value]) => value)),
    ...(chart.band ?? []).flatMap(([, lower, upper]) => [lower, upper]),
    ...(chart.threshold === undefined ? [] : [chart.threshold]),
  ].filter(Number.isFinite);
  const low = Math.min(0, ...values);
  const high = Math.max(low + 1e-9, ...values);
  const tickValues = ticks(low, high);
  const bottom = tickValues[0] ?? low;
  const top = tickValues[tickValues.length - 1] ?? high;
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const span = Math.max(1, chart.toMs - chart.fromMs);
  const x = (ms: number) => PAD.left + (plotWidth * (ms - chart.fromMs)) / span;
  const y = (value: number) => PAD.top + plotHeight * (1 - (value - bottom) / (top - bottom || 1));
  const formatTime = chart.formatTime ?? ((ms: number) => new Date(ms).toISOString().slice(11, 16));
  const xTicks = [0, 0.25, 0.5, 0.75, 1]
    .map((share) => chart.fromMs + span * share)
    .map(
      (ms, index) =>
        `<text x="${x(ms).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="${index === 0 ? 'start' : index === 4 ? 'end' : 'middle'}" fill="#57606a">${escapeHtml(formatTime(ms))}</text>`,
    )
    .join('');
  const path = (points: ReadonlyArray<readonly [number, number]>) =>
    points
      .filter(([, value]) => Number.isFinite(value))
      .map(([ms, value], index) => `${index === 0 ? 'M' : 'L'}${x(ms).toFixed(1)},${y(value).toFixed(1)}`)
      .join('');
  const band =
    chart.band === undefined || chart.band.length === 0
      ? ''
      : `<path class="band" d="${path(chart.band.map(([ms, , upper]) => [ms, upper]))}${[...chart.band]
          .reverse()
          .map(([ms, lower]) => `L${x(ms).toFixed(1)},${y(lower).toFixed(1)}`)
          .join('')}Z" fill="#54aeff" fill-opacity="0.2" stroke="none"><title>expected band</title></path>`;
  const threshold =
    chart.threshold === undefined
      ? ''
      : `<line class="threshold" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(chart.threshold).toFixed(1)}" y2="${y(chart.threshold).toFixed(1)}" stroke="#cf222e" stroke-dasharray="6 4"><title>threshold ${escapeHtml(fmt(chart.threshold))}</title></line>`;
  const lines = chart.series
    .map(
      (series) =>
        `<path class="series" d="${path(series.points)}" fill="none" stroke="${series.color ?? '#0969da'}" stroke-width="2"><title>${escapeHtml(series.name)}</title></path>`,
    )
    .join('');
  const markers = (chart.markers ?? [])
    .filter((marker) => marker.atMs >= chart.fromMs && marker.atMs <= chart.toMs)
    .map(
      (marker) =>
        `<g class="marker ${marker.kind}"><line x1="${x(marker.atMs).toFixed(1)}" x2="${x(marker.atMs).toFixed(1)}" y1="${PAD.top}" y2="${HEIGHT - PAD.bottom}" stroke="${MARKER_COLORS[marker.kind]}" stroke-width="1.5" stroke-dasharray="${marker.kind === 'deploy' ? '2 3' : '0'}"/>` +
        `<text x="${(x(marker.atMs) + 3).toFixed(1)}" y="${PAD.top + 10}" fill="${MARKER_COLORS[marker.kind]}">${escapeHtml(marker.label)}</text><title>${escapeHtml(marker.label)} ${escapeHtml(new Date(marker.atMs).toISOString())}</title></g>`,
    )
    .join('');
  return svg(
    chart.label,
    yAxis(tickValues, y, chart.unit ?? '') + band + threshold + lines + markers + xTicks,
  );
}
