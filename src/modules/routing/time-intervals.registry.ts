import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { AppConfig } from 'src/config/app-config';
import { formatRuleProblem, loadRoutingConfig } from 'src/core/routing/load-routing-config';
import { TimeInterval } from 'src/core/routing/time-interval';
import { APP_CONFIG } from 'src/infra/config/config.module';

const WATCH_DEBOUNCE_MS = 200;

/**
 * The named `time_intervals` of `routing.yaml` (ROUTING_FILE), which rules name in `exclude:` (maintenance windows,
 * holidays). Loaded at start and, with RULES_WATCH, again when the file changes; a file with errors keeps the
 * previous intervals and logs every problem. No file means no intervals.
 */
@Injectable()
export class TimeIntervalsRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TimeIntervalsRegistry.name);
  private intervals: ReadonlyMap<string, readonly TimeInterval[]> = new Map();
  private watcher?: FSWatcher;
  private debounce?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    await this.load();
    if (this.config.RULES_WATCH) {
      const file = basename(this.config.ROUTING_FILE);
      this.watcher = watch(dirname(this.config.ROUTING_FILE), (_event, changed) => {
        if (changed === file) {
          clearTimeout(this.debounce);
          this.debounce = setTimeout(() => void this.load(), WATCH_DEBOUNCE_MS);
        }
      });
      this.watcher.on('error', (error) =>
        this.logger.error(`watching ${this.config.ROUTING_FILE} failed: ${error.message}`),
      );
    }
  }

  onApplicationShutdown(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  /** The entries of the named interval; throws naming the file when there is no such interval. */
  named(name: string): readonly TimeInterval[] {
    const intervals = this.intervals.get(name);
    if (intervals === undefined) {
      throw new Error(`exclude: no time interval named "${name}" in ${this.config.ROUTING_FILE}`);
    }
    return intervals;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.config.ROUTING_FILE, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.intervals = new Map();
        return;
      }
      this.logger.error(`cannot read ${this.config.ROUTING_FILE}: ${(error as Error).message}`);
      return;
    }
    const loaded = loadRoutingConfig(this.config.ROUTING_FILE, text);
    for (const problem of loaded.problems) {
      (problem.severity === 'error'
        ? this.logger.error.bind(this.logger)
        : this.logger.warn.bind(this.logger))(formatRuleProblem(problem));
    }
    if (loaded.config !== undefined) {
      this.intervals = loaded.config.timeIntervals;
    }
  }
}
