import { lnTwoSidedTail, probabilityScore, sigmasForScore, surpriseScore } from './surprise-score';

describe('surpriseScore', () => {
  it.each([
    // sigmas, two-sided tail probability, score = log10(1/p) / 10
    [0, 1, 0],
    [1, 0.3173105, 0.0498516],
    [-2, 0.0455003, 0.1341986],
    [3, 0.0026998, 0.2568669],
    [4.4171734, 1e-5, 0.5],
    [6, 1.973e-9, 0.8704834],
    [7, 2.56e-12, 1],
    [Infinity, 0, 1],
    [-Infinity, 0, 1],
  ])('%p sigmas: tail %p, score %p', (z, tail, score) => {
    expect(Math.exp(lnTwoSidedTail(z))).toBeCloseTo(tail, z > 5 ? 11 : 6);
    expect(surpriseScore(z)).toBeCloseTo(score, 6);
  });

  it('keeps far tails apart where 1 − p would round to 1', () => {
    // ln(2·φ(40)/40) = −800 − ln(40·√(2π)) + ln 2
    expect(lnTwoSidedTail(40)).toBeCloseTo(-803.915, 2);
    expect(surpriseScore(5.9)).toBeLessThan(surpriseScore(6));
  });

  it.each([0.001, 0.1, 0.2568669, 0.5, 0.9, 0.999])('sigmasForScore inverts surpriseScore at %p', (score) => {
    expect(surpriseScore(sigmasForScore(score))).toBeCloseTo(score, 10);
  });

  it.each([
    [1, 0],
    [2, 0],
    [1e-5, 0.5],
    [1e-10, 1],
    [0, 1],
  ])('probabilityScore(%p) = %p', (p, score) => {
    expect(probabilityScore(p)).toBeCloseTo(score, 12);
  });
});
