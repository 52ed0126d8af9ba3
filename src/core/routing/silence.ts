import { Labels } from '../model';
import {
  LabelMatcher,
  ROUTING_LABEL_NAME,
  matcherMatches,
  matchersMatch,
  regexError,
} from './label-matchers';

/**
 * Silences, as Alertmanager's `silence/silence.go`: a silence mutes every alert its matchers all accept while
 * `startsAt <= now < endsAt`. Validation follows Alertmanager (and its API's start-before-end rule).
 */

export interface Silence {
  readonly id: string;
  readonly matchers: readonly LabelMatcher[];
  /** Epoch milliseconds, inclusive. */
  readonly startsAt: number;
  /** Epoch milliseconds, exclusive. */
  readonly endsAt: number;
  readonly createdBy: string;
  readonly comment: string;
}

export type SilenceState = 'pending' | 'active' | 'expired';

/**
 * Every reason `silence` is invalid (empty when it is valid). With `nowMs`, a silence that has already ended is
 * rejected too, as Alertmanager's API does when one is created.
 */
export function validateSilence(silence: Silence, nowMs?: number): string[] {
  const problems: string[] = [];
  if (silence.id.trim() === '') {
    problems.push('id is missing');
  }
  if (silence.matchers.length === 0) {
    problems.push('at least one matcher is required');
  }
  silence.matchers.forEach((matcher, index) => {
    if (!ROUTING_LABEL_NAME.test(matcher.name)) {
      problems.push(`matcher ${index + 1}: "${matcher.name}" is not a valid label name`);
    }
    const regex = regexError(matcher);
    if (regex !== undefined) {
      problems.push(`matcher ${index + 1}: ${regex}`);
    }
  });
  const valid = problems.length === 0;
  if (
    valid &&
    silence.matchers.length > 0 &&
    silence.matchers.every((matcher) => matcherMatches(matcher, {}))
  ) {
    problems.push(
      'at least one matcher must not match the empty string, or the silence would mute every alert',
    );
  }
  if (!Number.isFinite(silence.startsAt) || !Number.isFinite(silence.endsAt)) {
    problems.push('startsAt and endsAt must be timestamps');
  } else if (silence.startsAt >= silence.endsAt) {
    problems.push('startsAt must be before endsAt');
  } else if (nowMs !== undefined && silence.endsAt <= nowMs) {
    problems.push('endsAt is in the past; the silence would never be active');
  }
  if (silence.createdBy.trim() === '') {
    problems.push('createdBy is missing');
  }
  if (silence.comment.trim() === '') {
    problems.push('comment is missing');
  }
  return problems;
}

/** Where a silence is at `nowMs`. */
export function silenceState(silence: Silence, nowMs: number): SilenceState {
  if (nowMs < silence.startsAt) {
    return 'pending';
  }
  return nowMs < silence.endsAt ? 'active' : 'expired';
}

/** The ids of the silences active at `nowMs` whose matchers all accept `labels`. */
export function silencedBy(labels: Labels, silences: readonly Silence[], nowMs: number): string[] {
  return silences
    .filter((silence) => silenceState(silence, nowMs) === 'active' && matchersMatch(silence.matchers, labels))
    .map((silence) => silence.id);
}

/** Whether an active silence mutes `labels` at `nowMs`. */
export function isSilenced(labels: Labels, silences: readonly Silence[], nowMs: number): boolean {
  return silencedBy(labels, silences, nowMs).length > 0;
}
