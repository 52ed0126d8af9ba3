import { AlertState } from './alert-state';
import { RESOLVED_RETENTION_MS } from './alert-state';
import { retireAlerts } from './retire-alerts';

const T0 = Date.UTC(2026, 10, 26, 12);

const alert = (overrides: Partial<AlertState>): AlertState => ({
  fingerprint: 'f',
  labels: { alertname: 'Gone', service: 'a' },
  annotations: { summary: 'x' },
  status: 'firing',
  value: 1,
  activeAtMs: T0 - 60_000,
  firedAtMs: T0 - 30_000,
  lastEvalMs: T0 - 15_000,
  ...overrides,
});

describe('retireAlerts', () => {
  it('resolves firing alerts at once, even with keep_firing_for or min_firing on the removed rule', () => {
    const result = retireAlerts('Gone', [alert({ keepFiringSinceMs: T0 - 5_000 })], T0);
    expect(result.transitions.map((t) => [t.kind, t.alert.resolvedAtMs])).toEqual([['resolved', T0]]);
    expect(result.alerts.map((a) => a.status)).toEqual(['inactive']);
  });

  it('forgets pending alerts silently and lets resolved ones age out', () => {
    const pending = alert({ fingerprint: 'p', status: 'pending', firedAtMs: undefined });
    const fresh = alert({ fingerprint: 'r1', status: 'inactive', resolvedAtMs: T0 - 60_000 });
    const old = alert({ fingerprint: 'r2', status: 'inactive', resolvedAtMs: T0 - RESOLVED_RETENTION_MS });
    const result = retireAlerts('Gone', [pending, fresh, old], T0);
    expect(result.transitions).toEqual([]);
    expect(result.alerts.map((a) => a.fingerprint)).toEqual(['r1']);
  });
});
