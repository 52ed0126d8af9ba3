import { isRecord } from '../rules/describe-value';
import { PositionedProblem, parseRuleYaml } from '../rules/parse-rule-yaml';
import { RuleProblem, hasErrors, sortRuleProblems } from '../rules/rule-problem';
import { ruleFileErrorMap, schemaProblems } from '../rules/schema-problems';
import { DataPath, YamlLocator } from '../rules/yaml-positions';
import { didYouMean } from '../templates/did-you-mean';
import { LabelMatcher } from './label-matchers';
import { Route, buildRouteTree, routeMatchers } from './route-tree';
import {
  EmailConfig,
  IGNORED_KEYS,
  RawInhibitRule,
  RoutingFile,
  SlackConfig,
  UNSUPPORTED_INTEGRATIONS,
  WebhookConfig,
  routingFileSchema,
} from './routing-config.schema';
import { TimeInterval } from './time-interval';

export type { RuleProblem } from '../rules/rule-problem';
export { formatRuleProblem } from '../rules/rule-problem';

export interface Receiver {
  readonly name: string;
  readonly slack: readonly SlackConfig[];
  readonly email: readonly EmailConfig[];
  readonly webhook: readonly WebhookConfig[];
}

export interface InhibitRule {
  readonly sourceMatchers: readonly LabelMatcher[];
  readonly targetMatchers: readonly LabelMatcher[];
  readonly equal: readonly string[];
}

export interface RoutingConfig {
  readonly route: Route;
  readonly receivers: readonly Receiver[];
  readonly inhibitRules: readonly InhibitRule[];
  /** Named intervals from `time_intervals` and the deprecated `mute_time_intervals`. */
  readonly timeIntervals: ReadonlyMap<string, readonly TimeInterval[]>;
}

export interface LoadedRoutingConfig {
  /** Undefined when there is any error; warnings are fine. */
  readonly config: RoutingConfig | undefined;
  /** Every problem, errors and warnings, by position. */
  readonly problems: RuleProblem[];
}

/** Parses and validates `routing.yaml`. Pure: the caller reads the file. */
export function loadRoutingConfig(file: string, text: string): LoadedRoutingConfig {
  const withFile = (problem: PositionedProblem): RuleProblem => ({ file, ...problem });
  const yaml = parseRuleYaml(text);
  if (!yaml.ok) {
    const problems = yaml.problems.map((problem) =>
      problem.message.startsWith('file is empty')
        ? { ...problem, message: 'file is empty; expected "route:" and "receivers:"' }
        : problem,
    );
    return { config: undefined, problems: problems.map(withFile) };
  }
  const parsed = routingFileSchema.safeParse(yaml.data, { error: ruleFileErrorMap });
  const problems = sortRuleProblems(
    [
      ...yaml.problems,
      ...(parsed.success ? [] : schemaProblems(parsed.error.issues, yaml.data, yaml.locator)),
      ...referenceProblems(yaml.data, yaml.locator),
      ...webhookUrlProblems(yaml.data, yaml.locator),
      ...warnings(yaml.data, yaml.locator),
    ].map(withFile),
  );
  if (!parsed.success || hasErrors(problems)) {
    return { config: undefined, problems };
  }
  return { config: buildConfig(parsed.data), problems };
}

function buildConfig(file: RoutingFile): RoutingConfig {
  const timeIntervals = new Map<string, readonly TimeInterval[]>();
  for (const entry of [...(file.time_intervals ?? []), ...(file.mute_time_intervals ?? [])]) {
    timeIntervals.set(entry.name, entry.time_intervals);
  }
  return {
    route: buildRouteTree(file.route),
    receivers: file.receivers.map((receiver) => ({
      name: receiver.name,
      slack: receiver.slack_configs ?? [],
      email: receiver.email_configs ?? [],
      webhook: receiver.webhook_configs ?? [],
    })),
    inhibitRules: (file.inhibit_rules ?? []).map(inhibitRule),
    timeIntervals,
  };
}

function inhibitRule(raw: RawInhibitRule): InhibitRule {
  return {
    sourceMatchers: routeMatchers({
      match: raw.source_match,
      match_re: raw.source_match_re,
      matchers: raw.source_matchers,
    }),
    targetMatchers: routeMatchers({
      match: raw.target_match,
      match_re: raw.target_match_re,
      matchers: raw.target_matchers,
    }),
    equal: raw.equal ?? [],
  };
}

interface NameAt {
  readonly name: string;
  readonly path: DataPath;
}

/** `name:` values of a top-level list, with their paths. */
function namesOf(data: Record<string, unknown>, key: string): NameAt[] {
  const list = data[key];
  if (!Array.isArray(list)) {
    return [];
  }
  return list.flatMap((entry: unknown, index) =>
    isRecord(entry) && typeof entry.name === 'string'
      ? [{ name: entry.name, path: [key, index, 'name'] }]
      : [],
  );
}

/** Duplicate names, undefined receivers and time intervals, and the root route's restrictions. */
function referenceProblems(data: unknown, locator: YamlLocator): PositionedProblem[] {
  if (!isRecord(data)) {
    return [];
  }
  const problems: PositionedProblem[] = [];
  const at = (path: DataPath, message: string, severity: 'error' | 'warning' = 'error') => {
    problems.push({ ...locator.value(path), severity, message });
  };
  const receivers = namesOf(data, 'receivers');
  const intervals = [...namesOf(data, 'time_intervals'), ...namesOf(data, 'mute_time_intervals')];
  for (const [list, what] of [
    [receivers, 'receiver'],
    [intervals, 'time interval'],
  ] as const) {
    const first = new Map<string, NameAt>();
    for (const entry of list) {
      const earlier = first.get(entry.name);
      if (earlier === undefined) {
        first.set(entry.name, entry);
        continue;
      }
      const where = locator.value(earlier.path);
      at(
        entry.path,
        `duplicate ${what} name "${entry.name}" (first defined at line ${where.line}:${where.col})`,
      );
    }
  }
  const receiverNames = receivers.map((entry) => entry.name);
  const intervalNames = intervals.map((entry) => entry.name);
  const root = data.route;
  if (!isRecord(root)) {
    return problems;
  }
  if (root.receiver === undefined) {
    at(['route'], 'root route must specify a default receiver');
  }
  for (const key of ['match', 'match_re', 'matchers']) {
    if (root[key] !== undefined) {
      at(['route', key], 'root route must not have any matchers');
    }
  }
  for (const key of ['mute_time_intervals', 'active_time_intervals']) {
    if (root[key] !== undefined) {
      at(['route', key], `root route must not have any ${key.replace(/_/g, ' ')}`);
    }
  }
  if (root.continue !== undefined) {
    at(['route', 'continue'], 'continue has no effect on the root route', 'warning');
  }
  const visit = (route: unknown, path: DataPath) => {
    if (!isRecord(route)) {
      return;
    }
    if (typeof route.receiver === 'string' && !receiverNames.includes(route.receiver)) {
      at(
        [...path, 'receiver'],
        `undefined receiver "${route.receiver}" used in route${didYouMean(route.receiver, receiverNames)}`,
      );
    }
    for (const key of ['mute_time_intervals', 'active_time_intervals']) {
      const names = route[key];
      if (!Array.isArray(names)) {
        continue;
      }
      names.forEach((name: unknown, index) => {
        if (typeof name === 'string' && !intervalNames.includes(name)) {
          at(
            [...path, key, index],
            `undefined time interval "${name}" used in route${didYouMean(name, intervalNames)}`,
          );
        }
      });
    }
    if (Array.isArray(route.routes)) {
      route.routes.forEach((child: unknown, index) => visit(child, [...path, 'routes', index]));
    }
  };
  visit(root, ['route']);
  return problems;
}

/** Keys forewarn accepts for compatibility but does not use. */
function warnings(data: unknown, locator: YamlLocator): PositionedProblem[] {
  if (!isRecord(data)) {
    return [];
  }
  const problems: PositionedProblem[] = [];
  const warn = (path: DataPath, message: string) => {
    problems.push({ ...locator.key(path), severity: 'warning', message });
  };
  if (data.global !== undefined) {
    warn(['global'], '"global" is ignored; forewarn takes SMTP and Slack settings from its environment');
  }
  if (data.templates !== undefined) {
    warn(['templates'], '"templates" is ignored; forewarn renders its own notification messages');
  }
  if (data.mute_time_intervals !== undefined) {
    warn(['mute_time_intervals'], '"mute_time_intervals" is deprecated; use "time_intervals"');
  }
  const receivers = Array.isArray(data.receivers) ? (data.receivers as unknown[]) : [];
  receivers.forEach((receiver, index) => {
    if (!isRecord(receiver)) {
      return;
    }
    for (const key of UNSUPPORTED_INTEGRATIONS) {
      if (receiver[key] !== undefined) {
        warn(
          ['receivers', index, key],
          `"${key}" is ignored; forewarn delivers slack_configs, email_configs and webhook_configs only`,
        );
      }
    }
    for (const [integration, keys] of Object.entries(IGNORED_KEYS)) {
      const configs = receiver[integration];
      if (!Array.isArray(configs)) {
        continue;
      }
      configs.forEach((config: unknown, configIndex) => {
        if (!isRecord(config)) {
          return;
        }
        for (const key of keys) {
          if (config[key] !== undefined) {
            warn(['receivers', index, integration, configIndex, key], `"${key}" is ignored by forewarn`);
          }
        }
      });
    }
  });
  return problems;
}

/** A webhook needs exactly one of `url` and `url_env`. */
function webhookUrlProblems(data: unknown, locator: YamlLocator): PositionedProblem[] {
  if (!isRecord(data) || !Array.isArray(data.receivers)) {
    return [];
  }
  const problems: PositionedProblem[] = [];
  (data.receivers as unknown[]).forEach((receiver, index) => {
    if (!isRecord(receiver) || !Array.isArray(receiver.webhook_configs)) {
      return;
    }
    (receiver.webhook_configs as unknown[]).forEach((config, configIndex) => {
      if (!isRecord(config)) {
        return;
      }
      const path = ['receivers', index, 'webhook_configs', configIndex];
      const hasUrl = config.url !== undefined;
      const hasEnv = config.url_env !== undefined;
      if (hasUrl === hasEnv) {
        problems.push({
          ...locator.value(hasUrl ? [...path, 'url_env'] : path),
          severity: 'error',
          message: hasUrl
            ? 'set either "url" or "url_env", not both'
            : 'missing "url" (or "url_env" naming an environment variable that holds it)',
        });
      }
    });
  });
  return problems;
}
