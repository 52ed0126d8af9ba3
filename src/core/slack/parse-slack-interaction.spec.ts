import { InvalidInputError } from '../errors';
import { parseSlackInteraction } from './parse-slack-interaction';

/** A `block_actions` payload shaped like the ones Slack sends for a button on a bot message. */
function pressPayload(
  overrides: Record<string, unknown> = {},
  action: Record<string, unknown> = {},
): unknown {
  return {
    type: 'block_actions',
    user: { id: 'U2CERLKJA', username: 'roadrunner', name: 'roadrunner', team_id: 'T1DC2JH3J' },
    api_app_id: 'A0KRD7HC3',
    token: 'Shh_its_a_seekrit',
    container: {
      type: 'message',
      message_ts: '1548261231.000200',
      channel_id: 'C0LAN2Q65',
      is_ephemeral: false,
    },
    trigger_id: '12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3',
    team: { id: 'T1DC2JH3J', domain: 'testteamnow' },
    channel: { id: 'C0LAN2Q65', name: 'alerts' },
    message: { type: 'message', ts: '1548261231.000200', text: 'HighErrorRate firing' },
    response_url: 'https://hooks.slack.com/actions/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
    actions: [
      {
        action_id: 'ack',
        block_id: 'alert-actions',
        text: { type: 'plain_text', text: 'Acknowledge', emoji: true },
        value: 'alert-42',
        type: 'button',
        action_ts: '1548426417.840180',
        ...action,
      },
    ],
    ...overrides,
  };
}

function form(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function problemsOf(body: string): { where: string; message: string }[] {
  try {
    parseSlackInteraction(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems.map(({ where, message }) => ({ where, message }));
  }
  throw new Error('expected parseSlackInteraction to throw');
}

describe(parseSlackInteraction.name, () => {
  it('reads an Acknowledge press', () => {
    expect(parseSlackInteraction(form(pressPayload()))).toEqual({
      actionId: 'ack',
      value: 'alert-42',
      user: { id: 'U2CERLKJA', name: 'roadrunner' },
      channel: 'C0LAN2Q65',
      messageTs: '1548261231.000200',
      responseUrl: 'https://hooks.slack.com/actions/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
    });
  });

  it.each([
    ['silence_1h', 'alert-7', 'alert-7'],
    ['open', 'alert-9', 'alert-9'],
    ['open', undefined, ''],
  ])('reads a %s press with value %s', (actionId, value, expected) => {
    const parsed = parseSlackInteraction(form(pressPayload({}, { action_id: actionId, value })));
    expect(parsed.actionId).toBe(actionId);
    expect(parsed.value).toBe(expected);
  });

  it('decodes form encoding, including + for spaces, and ignores other form fields', () => {
    const payload = pressPayload({ user: { id: 'U1', username: 'road runner' } });
    const body = `team=x&payload=${encodeURIComponent(JSON.stringify(payload)).replace(/%20/g, '+')}`;
    expect(parseSlackInteraction(body).user).toEqual({ id: 'U1', name: 'road runner' });
  });

  it.each([
    [{ id: 'U1', username: 'handle', name: 'legacy' }, 'handle'],
    [{ id: 'U1', name: 'legacy' }, 'legacy'],
    [{ id: 'U1', username: '', name: 'legacy' }, 'legacy'],
    [{ id: 'U1' }, 'U1'],
  ])('names user %j as %s', (user, name) => {
    expect(parseSlackInteraction(form(pressPayload({ user }))).user).toEqual({ id: 'U1', name });
  });

  it('refuses a body without a payload field', () => {
    expect(problemsOf('token=abc')).toEqual([{ where: 'payload', message: 'missing from the form body' }]);
  });

  it('refuses a payload that is not JSON', () => {
    expect(problemsOf('payload=%7Bnot-json')).toEqual([
      { where: 'payload', message: expect.stringMatching(/JSON/) },
    ]);
  });

  it('refuses other interaction types', () => {
    expect(problemsOf(form(pressPayload({ type: 'view_submission' })))).toEqual([
      { where: 'payload.type', message: 'Invalid input: expected "block_actions"' },
    ]);
  });

  it('refuses an unknown button, naming the known ones', () => {
    expect(problemsOf(form(pressPayload({}, { action_id: 'delete_everything' })))).toEqual([
      {
        where: 'payload.actions.0.action_id',
        message: "Invalid discriminator value. Expected 'ack' | 'silence_1h' | 'open'",
      },
    ]);
  });

  it.each(['ack', 'silence_1h'])('refuses a %s press without the alert id', (actionId) => {
    expect(problemsOf(form(pressPayload({}, { action_id: actionId, value: '' })))).toEqual([
      { where: 'payload.actions.0.value', message: expect.stringMatching(/>=1 characters/) },
    ]);
  });

  it('refuses a press with no actions or several', () => {
    const expected = [
      { where: 'payload.actions', message: 'expected exactly one action, as a button press reports' },
    ];
    expect(problemsOf(form(pressPayload({ actions: [] })))).toEqual(expected);
    const two = pressPayload() as { actions: unknown[] };
    expect(problemsOf(form({ ...two, actions: [...two.actions, ...two.actions] }))).toEqual(expected);
  });

  it('refuses a press outside a message, such as in a modal', () => {
    const container = { type: 'view', view_id: 'V0PKB1ZFV' };
    expect(problemsOf(form(pressPayload({ container })))).toEqual([
      { where: 'payload.container.type', message: 'Invalid input: expected "message"' },
      { where: 'payload.container.channel_id', message: expect.stringMatching(/expected string/) },
      { where: 'payload.container.message_ts', message: expect.stringMatching(/expected string/) },
    ]);
  });

  it.each(['http://hooks.slack.com/actions/T1/1/x', 'javascript:alert(1)', 'not a url'])(
    'refuses response_url %s',
    (responseUrl) => {
      const problems = problemsOf(form(pressPayload({ response_url: responseUrl })));
      expect(problems.map((problem) => problem.where)).toEqual(['payload.response_url']);
    },
  );

  it('lists every problem at once', () => {
    const payload = { type: 'block_actions', user: {}, actions: [{ action_id: 'ack' }] };
    expect(problemsOf(form(payload)).map((problem) => problem.where)).toEqual([
      'payload.user.id',
      'payload.container',
      'payload.response_url',
      'payload.actions.0.value',
    ]);
  });
});
