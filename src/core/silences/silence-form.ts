import { Labels } from '../model';
import { Silence, silencedBy } from '../routing/silence';
import { NewSilence, SilenceProblem, parseSilenceRequest } from './silence-request';

/**
 * The silences page's form: the same request and the same checks as `POST /api/v1/silences`, with each problem put
 * next to the field the user can fix (the author is the signed-in token, not a field).
 */
export const SILENCE_FORM_FIELDS = ['matchers', 'startsAt', 'duration', 'comment'] as const;
export type SilenceFormField = (typeof SILENCE_FORM_FIELDS)[number];

/** What the user typed, kept as typed so a refused form comes back filled in. */
export type SilenceFormValues = Readonly<Record<SilenceFormField, string>>;

export interface SilenceFormErrors {
  readonly fields: Partial<Record<SilenceFormField, readonly string[]>>;
  /** Problems no field can fix. */
  readonly general: readonly string[];
}

export type SilenceFormResult =
  | { readonly ok: true; readonly silence: NewSilence }
  | { readonly ok: false; readonly errors: SilenceFormErrors };

export const EMPTY_SILENCE_FORM: SilenceFormValues = {
  matchers: '',
  startsAt: '',
  duration: '2h',
  comment: '',
};

/** The form's values from a posted form (missing fields empty). */
export function silenceFormValues(get: (name: string) => string | null | undefined): SilenceFormValues {
  const value = (name: SilenceFormField) => (get(name) ?? '').trim();
  return {
    matchers: value('matchers'),
    startsAt: value('startsAt'),
    duration: value('duration'),
    comment: value('comment'),
  };
}

/** The field a problem of `parseSilenceRequest` belongs to, if any. */
function fieldOf(problem: SilenceProblem): SilenceFormField | undefined {
  if ((SILENCE_FORM_FIELDS as readonly string[]).includes(problem.where)) {
    return problem.where as SilenceFormField;
  }
  if (problem.where === 'endsAt') {
    return 'duration';
  }
  if (/^matcher \d+:|^at least one matcher/.test(problem.message)) {
    return 'matchers';
  }
  if (/^startsAt must be before endsAt|^endsAt is in the past/.test(problem.message)) {
    return 'duration';
  }
  if (/^comment /.test(problem.message)) {
    return 'comment';
  }
  return undefined;
}

export function silenceFormErrors(problems: readonly SilenceProblem[]): SilenceFormErrors {
  const fields: Partial<Record<SilenceFormField, string[]>> = {};
  const general: string[] = [];
  for (const problem of problems) {
    const field = fieldOf(problem);
    if (field === undefined) {
      general.push(problem.message);
    } else {
      (fields[field] ??= []).push(problem.message);
    }
  }
  return { fields, general };
}

/** Checks the form at `nowMs` as the API checks a request; an empty start means now. */
export function parseSilenceForm(
  values: SilenceFormValues,
  createdBy: string,
  nowMs: number,
): SilenceFormResult {
  const result = parseSilenceRequest(
    {
      matchers: values.matchers,
      duration: values.duration,
      ...(values.startsAt === '' ? {} : { startsAt: values.startsAt }),
      createdBy,
      comment: values.comment,
    },
    nowMs,
  );
  return result.ok ? result : { ok: false, errors: silenceFormErrors(result.problems) };
}

/** How many of `firing` (alert labels) each silence mutes at `nowMs`; pending and expired silences mute none. */
export function alertsMutedBy(
  silences: readonly Silence[],
  firing: readonly Labels[],
  nowMs: number,
): Map<string, number> {
  const counts = new Map(silences.map((silence) => [silence.id, 0]));
  for (const labels of firing) {
    for (const id of silencedBy(labels, silences, nowMs)) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}
