/**
 * Reads a button press on a forewarn Slack message. Slack posts it as `application/x-www-form-urlencoded` with one
 * field, `payload`, holding the JSON of a `block_actions` interaction
 * (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload). Only the fields forewarn acts on are
 * read; anything else Slack adds is ignored. Verify the request's signature before parsing it.
 */
import { z } from 'zod';
import { InvalidInputError, ProblemDetail } from '../errors';

/** The `action_id`s of the buttons forewarn puts on its alert messages. */
export const SLACK_ACTION_IDS = ['ack', 'silence_1h', 'open'] as const;
export type SlackActionId = (typeof SLACK_ACTION_IDS)[number];

export interface SlackInteraction {
  readonly actionId: SlackActionId;
  /** The button's `value`: the alert it acts on. Empty only for `open`, a link button that may carry none. */
  readonly value: string;
  readonly user: { readonly id: string; readonly name: string };
  /** Channel id of the message whose button was pressed. */
  readonly channel: string;
  /** `ts` of that message: with the channel, it identifies the message to update. */
  readonly messageTs: string;
  /** Where to post an ephemeral reply or a replacement message (valid for 30 minutes, 5 uses). */
  readonly responseUrl: string;
}

const nonEmpty = z.string().min(1);

/** `ack` and `silence_1h` act on an alert, so they need its id; `open` is a URL button and may have no value. */
const actionSchema = z.discriminatedUnion('action_id', [
  z.object({ action_id: z.literal('ack'), value: nonEmpty }),
  z.object({ action_id: z.literal('silence_1h'), value: nonEmpty }),
  z.object({ action_id: z.literal('open'), value: z.string().optional() }),
]);

const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: nonEmpty, username: z.string().optional(), name: z.string().optional() }),
  /** Presses on messages only: a button in a modal or on the App Home has no message to update. */
  container: z.object({ type: z.literal('message'), channel_id: nonEmpty, message_ts: nonEmpty }),
  response_url: z.url({ protocol: /^https$/ }),
  actions: z.tuple([actionSchema], { error: 'expected exactly one action, as a button press reports' }),
});

/**
 * Parses the raw form body of an interaction request.
 * Throws `InvalidInputError` listing every problem when it is not a press of one of forewarn's buttons on a message.
 */
export function parseSlackInteraction(formBody: string): SlackInteraction {
  const payload = new URLSearchParams(formBody).get('payload');
  if (payload === null) {
    throw new InvalidInputError('Slack interaction has no payload field', [
      { where: 'payload', message: 'missing from the form body' },
    ]);
  }
  const json = parseJson(payload);
  const parsed = blockActionsSchema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidInputError(
      'Slack interaction is not a press of a forewarn button on a message',
      parsed.error.issues.map(problemOf),
    );
  }
  const { user, container, response_url, actions } = parsed.data;
  const [action] = actions;
  return {
    actionId: action.action_id,
    value: action.value ?? '',
    // `username` is the handle people know; `name` is its legacy twin, and older payloads carry only that.
    user: { id: user.id, name: user.username || user.name || user.id },
    channel: container.channel_id,
    messageTs: container.message_ts,
    responseUrl: response_url,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('Slack interaction payload is not JSON', [
      { where: 'payload', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}

function problemOf(issue: z.core.$ZodIssue): ProblemDetail {
  return { where: ['payload', ...issue.path.map(String)].join('.'), message: issue.message };
}
