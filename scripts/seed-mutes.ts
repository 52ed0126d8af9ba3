import { createHash } from 'node:crypto';
import { SeedIncident } from './seed-history-data';

/**
 * What `seed:history` adds for the silences page and the alert history: a maintenance silence over every fifth
 * resolved incident's first alert (expired now), an inhibition of every seventh by a node outage, and one silence
 * active now (notifications' maintenance). Deterministic for the given incidents.
 */
export interface SeedSilence {
  readonly id: string;
  readonly matchers: ReadonlyArray<{ name: string; op: '='; value: string }>;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly createdBy: string;
  readonly comment: string;
}

export interface SeedMute {
  readonly incidentId: string;
  readonly fingerprint: string;
  readonly kind: 'silenced' | 'inhibited';
  readonly reason: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number | null;
}

const MINUTE = 60_000;

/** A stable UUID-shaped id from a text (the seed replaces its rows on every run). */
function idOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function seedMutes(
  incidents: readonly SeedIncident[],
  nowMs: number,
): { silences: SeedSilence[]; mutes: SeedMute[] } {
  const silences: SeedSilence[] = [
    {
      id: idOf(`seed-active-${nowMs}`),
      matchers: [{ name: 'service', op: '=', value: 'notifications' }],
      startsAtMs: nowMs - 30 * MINUTE,
      endsAtMs: nowMs + 90 * MINUTE,
      createdBy: 'ana',
      comment: 'queue cluster upgrade, OPS-311',
    },
  ];
  const mutes: SeedMute[] = [];
  incidents.forEach((incident, index) => {
    const [fingerprint] = incident.fingerprints;
    if (fingerprint === undefined || incident.resolvedAtMs === null) {
      return;
    }
    if (index % 5 === 2) {
      const silence: SeedSilence = {
        id: idOf(`seed-silence-${incident.id}`),
        matchers: [
          { name: 'alertname', op: '=', value: incident.ruleName },
          { name: 'service', op: '=', value: incident.service },
        ],
        startsAtMs: incident.startedAtMs - 10 * MINUTE,
        endsAtMs: incident.startedAtMs + 20 * MINUTE,
        createdBy: 'bo',
        comment: `planned ${incident.service} maintenance`,
      };
      silences.push(silence);
      mutes.push({
        incidentId: incident.id,
        fingerprint,
        kind: 'silenced',
        reason: `silenced by ${silence.id}`,
        startedAtMs: incident.startedAtMs,
        endedAtMs: Math.min(silence.endsAtMs, incident.resolvedAtMs),
      });
    } else if (index % 7 === 3) {
      mutes.push({
        incidentId: incident.id,
        fingerprint,
        kind: 'inhibited',
        reason: `inhibited by {alertname="NodeDown", service="${incident.service}", severity="critical"}`,
        startedAtMs: incident.startedAtMs,
        endedAtMs: Math.min(incident.startedAtMs + 10 * MINUTE, incident.resolvedAtMs),
      });
    }
  });
  return { silences, mutes };
}
