import { PNG } from 'pngjs';
import { Sample } from '../model';
import { CHART_COLOURS, renderSeriesPng, SeriesChart } from './render-series-png';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const MINUTE = 60_000;

type Colour = readonly [number, number, number];

interface Image {
  readonly width: number;
  readonly height: number;
  is(x: number, y: number, colour: Colour): boolean;
  /** Rows of column `x` in the colour, top to bottom. */
  rowsIn(x: number, colour: Colour): number[];
  /** Columns holding at least one pixel of the colour, left to right. */
  columnsWith(colour: Colour): number[];
  count(colour: Colour): number;
}

function render(chart: SeriesChart): Image {
  const png = PNG.sync.read(renderSeriesPng(chart));
  const is = (x: number, y: number, [r, g, b]: Colour): boolean => {
    const offset = (y * png.width + x) * 4;
    return png.data[offset] === r && png.data[offset + 1] === g && png.data[offset + 2] === b;
  };
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  return {
    width: png.width,
    height: png.height,
    is,
    rowsIn: (x, colour) => range(png.height).filter((y) => is(x, y, colour)),
    columnsWith: (colour) => range(png.width).filter((x) => range(png.height).some((y) => is(x, y, colour))),
    count: (colour) =>
      range(png.width).reduce((n, x) => n + range(png.height).filter((y) => is(x, y, colour)).length, 0),
  };
}

/** One sample a minute from T0. */
function series(values: readonly number[]): Sample[] {
  return values.map((value, i) => [T0 + i * MINUTE, value]);
}

const { line, band, threshold, onset, label } = CHART_COLOURS;

describe(renderSeriesPng.name, () => {
  it('renders a 560×200 PNG by default and the requested size otherwise', () => {
    const image = render({ samples: series([1, 2, 3]) });
    expect([image.width, image.height]).toEqual([560, 200]);
    const small = render({ samples: series([1, 2, 3]), width: 300, height: 120 });
    expect([small.width, small.height]).toEqual([300, 120]);
  });

  it('draws a rising line from the bottom left to the top right', () => {
    const image = render({ samples: series([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), axisLabels: false });
    const columns = image.columnsWith(line);
    const first = columns[0]!;
    const last = columns[columns.length - 1]!;
    expect(first).toBeLessThan(12);
    expect(last).toBeGreaterThan(image.width - 12);
    expect(Math.max(...image.rowsIn(first, line))).toBeGreaterThan(image.height - 12);
    expect(Math.min(...image.rowsIn(last, line))).toBeLessThan(12);
    const middle = Math.round((first + last) / 2);
    const middleRows = image.rowsIn(middle, line);
    expect(Math.abs(Math.min(...middleRows) - image.height / 2)).toBeLessThanOrEqual(3);
  });

  it("puts the maximum's column at the top and nothing above the line elsewhere", () => {
    const image = render({ samples: series([2, 2, 2, 9, 2, 2, 2]), axisLabels: false });
    const columns = image.columnsWith(line);
    const spikeColumn = Math.round((columns[0]! + columns[columns.length - 1]!) / 2);
    expect(Math.min(...image.rowsIn(spikeColumn, line))).toBeLessThan(12);
    const quarter = Math.round((columns[0]! * 3 + columns[columns.length - 1]!) / 4);
    expect(Math.min(...image.rowsIn(quarter, line))).toBeGreaterThan(image.height - 14);
  });

  it('shades the expected band between its bounds, and nowhere without one', () => {
    // Values 0..10 over the plot's 184 rows (8..191): 6 is at row ~81, 4 at ~118.
    const chart: SeriesChart = {
      samples: series([0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]),
      band: series([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).map(([tsMs]) => ({ tsMs, lower: 4, upper: 6 })),
      axisLabels: false,
    };
    const image = render(chart);
    const column = Math.round(image.width / 2);
    const rows = image.rowsIn(column, band);
    expect(rows[0]).toBeGreaterThanOrEqual(79);
    expect(rows[0]).toBeLessThanOrEqual(83);
    expect(rows[rows.length - 1]).toBeGreaterThanOrEqual(116);
    expect(rows[rows.length - 1]).toBeLessThanOrEqual(120);
    expect(rows).toHaveLength(rows[rows.length - 1]! - rows[0]! + 1);
    expect(render({ ...chart, band: undefined }).count(band)).toBe(0);
  });

  it('follows a changing band and leaves gaps where a bound is missing', () => {
    const points = [
      { tsMs: T0, lower: 0, upper: 2 },
      { tsMs: T0 + 4 * MINUTE, lower: 8, upper: 10 },
      { tsMs: T0 + 5 * MINUTE, lower: NaN, upper: 10 },
      { tsMs: T0 + 10 * MINUTE, lower: 8, upper: 10 },
    ];
    const image = render({ samples: series(new Array<number>(11).fill(5)), band: points, axisLabels: false });
    const bandColumns = image.columnsWith(band);
    const beforeGap = bandColumns.filter((x) => x < 400);
    const last = beforeGap[beforeGap.length - 1]!;
    expect(bandColumns[0]).toBeLessThan(12);
    // The band stops where the gap begins, at 4 of 10 minutes; the lone point at 10 minutes shades its own column.
    expect(Math.abs(last - (8 + 0.4 * 543))).toBeLessThanOrEqual(2);
    expect(bandColumns.filter((x) => x >= 400)).toEqual([551]);
    // It rises: low at the start, high where it stops.
    expect(Math.min(...image.rowsIn(bandColumns[0]!, band))).toBeGreaterThan(150);
    expect(Math.max(...image.rowsIn(last, band))).toBeLessThan(50);
  });

  it('draws the threshold as a dashed horizontal line at its value', () => {
    const image = render({ samples: series([0, 10]), threshold: 7.5, axisLabels: false });
    const rows = new Set(image.columnsWith(threshold).flatMap((x) => image.rowsIn(x, threshold)));
    expect([...rows]).toHaveLength(1);
    const [row] = [...rows];
    expect(Math.abs(row! - (8 + 0.25 * 183))).toBeLessThanOrEqual(1);
    const drawn = image.columnsWith(threshold).length;
    expect(drawn).toBeGreaterThan(0.5 * 544);
    expect(drawn).toBeLessThan(0.75 * 544);
  });

  it('includes the threshold in the value axis even when the series stays far below it', () => {
    const image = render({ samples: series([1, 2, 1]), threshold: 100, axisLabels: false });
    const [row] = image.columnsWith(threshold).map((x) => image.rowsIn(x, threshold)[0]);
    expect(row).toBeLessThan(12);
  });

  it('marks the onset with a vertical line at its time, and not when it is outside the chart', () => {
    const chart = { samples: series([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), axisLabels: false };
    const image = render({ ...chart, onsetMs: T0 + 7.5 * MINUTE });
    const columns = image.columnsWith(onset);
    expect(columns).toHaveLength(1);
    expect(Math.abs(columns[0]! - (8 + 0.75 * 543))).toBeLessThanOrEqual(1);
    expect(image.rowsIn(columns[0]!, onset).length).toBeGreaterThan(90);
    expect(render({ ...chart, onsetMs: T0 - MINUTE }).count(onset)).toBe(0);
  });

  it('draws a constant series as a flat line across the middle', () => {
    const image = render({ samples: series([5, 5, 5, 5]), axisLabels: false });
    const rows = new Set(image.columnsWith(line).flatMap((x) => image.rowsIn(x, line)));
    expect(Math.abs(Math.min(...rows) - image.height / 2)).toBeLessThanOrEqual(2);
    expect(rows.size).toBe(2);
  });

  it.each<[string, SeriesChart]>([
    ['an empty series', { samples: [] }],
    ['only gaps', { samples: series([NaN, NaN]) }],
    ['one sample', { samples: series([3]) }],
    ['an empty series with a threshold and onset', { samples: [], threshold: 2, onsetMs: T0 }],
    ['infinite values', { samples: series([Infinity, -Infinity]) }],
    ['a non-finite range', { samples: series([1, 2]), fromMs: NaN, toMs: Infinity }],
    ['huge values', { samples: series([-1e308, 1e308, 5]) }],
    ['a long label on a narrow chart', { samples: series([-1.23456e-7, 1]), width: 40, height: 40 }],
  ])('renders %s without failing', (_case, chart) => {
    const image = render(chart);
    expect(image.width).toBe(chart.width ?? 560);
  });

  it('draws nothing of the series when it is empty', () => {
    expect(render({ samples: [] }).count(line)).toBe(0);
  });

  it('draws a single sample as a dot', () => {
    const image = render({ samples: series([3]), axisLabels: false });
    expect(image.count(line)).toBe(9);
  });

  it('leaves NaN and infinite samples as gaps in the line', () => {
    const image = render({ samples: series([1, 1, 1, NaN, NaN, Infinity, NaN, 1, 1, 1]), axisLabels: false });
    const columns = image.columnsWith(line);
    const step = 543 / 9;
    const inGap = (x: number): boolean => x > 8 + 2 * step + 2 && x < 8 + 7 * step - 2;
    expect(columns.filter(inGap)).toEqual([]);
    expect(columns.filter((x) => x < 8 + 2 * step).length).toBeGreaterThan(2 * step - 4);
    expect(columns.filter((x) => x > 8 + 7 * step).length).toBeGreaterThan(2 * step - 4);
  });

  it('draws a sample between two gaps as a dot', () => {
    const image = render({ samples: series([1, NaN, 5, NaN, 9]), axisLabels: false });
    const columns = image.columnsWith(line);
    expect(columns.some((x) => Math.abs(x - (8 + 543 / 2)) <= 1)).toBe(true);
  });

  it('clips samples outside the requested time range, quickly however far away they are', () => {
    const started = Date.now();
    const samples: Sample[] = [[0, 1], ...series([1, 2, 3]), [T0 * 2, 1e12]];
    const image = render({ samples, fromMs: T0, toMs: T0 + 2 * MINUTE, axisLabels: false });
    expect(Date.now() - started).toBeLessThan(2_000);
    const rows = image.columnsWith(line).flatMap((x) => image.rowsIn(x, line));
    // The value axis covers only 1..3, the visible samples; the far-off 1e12 cannot squash them.
    expect(Math.max(...rows)).toBeGreaterThan(image.height - 12);
    expect(Math.min(...rows)).toBeLessThan(12);
  });

  it('writes the value labels left of the plot unless turned off', () => {
    const chart = { samples: series([0.5, 12.5]) };
    const labelled = render(chart);
    const labelColumns = labelled.columnsWith(label);
    expect(labelColumns.length).toBeGreaterThan(10);
    expect(Math.max(...labelColumns)).toBeLessThan(Math.min(...labelled.columnsWith(line)));
    expect(render({ ...chart, axisLabels: false }).count(label)).toBe(0);
  });

  it.each([
    [20, 200],
    [560, 5000],
    [100.5, 200],
  ])('refuses a %i×%i chart', (width, height) => {
    expect(() => renderSeriesPng({ samples: [], width, height })).toThrow(RangeError);
  });
});
