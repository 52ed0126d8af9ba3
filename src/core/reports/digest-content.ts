import { wallTime } from '../slo/calendar-window';
import { humanDuration } from './human-duration';
import { NOISY_RULE_HEADER, SLO_HEADER, noisyRuleCells, percentChange, sloCells } from './report-text';
import { ReportView } from './report-view';

/** How many of the noisiest rules the digest lists. */
export const DIGEST_NOISY_RULES = 5;

/** A table of the digest: column titles and rows of people-readable cells. */
export interface DigestTable {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/**
 * What the weekly digest says, as text cells shared by its text and HTML parts: the week's incidents, SLO compliance,
 * MTTR against the week before and the noisiest rules. Every number comes from the report views, formatted by the
 * same helpers as `forewarn report`, so the mail and the terminal show the same figures.
 */
export interface DigestContent {
  readonly period: string;
  readonly previousPeriod: string;
  /** The week's local days: `2026-11-16 to 2026-11-22 (UTC)`. */
  readonly range: string;
  readonly subject: string;
  readonly summary: string;
  readonly slos: DigestTable;
  readonly mttr: DigestTable;
  readonly noisyRules: DigestTable;
  readonly reportUrl: string;
}

/** The local calendar date of an instant: `2026-11-16`. */
function localDate(ms: number, timeZone: string): string {
  const { year, month, day } = wallTime(ms, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function change(now: number | null, before: number | null): string {
  return percentChange(now, before) ?? '–';
}

/** The digest of `view` (a named week) against `previous` (the week before), linking to `reportUrl`. */
export function digestContent(view: ReportView, previous: ReportView, reportUrl: string): DigestContent {
  const { totals } = view;
  const now = totals.mttr;
  const before = previous.totals.mttr;
  const withData = view.slos.filter((slo) => slo.met !== null);
  const met = withData.filter((slo) => slo.met === true).length;
  const mttrRow = (name: string, key: 'p50Seconds' | 'p90Seconds' | 'meanSeconds') => [
    name,
    humanDuration(now[key]),
    humanDuration(before[key]),
    change(now[key], before[key]),
  ];
  const p50Change = percentChange(now.p50Seconds, before.p50Seconds);
  return {
    period: view.period.label,
    previousPeriod: previous.period.label,
    // Monday to Sunday, local days.
    range:
      `${localDate(Date.parse(view.period.start), view.timeZone)} to ` +
      `${localDate(Date.parse(view.period.end) - 1, view.timeZone)} (${view.timeZone})`,
    subject:
      `forewarn weekly digest ${view.period.label}: ${totals.incidents} incident${totals.incidents === 1 ? '' : 's'}, ` +
      `MTTR p50 ${humanDuration(now.p50Seconds)}${p50Change === undefined ? '' : ` (${p50Change})`}` +
      (withData.length === 0 ? '' : `, SLOs met ${met}/${withData.length}`),
    summary:
      `${totals.incidents} incidents (${previous.totals.incidents} in ${previous.period.label}), ` +
      `${totals.open} still open, ${totals.unacknowledged} never acknowledged; ` +
      `time in breach ${humanDuration(totals.timeInBreachSeconds)}.`,
    slos: { header: SLO_HEADER, rows: view.slos.map(sloCells) },
    mttr: {
      header: ['MTTR', view.period.label, previous.period.label, 'change'],
      rows: [
        ['resolved', String(now.count), String(before.count), change(now.count, before.count)],
        mttrRow('p50', 'p50Seconds'),
        mttrRow('p90', 'p90Seconds'),
        mttrRow('mean', 'meanSeconds'),
      ],
    },
    noisyRules: {
      header: NOISY_RULE_HEADER,
      rows: view.noisyRules.slice(0, DIGEST_NOISY_RULES).map(noisyRuleCells),
    },
    reportUrl,
  };
}
