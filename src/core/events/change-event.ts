import { z } from 'zod';
import { zodProblems } from '../validation-problems';

/**
 * A deploy or other change of a service, as CI/CD reports it (`POST /api/v1/events`). Alerts of the service that
 * start within `CHANGE_LOOKBACK_MS` after it carry it in their notifications: "what changed?" answered in the page.
 */

export const CHANGE_LOOKBACK_MS = 2 * 3_600_000;

export interface ChangeEvent {
  readonly service: string;
  readonly atMs: number;
  readonly version?: string;
  readonly commit?: string;
  readonly url?: string;
  readonly author?: string;
  readonly description?: string;
}

const text = (max: number) => z.string().trim().min(1).max(max);

const changeEventSchema = z.strictObject({
  service: text(200),
  /** When the change happened (ISO 8601); default: when it is received. */
  at: z.iso.datetime({ offset: true }).optional(),
  version: text(200).optional(),
  commit: text(100).optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  author: text(200).optional(),
  description: text(2000).optional(),
});

export type ChangeEventResult =
  | { readonly ok: true; readonly event: ChangeEvent }
  | { readonly ok: false; readonly problems: Array<{ where: string; message: string }> };

/** Validates a pushed change event; every problem names its field. */
export function parseChangeEvent(body: unknown, nowMs: number): ChangeEventResult {
  const parsed = changeEventSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      problems: zodProblems(parsed.error),
    };
  }
  const { at, ...rest } = parsed.data;
  return { ok: true, event: { ...rest, atMs: at === undefined ? nowMs : Date.parse(at) } };
}
