/** How far back an instant selector looks for a series' newest sample (Prometheus default: 5 minutes). */
export const LOOKBACK_MS = 5 * 60_000;
