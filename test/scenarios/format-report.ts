import { formatDuration } from 'src/core/time/duration';
import { ScenarioReport } from './run-scenarios';

/** The report as two Markdown tables: scenarios (detection, lead time) and families (static threshold, noise). */
export function formatReport(report: ScenarioReport): string {
  const scenarioRows = report.scenarios.map((outcome) => [
    outcome.scenario,
    outcome.family,
    outcome.detected ? 'yes' : 'no',
    afterStart(outcome.detectedMs, outcome.startMs),
    afterStart(outcome.impactMs, outcome.startMs),
    formatLead(outcome.leadMs),
    String(outcome.alertsBeforeStart),
  ]);
  const familyRows = report.families.map((outcome) => [
    outcome.family,
    `${outcome.staticThreshold.direction === 'above' ? '>' : '<'} ${Number(outcome.staticThreshold.threshold.toPrecision(4))}`,
    formatDuration(outcome.staticThreshold.forMs),
    outcome.falseAlertsPerWeek.toFixed(2),
  ]);
  return [
    table(
      [
        'scenario',
        'family',
        'detected',
        'alert after start',
        'static fires after start',
        'lead vs static',
        'alerts in history',
      ],
      scenarioRows,
    ),
    `median lead vs static: ${formatLead(report.medianLeadMs)}`,
    '',
    table(['family', 'static threshold', 'for', 'false alerts/week (clean)'], familyRows),
  ].join('\n');
}

function afterStart(tsMs: number | null, startMs: number): string {
  return tsMs === null ? 'never' : formatDuration(Math.round((tsMs - startMs) / 60_000) * 60_000);
}

function formatLead(leadMs: number): string {
  if (leadMs === Infinity) {
    return 'static never fires';
  }
  if (leadMs === -Infinity) {
    return 'missed';
  }
  const minutes = Math.round(leadMs / 60_000);
  return minutes < 0 ? `-${formatDuration(-minutes * 60_000)}` : formatDuration(minutes * 60_000);
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
