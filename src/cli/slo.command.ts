import { readFile, stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadRuleFiles } from '../core/rules/load-rule-file';
import { formatRuleProblem, hasErrors } from '../core/rules/rule-problem';
import { SloRule } from '../core/rules/rule-file.schema';
import { importSloFile } from '../core/slo-import/import-slo-file';
import {
  PrometheusRuleGroup,
  prometheusRuleFileText,
  sloPrometheusRules,
} from '../core/slo/prometheus-rules';
import { readRuleFolder } from '../modules/rules/rule-registry.service';

type Write = (line: string) => void;

const IMPORT_USAGE = 'usage: forewarn slo import FILE [--out FILE]';
const EXPORT_USAGE = 'usage: forewarn slo export-prometheus [RULES_PATH] [--out FILE]';

/**
 * `forewarn slo import FILE [--out FILE]`: a Sloth or OpenSLO file as a forewarn rule file, on stdout or in
 * `--out`. Problems go to stderr as `file:line:col: severity: message`. Exit code: 0 imported (perhaps with
 * warnings), 1 errors (nothing is written), 2 usage.
 */
export async function runSloImportCommand(args: string[], out: Write, err: Write): Promise<number> {
  const parsed = parse(args, IMPORT_USAGE, err);
  if (parsed === undefined) {
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    err(IMPORT_USAGE);
    return 2;
  }
  const text = await readText(file, err);
  if (text === undefined) {
    return 1;
  }
  const result = importSloFile(file, text);
  result.problems.forEach((problem) => err(formatRuleProblem(problem)));
  if (result.text === undefined) {
    return 1;
  }
  await emit(result.text, parsed.out, out);
  return 0;
}

/**
 * `forewarn slo export-prometheus [RULES_PATH] [--out FILE]`: Prometheus recording and alerting rules for every SLO
 * of the rule files in RULES_PATH (a file or a folder; default RULES_DIR), on stdout or in `--out`. Rule-file
 * problems and the SLO settings Prometheus cannot express go to stderr. Exit code: 0 written, 1 the rule files have
 * errors, 2 usage.
 */
export async function runSloExportPrometheusCommand(
  args: string[],
  defaultRulesPath: () => string,
  out: Write,
  err: Write,
): Promise<number> {
  const parsed = parse(args, EXPORT_USAGE, err);
  if (parsed === undefined) {
    return 2;
  }
  if (parsed.positionals.length > 1) {
    err(EXPORT_USAGE);
    return 2;
  }
  const path = parsed.positionals[0] ?? defaultRulesPath();
  const files = await readRuleFiles(path, err);
  if (files === undefined) {
    return 1;
  }
  const { groups, problems } = loadRuleFiles(files);
  problems.forEach((problem) => err(formatRuleProblem(problem)));
  if (hasErrors(problems)) {
    return 1;
  }
  const exported: PrometheusRuleGroup[] = [];
  for (const group of groups) {
    for (const rule of group.rules.filter((entry): entry is SloRule => entry.kind === 'slo')) {
      const rules = sloPrometheusRules(rule, {
        name: group.name,
        intervalMs: group.intervalMs,
        labels: group.labels,
      });
      rules.warnings.forEach((warning) => err(`${group.file}: warning: SLO "${rule.name}": ${warning}`));
      exported.push(rules.group);
    }
  }
  await emit(prometheusRuleFileText(exported), parsed.out, out);
  err(`${exported.length} SLO(s) exported from ${files.length} file(s)`);
  return 0;
}

/** The arguments; undefined (after printing why, and the usage) when they do not parse. */
function parse(
  args: string[],
  usage: string,
  err: Write,
): { positionals: string[]; out?: string } | undefined {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { out: { type: 'string' } },
      allowPositionals: true,
    });
    return { positionals, ...(values.out === undefined ? {} : { out: values.out }) };
  } catch (error) {
    err(`forewarn slo: ${(error as Error).message}`);
    err(usage);
    return undefined;
  }
}

async function readText(file: string, err: Write): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    err(`${file}: error: cannot read the file: ${(error as Error).message}`);
    return undefined;
  }
}

/** The rule files at `path`: the file itself, or the `*.yaml` files of a folder. */
async function readRuleFiles(
  path: string,
  err: Write,
): Promise<Array<{ file: string; text: string }> | undefined> {
  try {
    if ((await stat(path)).isDirectory()) {
      return await readRuleFolder(path);
    }
  } catch (error) {
    err(`${path}: error: cannot read the rules: ${(error as Error).message}`);
    return undefined;
  }
  const text = await readText(path, err);
  return text === undefined ? undefined : [{ file: path, text }];
}

/** Writes a whole file's text to `file`, or to stdout line by line. */
async function emit(text: string, file: string | undefined, out: Write): Promise<void> {
  if (file === undefined) {
    out(text.replace(/\n$/, ''));
  } else {
    await writeFile(file, text);
  }
}
