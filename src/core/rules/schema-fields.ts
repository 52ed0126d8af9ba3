import { z } from 'zod';
import { InvalidDurationError, parseDuration } from '../time/duration';
import { compileTemplate } from '../templates/render-template';
import { didYouMean } from '../templates/did-you-mean';
import { describeValue, isRecord } from './describe-value';

/** Building blocks of the rule-file schema. Messages here are final; the loader only prefixes the field name. */

export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
export const SEVERITIES = ['critical', 'warning', 'info'] as const;

/** Extra data on custom issues: where inside the value the problem is (0-based offset into the string). */
export interface IssueLocation {
  readonly offset?: number;
}

/**
 * A strict object: unknown keys are errors. The message of an `unrecognized_keys` issue has one line per unknown
 * key, in the order of `issue.keys`, each with a suggestion for near misses.
 */
export function strictObject<const Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `unknown key "${key}"${didYouMean(key, known)}`).join('\n')
        : undefined,
  });
}

/** A Prometheus duration string (`30s`, `1h30m`), parsed to milliseconds. */
export function durationSchema(options: { positive?: boolean } = {}) {
  return z
    .string({ error: (issue) => `expected a duration like "30s", got ${describeValue(issue.input)}` })
    .transform((text, ctx) => {
      let ms: number;
      try {
        ms = parseDuration(text);
      } catch (error) {
        if (!(error instanceof InvalidDurationError)) {
          throw error;
        }
        ctx.issues.push({ code: 'custom', message: error.message, input: text });
        return z.NEVER;
      }
      if (options.positive === true && ms <= 0) {
        ctx.issues.push({ code: 'custom', message: 'must be longer than 0s', input: text });
        return z.NEVER;
      }
      return ms;
    });
}

/** Alert and label names: `[a-zA-Z_][a-zA-Z0-9_]*`. */
export function identifierSchema(what: string) {
  return z.string().regex(LABEL_NAME_PATTERN, {
    error: (issue) =>
      `${describeValue(issue.input)} is not a valid ${what}; use letters, digits and underscores, not starting with a digit`,
  });
}

const labelValueSchema = z.string({
  error: (issue) =>
    typeof issue.input === 'number' || typeof issue.input === 'boolean'
      ? `expected a string, got ${describeValue(issue.input)}; quote it, e.g. "${String(issue.input)}"`
      : undefined,
});

/** Label sets (group and rule labels). `severity`, when present, must be one of SEVERITIES. */
export const labelsSchema = z.record(identifierSchema('label name'), labelValueSchema).superRefine(
  (labels, ctx) => {
    const severity = labels.severity;
    if (typeof severity === 'string' && !SEVERITIES.some((allowed) => allowed === severity)) {
      ctx.addIssue({
        code: 'custom',
        path: ['severity'],
        message: `must be one of ${SEVERITIES.join(', ')}, got ${describeValue(severity)}`,
        input: severity,
      });
    }
  },
  // Check severity even when another label is broken, so that every problem is reported at once.
  { when: (payload) => isRecord(payload.value) },
);

/** A string holding an annotation template; template errors are reported with their offset. */
export const templateSchema = z.string().superRefine((text, ctx) => {
  const compiled = compileTemplate(text);
  if (!compiled.ok) {
    const params: IssueLocation = { offset: compiled.offset };
    ctx.addIssue({ code: 'custom', message: compiled.message, input: text, params });
  }
});

export const annotationsSchema = z.record(identifierSchema('annotation name'), templateSchema);

export const urlSchema = z.url({
  protocol: /^https?$/,
  error: (issue) => `expected an http(s) URL, got ${describeValue(issue.input)}`,
});

export const nonEmptyStringSchema = z.string().min(1, { error: 'must not be empty' });

/**
 * One of a fixed set of words, e.g. a detector. Near misses get a suggestion:
 * `unknown detector "seasonl" (did you mean "seasonal"?); expected one of: seasonal, robust, ...`.
 */
export function choiceSchema<const Values extends readonly [string, ...string[]]>(
  what: string,
  values: Values,
) {
  return z.enum(values, {
    error: (issue) => {
      const list = values.join(', ');
      if (typeof issue.input !== 'string') {
        return `expected one of: ${list}, got ${describeValue(issue.input)}`;
      }
      return `unknown ${what} ${JSON.stringify(issue.input)}${didYouMean(issue.input, values)}; expected one of: ${list}`;
    },
  });
}

/**
 * A YAML number, optionally bounded: `gt` exclusive, `min` inclusive, `int` whole. Every check reports one message
 * naming all of them: `must be a whole number, at least 1, got 2.5`.
 */
export function numberSchema(options: { gt?: number; min?: number; int?: boolean } = {}) {
  const parts = [
    options.int === true ? 'a whole number' : undefined,
    options.gt === undefined ? undefined : `greater than ${options.gt}`,
    options.min === undefined ? undefined : `at least ${options.min}`,
  ].filter((part) => part !== undefined);
  const rule = `must be ${parts.join(', ')}`;
  // Every bound a value breaks reports the same message at the same place; the loader keeps one of them.
  const error = { error: (issue: { input?: unknown }) => `${rule}, got ${String(issue.input)}` };
  let schema = z.number({
    error: (issue) =>
      typeof issue.input === 'string' && issue.input.trim() !== '' && !Number.isNaN(Number(issue.input))
        ? `expected a number, got ${describeValue(issue.input)}; leave out the quotes`
        : undefined,
  });
  if (options.int === true) {
    schema = schema.int(error);
  }
  if (options.gt !== undefined) {
    schema = schema.gt(options.gt, error);
  }
  if (options.min !== undefined) {
    schema = schema.min(options.min, error);
  }
  return schema;
}

/** A list of distinct non-empty names, e.g. `exclude: [maintenance, holidays]`. */
export const nameListSchema = z.array(nonEmptyStringSchema).superRefine((names, ctx) => {
  const seen = new Set<string>();
  for (const [index, name] of names.entries()) {
    if (seen.has(name)) {
      ctx.addIssue({ code: 'custom', path: [index], message: `"${name}" is listed twice`, input: name });
    }
    seen.add(name);
  }
});
