import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { FSWatcher, watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from 'src/config/app-config';
import { compileRule } from 'src/core/evaluation/compile-rule';
import { CompiledRule } from 'src/core/evaluation/compiled-rule';
import { RuleProblem, formatRuleProblem, loadRuleFiles } from 'src/core/rules/load-rule-file';
import { RuleGroup } from 'src/core/rules/rule-file.schema';
import { Clock } from 'src/infra/clock';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { TelemetryService } from 'src/infra/telemetry/telemetry.service';

export interface CompiledRuleGroup {
  readonly group: RuleGroup;
  /** The rules this version of forewarn evaluates (threshold and recording rules), in file order. */
  readonly rules: readonly CompiledRule[];
}

export interface ReloadOutcome {
  readonly success: boolean;
  readonly atMs: number;
  readonly problems: readonly RuleProblem[];
  readonly groups: number;
  readonly rules: number;
}

const WATCH_DEBOUNCE_MS = 250;

/** Reads every `*.yaml`/`*.yml` directly in a folder, in name order. */
export async function readRuleFolder(dir: string): Promise<Array<{ file: string; text: string }>> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => ({ file: join(dir, name), text: await readFile(join(dir, name), 'utf8') })),
  );
}

function compileGroup(group: RuleGroup): CompiledRuleGroup {
  return { group, rules: group.rules.map((rule) => compileRule(group, rule)) };
}

/**
 * The running rule set, loaded from RULES_DIR and reloaded when its files change or on request.
 * Reload is atomic: when any file has an error, the previous set keeps running and the problems are logged and
 * reported (health, `/metrics`, the rules API). At start, when there is no previous set, the files without errors
 * are loaded, so that one broken file does not switch off every alert.
 * Alert state lives in the database keyed by group, rule and labels, so unchanged rules keep it across reloads.
 */
@Injectable()
export class RuleRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RuleRegistry.name);
  private groups = new Map<string, CompiledRuleGroup>();
  private last: ReloadOutcome = { success: false, atMs: 0, problems: [], groups: 0, rules: 0 };
  private watcher?: FSWatcher;
  private debounce?: NodeJS.Timeout;
  private reloading: Promise<ReloadOutcome> = Promise.resolve(this.last);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly telemetry: TelemetryService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.load({ partial: true });
    if (this.config.RULES_WATCH) {
      this.watcher = watch(this.config.RULES_DIR, () => this.scheduleReload());
      this.watcher.on('error', (error) =>
        this.logger.error(`watching ${this.config.RULES_DIR} failed: ${error.message}`),
      );
    }
  }

  onApplicationShutdown(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  /** Reloads every rule file, all or nothing. Concurrent calls run one after the other. */
  reload(): Promise<ReloadOutcome> {
    this.reloading = this.reloading.then(() => this.load({ partial: false }));
    return this.reloading;
  }

  group(name: string): CompiledRuleGroup | undefined {
    return this.groups.get(name);
  }

  allGroups(): CompiledRuleGroup[] {
    return [...this.groups.values()];
  }

  lastReload(): ReloadOutcome {
    return this.last;
  }

  private scheduleReload(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), WATCH_DEBOUNCE_MS);
  }

  private async load(options: { partial: boolean }): Promise<ReloadOutcome> {
    const atMs = this.clock.nowMs();
    let outcome: ReloadOutcome;
    try {
      const loaded = loadRuleFiles(await readRuleFolder(this.config.RULES_DIR));
      for (const problem of loaded.problems) {
        const line = formatRuleProblem(problem);
        if (problem.severity === 'error') {
          this.logger.error(line);
        } else {
          this.logger.warn(line);
        }
      }
      const success = !loaded.problems.some((problem) => problem.severity === 'error');
      if (success || options.partial) {
        this.groups = new Map(loaded.groups.map((group) => [group.name, compileGroup(group)]));
      }
      const rules = this.allGroups().reduce((sum, group) => sum + group.group.rules.length, 0);
      outcome = { success, atMs, problems: loaded.problems, groups: this.groups.size, rules };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`reading rules from ${this.config.RULES_DIR} failed: ${message}`);
      const problem: RuleProblem = {
        file: this.config.RULES_DIR,
        line: 1,
        col: 1,
        severity: 'error',
        message,
      };
      outcome = { ...this.last, success: false, atMs, problems: [problem] };
    }
    this.last = outcome;
    this.telemetry.rulesLastReloadSuccess.set(outcome.success ? 1 : 0);
    this.telemetry.rulesLastReloadTimestamp.set(atMs / 1000);
    this.telemetry.rulesLoaded.set(outcome.rules);
    const verdict = outcome.success
      ? 'loaded'
      : options.partial
        ? 'loaded with errors'
        : 'kept the previous rules: errors in';
    this.logger.log(
      `${verdict} ${this.config.RULES_DIR}: ${outcome.rules} rule(s) in ${outcome.groups} group(s)`,
    );
    return outcome;
  }
}
