export * from './forecast-model';
export { forecastTimeToThreshold } from './time-to-threshold';
export { theilSenLine } from './fast-theil-sen';
