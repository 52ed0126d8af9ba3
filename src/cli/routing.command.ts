import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { RoutingConfig, loadRoutingConfig } from '../core/routing/load-routing-config';
import { formatRouteTest, parseRouteTestLabels } from '../core/routing/route-tree';
import { formatRuleProblem } from '../core/rules/rule-problem';

type Write = (line: string) => void;

/** Reads and validates one routing file, printing its problems; undefined when it has errors or cannot be read. */
async function loadFile(file: string, err: Write): Promise<RoutingConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    err(`${file}: error: cannot read the routing file: ${(error as Error).message}`);
    return undefined;
  }
  const { config, problems } = loadRoutingConfig(file, text);
  for (const problem of problems) {
    err(formatRuleProblem(problem));
  }
  return config;
}

/** `forewarn routing check [FILE...]`: every problem as `file:line:col: severity: message`; exit 1 on errors. */
export async function runRoutingCheckCommand(
  paths: string[],
  defaultFile: string,
  out: Write,
  err: Write,
): Promise<number> {
  let failed = 0;
  const files = paths.length > 0 ? paths : [defaultFile];
  for (const file of files) {
    const config = await loadFile(file, err);
    if (config === undefined) {
      failed += 1;
    } else {
      out(
        `${file}: ${config.receivers.length} receiver(s), ${config.inhibitRules.length} inhibit rule(s): OK`,
      );
    }
  }
  return failed > 0 ? 1 : 0;
}

/**
 * `forewarn routing test [--config FILE] label=value ...`: the receivers an alert with these labels reaches, in
 * order and comma-separated, as `amtool config routes test` prints them.
 */
export async function runRoutingTestCommand(
  args: string[],
  defaultFile: string,
  out: Write,
  err: Write,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: 'string', default: defaultFile } },
    allowPositionals: true,
  });
  const labels = parseRouteTestLabels(positionals);
  if (!labels.ok) {
    err(`forewarn routing test: ${labels.message}`);
    return 2;
  }
  const config = await loadFile(values.config, err);
  if (config === undefined) {
    return 1;
  }
  out(formatRouteTest(config.route, labels.labels));
  return 0;
}
