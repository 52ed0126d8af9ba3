import { newLikelihoodState, observeLikelihood } from './anomaly-likelihood';
import { seededRandom } from './synthetic-series';

/** A likelihood that has learned 2000 raw scores uniform in [0, 0.1]. */
function learnedState() {
  const random = seededRandom(3);
  const state = newLikelihoodState();
  for (let i = 0; i < 2000; i++) {
    observeLikelihood(state, 0.1 * random(), true);
  }
  return state;
}

describe('anomaly likelihood', () => {
  it('reports no evidence (1) until it has learned ten averages', () => {
    const state = newLikelihoodState();
    expect(Array.from({ length: 10 }, () => observeLikelihood(state, 1, true))).toEqual(
      new Array(10).fill(1),
    );
    expect(observeLikelihood(state, 1, true)).toBe(1);
  });

  it('keeps usual raw scores unremarkable', () => {
    const state = learnedState();
    expect(observeLikelihood(state, 0.05, false)).toBeGreaterThan(0.1);
  });

  it('raises one red alarm per event, then yellow while the event lasts', () => {
    const state = learnedState();
    const event = Array.from({ length: 8 }, () => observeLikelihood(state, 1, true));
    expect(event[0]).toBeLessThanOrEqual(2e-5);
    expect(event.slice(1)).toEqual(new Array(7).fill(2e-3));
  });

  it.each([
    [20, false],
    [60, true],
  ])('after %p quiet points, a second burst is red: %p (refractory period 50 points)', (quiet, red) => {
    const state = learnedState();
    const burst = () => Array.from({ length: 8 }, () => observeLikelihood(state, 1, true));
    burst();
    for (let i = 0; i < quiet; i++) {
      observeLikelihood(state, 0.05, true);
    }
    expect(burst().some((p) => p <= 2e-5)).toBe(red);
  });

  it('learns nothing from learn=false points', () => {
    const state = learnedState();
    const before = JSON.stringify(state);
    observeLikelihood(state, 1, false);
    observeLikelihood(state, 1, false);
    expect(JSON.stringify(state)).toBe(before);
  });
});
