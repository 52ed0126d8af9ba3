import { Sample } from 'src/core/forecast/forecast-model';
import { BATCH_START_HOUR, batchCpu } from './metric-families';
import { DAY_MS, HOUR_MS } from './time-shapes';

/** An incident rewrites a clean series from its start on; the points before the start stay as they were. */
export interface Incident {
  name: string;
  apply(points: readonly Sample[], startMs: number): Sample[];
}

/** An incident that changes each value from `startMs` on, given the value and the time since the start. */
function fromStart(name: string, change: (value: number, sinceMs: number, tsMs: number) => number): Incident {
  return {
    name,
    apply: (points, startMs) =>
      points.map(([tsMs, value]): Sample =>
        tsMs < startMs ? [tsMs, value] : [tsMs, change(value, tsMs - startMs, tsMs)],
      ),
  };
}

/** The working set grows 1.5 points an hour on top of its usual shape. */
export const memoryLeak = fromStart('memory leak', (value, sinceMs) => value + (1.5 * sinceMs) / HOUR_MS);

/** A runaway log writes 1.2% of the disk an hour. */
export const diskFilling = fromStart('disk filling', (value, sinceMs) => value + (1.2 * sinceMs) / HOUR_MS);

/** p99 latency grows by 10% of its usual value each hour (a connection pool leaking slowly). */
export const latencyCreep = fromStart(
  'latency creep',
  (value, sinceMs) => value * (1 + (0.1 * sinceMs) / HOUR_MS),
);

/** A bad release: one more percent of requests fail from the start on. */
export const errorRateStep = fromStart('error-rate step', (value) => value + 1);

/** Half the traffic disappears (a DNS or load-balancer mistake). */
export const trafficDrop = fromStart('traffic drop', (value) => value * 0.5);

/** Errors at a few times the budgeted rate: the remaining budget falls 2.5 points a day. */
export const slowSloBurn = fromStart('slow SLO burn', (value, sinceMs) => value - (0.025 * sinceMs) / DAY_MS);

/** The nightly batch job is rescheduled from 02:00 to 19:00, into the evening's user load. */
export const seasonalShift = fromStart(
  'seasonal shift',
  (value, _sinceMs, tsMs) => value - batchCpu(tsMs, BATCH_START_HOUR) + batchCpu(tsMs, 19),
);

/** The sensor keeps reporting the value it read at the start. */
export const sensorStuck: Incident = {
  name: 'sensor stuck',
  apply: (points, startMs) => {
    const stuck = points.find(([tsMs]) => tsMs >= startMs)?.[1] ?? NaN;
    return points.map(([tsMs, value]): Sample => [tsMs, tsMs < startMs ? value : stuck]);
  },
};
