/** SLO maths: error budget, window counts from counters, burn-rate alerts, windows, exhaustion forecast. */
export * from './error-budget';
export * from './window-counts';
export * from './burn-rate-alerts';
export * from './calendar-window';
export * from './exhaustion-forecast';
export * from './maintenance-exclusion';
export * from './budget-at';
