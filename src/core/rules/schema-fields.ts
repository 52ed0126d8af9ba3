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
