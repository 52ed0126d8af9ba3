import { forewarnDetect } from './forewarn-detect';
import { formatReport } from './format-report';
import { runScenarios } from './run-scenarios';

/**
 * Prints the scenario tables for forewarn's own rules:
 * `node -r @swc-node/register test/scenarios/report-scenarios.ts`.
 */
process.stdout.write(`${formatReport(runScenarios(forewarnDetect))}\n`);
