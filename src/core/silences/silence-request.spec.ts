import { parseSilenceRequest, silenceForAlert } from './silence-request';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe('parseSilenceRequest', () => {
  it('parses Alertmanager matcher text and a duration from now', () => {
    const result = parseSilenceRequest(
      {
        matchers: 'service="checkout", severity=~"warn.*"',
        duration: '2h',
        createdBy: 'ana',
        comment: 'deploy',
      },
      NOW,
    );
    expect(result).toEqual({
      ok: true,
      silence: {
        matchers: [
          { name: 'service', op: '=', value: 'checkout' },
          { name: 'severity', op: '=~', value: 'warn.*' },
        ],
        startsAt: NOW,
        endsAt: NOW + 7_200_000,
        createdBy: 'ana',
        comment: 'deploy',
      },
    });
  });

  it.each([
    [
      { matchers: 'service=~".*"', duration: '1h', createdBy: 'a', comment: 'c' },
      'silence',
      /would mute every alert/,
    ],
    [{ matchers: 'service="x"', createdBy: 'a', comment: 'c' }, 'endsAt', /give endsAt or duration/],
    [
      { matchers: 'service="x"', duration: 'soon', createdBy: 'a', comment: 'c' },
      'duration',
      /expected a duration/,
    ],
    [
      {
        matchers: 'service="x"',
        startsAt: '2026-11-26T13:00:00Z',
        endsAt: '2026-11-26T12:30:00Z',
        createdBy: 'a',
        comment: 'c',
      },
      'silence',
      /startsAt must be before endsAt/,
    ],
    [
      {
        matchers: 'service="x"',
        startsAt: '2026-11-26T10:00:00Z',
        endsAt: '2026-11-26T11:00:00Z',
        createdBy: 'a',
        comment: 'c',
      },
      'silence',
      /in the past/,
    ],
    [
      { matchers: 'service="x"', duration: '1h', createdBy: 'a', comment: ' ' },
      'silence',
      /comment is missing/,
    ],
    [
      { matchers: 'service=', duration: '1h', createdBy: 'a', comment: 'c', extra: 1 },
      'body',
      /Unrecognized key/,
    ],
    [{ matchers: 'service', duration: '1h', createdBy: 'a', comment: 'c' }, 'matchers', /at character 1/],
  ])('rejects %j with a problem at %s', (body, where, message) => {
    const result = parseSilenceRequest(body, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toContainEqual({ where, message: expect.stringMatching(message) });
  });
});

describe('silenceForAlert', () => {
  it('matches exactly the alert: one equality matcher per label', () => {
    expect(
      silenceForAlert({ alertname: 'X', service: 'checkout' }, NOW, 3_600_000, 'U123', 'from Slack'),
    ).toEqual({
      matchers: [
        { name: 'alertname', op: '=', value: 'X' },
        { name: 'service', op: '=', value: 'checkout' },
      ],
      startsAt: NOW,
      endsAt: NOW + 3_600_000,
      createdBy: 'U123',
      comment: 'from Slack',
    });
  });
});
