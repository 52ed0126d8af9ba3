import { CounterSeries, CounterStretch, missing, rising } from './counter-series';

/**
 * The traffic of the differential test. Every scenario is an SLO at 99.9% over 28 days with the SRE workbook's
 * burn-rate table scaled to 28 days (critical 14.4 over 56m/4m40s and 6 over 5h36m/28m, warning 1 over
 * 2d19h12m/5h36m), counters of HTTP requests, and the times at which forewarn and Prometheus must agree.
 *
 * Evaluation times sit between samples, never on one, and no window starts on a sample either (the spec checks
 * this): Prometheus 2.x selects a range `[start, end]` and forewarn, like Prometheus 3, `(start, end]`, so a sample
 * exactly at the start is counted by one and not the other (see the spec's "range boundaries" case).
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Scenario {
  /** Also the SLO's name, and so the alert name. */
  readonly name: string;
  /** The `sli:` of the SLO, as YAML. */
  readonly sli: string;
  /** The SLO's `min_events`, if any. */
  readonly minEvents?: number;
  readonly resolutionMs: number;
  readonly evaluationIntervalMs: number;
  readonly series: readonly CounterSeries[];
  readonly evalTimesMs: readonly number[];
}

const EVENTS_BAD =
  '{ type: events, bad: \'http_requests_total{job="api",code="500"}\', total: \'http_requests_total{job="api"}\' }';
const EVENTS_GOOD =
  '{ type: events, good: \'http_requests_total{job="api",code="200"}\', total: \'http_requests_total{job="api"}\' }';

function requests(code: string, stretches: readonly CounterStretch[]): CounterSeries {
  return { metric: 'http_requests_total', labels: { job: 'api', code }, stretches };
}

interface Traffic {
  readonly ok: CounterStretch;
  readonly errors: CounterStretch;
}

/** 2000 requests a minute, `errors` of them failing, for `minutes`. */
function perMinute(errors: number, minutes: number): Traffic {
  return { ok: rising(2000 - errors, minutes), errors: rising(errors, minutes) };
}

/** 500 requests every 15s, `errors` of them failing, for `steps` of 15s. */
function per15s(errors: number, steps: number): Traffic {
  return { ok: rising(500 - errors, steps), errors: rising(errors, steps) };
}

/** The two series of some traffic: successful and failed requests. */
function traffic(parts: readonly Traffic[], after: readonly CounterStretch[] = []): CounterSeries[] {
  return [
    requests('200', [...parts.map((part) => part.ok), ...after]),
    requests('500', [...parts.map((part) => part.errors), ...after]),
  ];
}

/** Evaluation times half a minute after the given times: between the samples of minute-resolution data. */
function halfMinuteAfter(...times: number[]): number[] {
  return times.map((time) => time + 30 * SECOND);
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'steady',
    sli: EVENTS_BAD,
    resolutionMs: MINUTE,
    evaluationIntervalMs: 30 * SECOND,
    series: traffic([perMinute(1, 6 * 60)]),
    evalTimesMs: halfMinuteAfter(45 * MINUTE, 3 * HOUR, 6 * HOUR - MINUTE),
  },
  {
    // 15s samples: 30 minutes at 0.05% errors, 20 minutes at 2%, then 0.05% again.
    name: 'burst',
    sli: EVENTS_BAD,
    resolutionMs: 15 * SECOND,
    evaluationIntervalMs: 20 * SECOND,
    series: traffic([per15s(0.25, 120), per15s(10, 80), per15s(0.25, 280)]),
    // Multiples of 20s that are 5s past a sample: 35m20s, 50m20s, 56m20s, 1h20m20s, 1h59m20s.
    evalTimesMs: [2120, 3020, 3380, 4820, 7160].map((seconds) => seconds * SECOND),
  },
  {
    // 12 hours at 0.05% errors (burn 0.5), then 3 days at 0.2% (burn 2): the 1x ticket starts once the long window
    // holds enough of the burn.
    name: 'slow-burn',
    sli: EVENTS_BAD,
    resolutionMs: MINUTE,
    // 3.5 days of rules at 90s rather than 30s: a third of promtool's work. Times 30s past a minute that is 1 more
    // than a multiple of 3 are multiples of 90s.
    evaluationIntervalMs: 90 * SECOND,
    series: traffic([perMinute(1, 12 * 60), perMinute(4, 3 * 24 * 60)]),
    evalTimesMs: halfMinuteAfter(
      15 * HOUR + MINUTE,
      22 * HOUR + MINUTE,
      DAY + 12 * HOUR + MINUTE,
      2 * DAY + 12 * HOUR + MINUTE,
      3 * DAY + 12 * HOUR - 2 * MINUTE,
    ),
  },
  {
    // 2 hours at 5% errors, then both counters vanish for an hour: short windows have no data and do not alert,
    // long windows still see the errors. Good events over total, to cover that form of SLI.
    name: 'outage',
    sli: EVENTS_GOOD,
    resolutionMs: MINUTE,
    evaluationIntervalMs: 30 * SECOND,
    series: traffic([perMinute(100, 2 * 60)], [missing(60)]),
    evalTimesMs: halfMinuteAfter(2 * HOUR + 10 * MINUTE, 2 * HOUR + 40 * MINUTE, 3 * HOUR - MINUTE),
  },
  {
    // A service without errors has no error series at all: the ratio is 0, not missing.
    name: 'no-errors-yet',
    sli: EVENTS_BAD,
    resolutionMs: MINUTE,
    evaluationIntervalMs: 30 * SECOND,
    series: [requests('200', [rising(2000, 2 * 60)])],
    evalTimesMs: halfMinuteAfter(HOUR, 2 * HOUR - MINUTE),
  },
  {
    // 10 requests a minute, half of them failing, with min_events 100: the 4m40s window holds about 47 events, too
    // few to page on, the 28m window enough.
    name: 'quiet',
    sli: EVENTS_BAD,
    minEvents: 100,
    resolutionMs: MINUTE,
    evaluationIntervalMs: 30 * SECOND,
    series: traffic([{ ok: rising(5, 120), errors: rising(5, 120) }]),
    evalTimesMs: halfMinuteAfter(HOUR, 2 * HOUR - MINUTE),
  },
  {
    // A latency SLI: requests over 300ms are bad; 10% of them for 30 minutes after an hour of 0.05%.
    name: 'latency',
    sli: '{ type: latency, metric: \'http_request_duration_seconds{job="api"}\', le: 0.3 }',
    resolutionMs: MINUTE,
    evaluationIntervalMs: 30 * SECOND,
    series: [
      {
        metric: 'http_request_duration_seconds_count',
        labels: { job: 'api' },
        stretches: [rising(2000, 120)],
      },
      {
        metric: 'http_request_duration_seconds_bucket',
        labels: { job: 'api', le: '0.3' },
        stretches: [rising(1999, 60), rising(1800, 30), rising(1999, 30)],
      },
    ],
    evalTimesMs: halfMinuteAfter(70 * MINUTE, 90 * MINUTE, 2 * HOUR - MINUTE),
  },
];
