import { z } from 'zod';
import { zodProblems } from '../validation-problems';
import { Labels } from '../model';
import { LabelMatcher, formatMatchers, parseMatchers } from '../routing/label-matchers';
import { Silence, validateSilence } from '../routing/silence';
import { InvalidDurationError, parseDuration } from '../time/duration';

/**
 * A request to create a silence, from the API (JSON), the CLI or a Slack button, checked as Alertmanager checks
 * one: at least one matcher, not one that matches everything, start before end, not already over, an author and a
 * comment. Every problem names its field.
 */

export interface SilenceProblem {
  readonly where: string;
  readonly message: string;
}

export type NewSilence = Omit<Silence, 'id'>;

export type SilenceRequestResult =
  | { readonly ok: true; readonly silence: NewSilence }
  | { readonly ok: false; readonly problems: SilenceProblem[] };

const requestSchema = z.strictObject({
  /** `service="checkout",severity=~"warn.*"` or a list of `{ name, op, value }`. */
  matchers: z.union([
    z.string(),
    z.array(z.strictObject({ name: z.string(), op: z.enum(['=', '!=', '=~', '!~']), value: z.string() })),
  ]),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  /** Instead of `endsAt`: how long from the start, e.g. `2h`. */
  duration: z.string().optional(),
  createdBy: z.string(),
  comment: z.string(),
});

function time(text: string | undefined, where: string, problems: SilenceProblem[]): number | undefined {
  if (text === undefined) {
    return undefined;
  }
  const ms = Date.parse(text);
  if (!/^\d{4}-\d\d-\d\d/.test(text) || Number.isNaN(ms)) {
    problems.push({
      where,
      message: `expected an ISO 8601 time such as 2026-11-26T18:00:00Z, got "${text}"`,
    });
    return undefined;
  }
  return ms;
}

/** Parses and validates a create request at `nowMs`. */
export function parseSilenceRequest(body: unknown, nowMs: number): SilenceRequestResult {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      problems: zodProblems(parsed.error),
    };
  }
  const request = parsed.data;
  const problems: SilenceProblem[] = [];
  let matchers: LabelMatcher[] = [];
  if (typeof request.matchers === 'string') {
    const result = parseMatchers(request.matchers);
    if (result.ok) {
      matchers = result.matchers;
    } else {
      problems.push({ where: 'matchers', message: `${result.message} (at character ${result.offset + 1})` });
    }
  } else {
    matchers = request.matchers;
  }
  const startsAt = time(request.startsAt, 'startsAt', problems) ?? nowMs;
  let endsAt = time(request.endsAt, 'endsAt', problems);
  if (request.duration !== undefined) {
    if (request.endsAt !== undefined) {
      problems.push({ where: 'duration', message: 'give endsAt or duration, not both' });
    }
    try {
      endsAt = startsAt + parseDuration(request.duration);
    } catch (error) {
      if (!(error instanceof InvalidDurationError)) {
        throw error;
      }
      problems.push({
        where: 'duration',
        message: `expected a duration such as 2h, got "${request.duration}"`,
      });
    }
  }
  if (endsAt === undefined && !problems.some((problem) => ['endsAt', 'duration'].includes(problem.where))) {
    problems.push({ where: 'endsAt', message: 'give endsAt or duration' });
  }
  if (problems.length > 0 || endsAt === undefined) {
    return { ok: false, problems };
  }
  const silence: NewSilence = {
    matchers,
    startsAt,
    endsAt,
    createdBy: request.createdBy,
    comment: request.comment,
  };
  const invalid = validateSilence({ id: 'new', ...silence }, nowMs);
  return invalid.length === 0
    ? { ok: true, silence }
    : { ok: false, problems: invalid.map((message) => ({ where: 'silence', message })) };
}

/** Matchers of exactly one alert: an equality matcher for each of its labels, by label name. */
export function alertMatchers(labels: Labels): LabelMatcher[] {
  return Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ({ name, op: '=', value }));
}

/** A silence that mutes exactly one alert: an equality matcher for each of its labels. */
export function silenceForAlert(
  labels: Labels,
  nowMs: number,
  durationMs: number,
  createdBy: string,
  comment: string,
): NewSilence {
  return {
    matchers: alertMatchers(labels),
    startsAt: nowMs,
    endsAt: nowMs + durationMs,
    createdBy,
    comment,
  };
}

export function describeSilence(silence: Pick<Silence, 'matchers'>): string {
  return formatMatchers(silence.matchers);
}
