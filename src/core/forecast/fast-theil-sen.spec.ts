import { theilSen } from 'src/core/slo/exhaustion-forecast';
import { theilSenLine } from './fast-theil-sen';

type Point = [number, number];

/** A fixed pseudo-random sequence in [0, 1) (mulberry32), so the cases are the same on every run. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function points(n: number, seed: number, f: (x: number, random: () => number) => number): Point[] {
  const random = sequence(seed);
  return Array.from({ length: n }, (_, i): Point => [i, f(i, random)]);
}

describe(theilSenLine.name, () => {
  it.each<[string, Point[]]>([
    ['noisy trend, odd count', points(401, 1, (x, random) => 0.3 * x + 20 * random())],
    ['noisy trend, even count', points(600, 2, (x, random) => -2 * x + 50 * (random() - 0.5))],
    ['heavy-tailed noise', points(500, 3, (x, random) => x / 7 + 1 / (random() - 0.5))],
    [
      'repeated x (three points per x)',
      points(450, 4, (x, random) => Math.sin(x / 40) + 0.01 * x + 0.1 * random()).map(([x, y]): Point => [
        Math.floor(x / 3),
        y,
      ]),
    ],
    [
      'quantized values (many equal slopes)',
      points(300, 5, (x, random) => Math.round(x / 25 + 3 * random())),
    ],
    ['shuffled input', points(301, 6, (x, random) => x + 10 * random()).reverse()],
  ])('equals the pairwise Theil–Sen: %s', (_name, data) => {
    const fast = theilSenLine(data);
    const pairwise = theilSen(data);
    expect(fast.m).toBeCloseTo(pairwise.m, 10);
    expect(fast.b).toBeCloseTo(pairwise.b, 8);
  });

  it.each<[string, Point[], { m: number; b: number }]>([
    ['collinear points', points(1_000, 7, (x) => 3 * x - 4), { m: 3, b: -4 }],
    ['a stuck value', points(1_000, 8, () => 42), { m: 0, b: 42 }],
  ])('returns a slope of the data for a tie cluster: %s', (_name, data, expected) => {
    expect(theilSenLine(data)).toEqual(expected);
  });

  it('needs two distinct x', () => {
    expect(() => theilSenLine(Array.from({ length: 300 }, (_, i): Point => [5, i]))).toThrow(RangeError);
  });
});
