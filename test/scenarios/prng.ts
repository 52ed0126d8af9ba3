/** A seeded source of randomness for the scenario generators: the same seed gives the same series on every run. */
export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
}

/** mulberry32: 32 bits of state, fast, and good enough for noise (not for cryptography). */
export function seededRandom(seed: number): Random {
  let state = seed | 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  // Box–Muller; 1 − u keeps the logarithm finite.
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/**
 * AR(1) noise with standard deviation `sigma`: metrics wander rather than jitter independently, which is what makes
 * a few minutes over a threshold (and false alerts) likely.
 */
export function ar1Noise(random: Random, phi: number, sigma: number): () => number {
  let value = 0;
  const innovation = sigma * Math.sqrt(1 - phi * phi);
  return () => {
    value = phi * value + innovation * random.normal();
    return value;
  };
}
