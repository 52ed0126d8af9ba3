import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { AppConfig } from 'src/config/app-config';
import { Integration, resolveIntegrations } from 'src/core/dispatch/integrations';
import { RoutingConfig, formatRuleProblem, loadRoutingConfig } from 'src/core/routing/load-routing-config';
import { TimeInterval } from 'src/core/routing/time-interval';
import { APP_CONFIG } from 'src/infra/config/config.module';
import { integrationEnvironment } from './integration-environment';

const WATCH_DEBOUNCE_MS = 200;

/**
 * Without a routing file, every alert goes to one receiver made of the integrations the environment configures
 * (SLACK_BOT_TOKEN + SLACK_CHANNEL, SMTP_HOST + EMAIL_TO, WEBHOOK_URL), grouped by service and alert name.
 */
export const DEFAULT_ROUTING_YAML = `
route:
  receiver: default
receivers:
  - name: default
    slack_configs: [{ send_resolved: true }]
    email_configs: [{ send_resolved: true }]
    webhook_configs: [{ url_env: WEBHOOK_URL, send_resolved: true }]
`;

/**
 * `routing.yaml` (ROUTING_FILE): the route tree, receivers, inhibition rules and named time intervals. Loaded at
 * start and, with RULES_WATCH, again when the file changes; a file with errors keeps the previous configuration and
 * logs every problem as file:line:col. No file means the built-in default route.
 */
@Injectable()
export class RoutingRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RoutingRegistry.name);
  private current!: RoutingConfig;
  private integrationsByReceiver = new Map<string, readonly Integration[]>();
  private watcher?: FSWatcher;
  private debounce?: NodeJS.Timeout;
  private lastError?: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.apply(this.defaultConfig(), 'built-in default route');
  }

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

  routing(): RoutingConfig {
    return this.current;
  }

  /** The integrations of a receiver that can deliver; none for an unknown receiver (it was removed by a reload). */
  integrations(receiver: string): readonly Integration[] {
    return this.integrationsByReceiver.get(receiver) ?? [];
  }

  /** Why the last load of the file failed, when it did (the previous configuration is still in use). */
  loadError(): string | undefined {
    return this.lastError;
  }

  /** The entries of the named interval; throws naming the file when there is no such interval. */
  named(name: string): readonly TimeInterval[] {
    const intervals = this.current.timeIntervals.get(name);
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
        this.apply(this.defaultConfig(), 'built-in default route');
        return;
      }
      this.lastError = `cannot read ${this.config.ROUTING_FILE}: ${(error as Error).message}`;
      this.logger.error(this.lastError);
      return;
    }
    const loaded = loadRoutingConfig(this.config.ROUTING_FILE, text);
    for (const problem of loaded.problems) {
      (problem.severity === 'error'
        ? this.logger.error.bind(this.logger)
        : this.logger.warn.bind(this.logger))(formatRuleProblem(problem));
    }
    if (loaded.config === undefined) {
      this.lastError = `${this.config.ROUTING_FILE} has errors; the previous routing stays in use`;
      return;
    }
    this.apply(loaded.config, this.config.ROUTING_FILE);
  }

  private apply(config: RoutingConfig, source: string): void {
    const env = integrationEnvironment(this.config);
    const byReceiver = new Map<string, readonly Integration[]>();
    const problems: string[] = [];
    for (const receiver of config.receivers) {
      const resolved = resolveIntegrations(receiver, env);
      byReceiver.set(receiver.name, resolved.integrations);
      problems.push(...resolved.problems);
    }
    const quiet = source === 'built-in default route';
    for (const problem of problems) {
      if (!quiet) {
        this.logger.warn(problem);
      }
    }
    this.current = config;
    this.integrationsByReceiver = byReceiver;
    this.lastError = undefined;
    const integrations = [...byReceiver.values()].flat().map((integration) => integration.key);
    this.logger.log(
      `routing from ${source}: ${integrations.length === 0 ? 'no integrations' : integrations.join(', ')}`,
    );
  }

  private defaultConfig(): RoutingConfig {
    const loaded = loadRoutingConfig('(built-in)', DEFAULT_ROUTING_YAML);
    if (loaded.config === undefined) {
      throw new Error(`built-in routing is invalid: ${loaded.problems.map(formatRuleProblem).join('; ')}`);
    }
    return loaded.config;
  }
}
