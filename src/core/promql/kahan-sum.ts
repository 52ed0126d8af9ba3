/**
 * Float summation as Prometheus does it: Kahan–Neumaier compensation (`kahansum.Inc`), and a mean that divides a
 * compensated sum, switching to an incremental mean only if the running sum would overflow.
 */

/** One compensated addition step; returns the new sum and compensation. */
export function kahanSumInc(inc: number, sum: number, compensation: number): [number, number] {
  const total = sum + inc;
  if (!Number.isFinite(total) && !Number.isNaN(total)) {
    return [total, 0];
  }
  if (Math.abs(sum) >= Math.abs(inc)) {
    return [total, compensation + (sum - total + inc)];
  }
  return [total, compensation + (inc - total + sum)];
}

/** Compensated sum; 0 for no values. */
export function kahanSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    [sum, compensation] = kahanSumInc(value, sum, compensation);
  }
  return Number.isFinite(sum) ? sum + compensation : sum;
}

/** Arithmetic mean as in Prometheus's `avg_over_time` and `avg`; NaN for no values. */
export function mean(values: readonly number[]): number {
  const [first] = values;
  if (first === undefined) {
    return NaN;
  }
  let sum = first;
  let compensation = 0;
  let runningMean = 0;
  let incremental = false;
  for (let index = 1; index < values.length; index += 1) {
    const value = values[index] ?? NaN;
    const count = index + 1;
    if (!incremental) {
      const [newSum, newCompensation] = kahanSumInc(value, sum, compensation);
      if (Number.isFinite(newSum) || Number.isNaN(newSum)) {
        sum = newSum;
        compensation = newCompensation;
        continue;
      }
      incremental = true;
      runningMean = sum / (count - 1);
      compensation /= count - 1;
    }
    const q = (count - 1) / count;
    [runningMean, compensation] = kahanSumInc(value / count, q * runningMean, q * compensation);
  }
  if (incremental) {
    return runningMean + compensation;
  }
  return sum / values.length + compensation / values.length;
}
