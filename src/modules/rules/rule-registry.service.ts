import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from 'src/config/app-config';
import { CompiledAlertRule, compileAlertRule } from 'src/core/evaluation/compile-alert-rule';
import { RuleProblem, formatRuleProblem, loadRuleFiles } from 'src/core/rules/load-rule-file';
import { RuleGroup } from 'src/core/rules/rule-file.schema';
import { APP_CONFIG } from 'src/infra/config/config.module';

export interface CompiledRuleGroup {
  readonly group: RuleGroup;
  readonly rules: readonly CompiledAlertRule[];
}

/** Reads every `*.yaml` directly in a folder, in name order. */
export async function readRuleFolder(dir: string): Promise<Array<{ file: string; text: string }>> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => ({ file: join(dir, name), text: await readFile(join(dir, name), 'utf8') })),
  );
}

/** The loaded rule groups. Files with errors are left out and their problems logged as `file:line:col: message`. */
@Injectable()
export class RuleRegistry implements OnModuleInit {
  private readonly logger = new Logger(RuleRegistry.name);
  private groups = new Map<string, CompiledRuleGroup>();
  private problems: RuleProblem[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.load();
  }

  async load(): Promise<void> {
    const loaded = loadRuleFiles(await readRuleFolder(this.config.RULES_DIR));
    for (const problem of loaded.problems) {
      const line = formatRuleProblem(problem);
      if (problem.severity === 'error') {
        this.logger.error(line);
      } else {
        this.logger.warn(line);
      }
    }
    this.problems = loaded.problems;
    this.groups = new Map(
      loaded.groups.map((group) => [
        group.name,
        { group, rules: group.rules.map((rule) => compileAlertRule(group, rule)) },
      ]),
    );
    const ruleCount = loaded.groups.reduce((sum, group) => sum + group.rules.length, 0);
    this.logger.log(
      `loaded ${ruleCount} rule(s) in ${loaded.groups.length} group(s) from ${this.config.RULES_DIR}`,
    );
  }

  group(name: string): CompiledRuleGroup | undefined {
    return this.groups.get(name);
  }

  allGroups(): CompiledRuleGroup[] {
    return [...this.groups.values()];
  }

  loadProblems(): readonly RuleProblem[] {
    return this.problems;
  }
}
