import { Silence } from '../routing/silence';
import { alertsMutedBy, parseSilenceForm, silenceFormValues } from './silence-form';

const NOW = Date.UTC(2026, 11, 8, 12, 0, 0);
const HOUR = 3_600_000;
const form = (values: Partial<Record<string, string>>) =>
  silenceFormValues((name) => ({ duration: '2h', ...values })[name]);

describe('parseSilenceForm', () => {
  it('makes the silence the API would, in the name of the signed-in token, from now when no start is given', () => {
    expect(
      parseSilenceForm(form({ matchers: ' service="checkout" ', comment: 'db move' }), 'ana', NOW),
    ).toEqual({
      ok: true,
      silence: {
        matchers: [{ name: 'service', op: '=', value: 'checkout' }],
        startsAt: NOW,
        endsAt: NOW + 2 * HOUR,
        createdBy: 'ana',
        comment: 'db move',
      },
    });
  });

  it('starts at a given time', () => {
    const result = parseSilenceForm(
      form({ matchers: 'service="x"', startsAt: '2026-12-09T00:00:00Z', duration: '30m', comment: 'c' }),
      'ana',
      NOW,
    );
    expect(result.ok && [result.silence.startsAt, result.silence.endsAt]).toEqual([
      Date.UTC(2026, 11, 9),
      Date.UTC(2026, 11, 9, 0, 30),
    ]);
  });

  it.each([
    [
      'a matcher that does not parse',
      { matchers: 'service checkout', comment: 'c' },
      'matchers',
      /bad matcher format: service checkout \(at character 1\)/,
    ],
    ['no matcher', { matchers: '', comment: 'c' }, 'matchers', /at least one matcher is required/],
    ['a bad regex', { matchers: 'service=~"(("', comment: 'c' }, 'matchers', /invalid regular expression/],
    ['a silence of everything', { matchers: 'service=~".*"', comment: 'c' }, 'matchers', /mute every alert/],
    ['a bad duration', { matchers: 'service="x"', duration: 'soon', comment: 'c' }, 'duration', /2h/],
    ['no duration', { matchers: 'service="x"', duration: '', comment: 'c' }, 'duration', /duration/],
    ['a bad start', { matchers: 'service="x"', startsAt: 'tomorrow', comment: 'c' }, 'startsAt', /ISO 8601/],
    [
      'an end in the past',
      { matchers: 'service="x"', startsAt: '2026-12-01T00:00:00Z', duration: '1h', comment: 'c' },
      'duration',
      /in the past/,
    ],
    ['no comment', { matchers: 'service="x"', comment: ' ' }, 'comment', /comment is missing/],
  ])('puts %s next to its field', (_name, values, field, message) => {
    const result = parseSilenceForm(form(values), 'ana', NOW);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.fields[field as 'matchers']?.join(' ')).toMatch(message);
      expect(result.errors.general).toEqual([]);
    }
  });

  it('reports problems no field can fix apart', () => {
    const result = parseSilenceForm(form({ matchers: 'service="x"', comment: 'c' }), ' ', NOW);
    expect(result.ok || result.errors).toEqual({ fields: {}, general: ['createdBy is missing'] });
  });
});

describe('alertsMutedBy', () => {
  const silence = (id: string, matcher: string, startsAt: number, endsAt: number): Silence => ({
    id,
    matchers: [{ name: 'service', op: '=', value: matcher }],
    startsAt,
    endsAt,
    createdBy: 'a',
    comment: 'c',
  });

  it('counts the firing alerts each active silence matches; pending and expired ones mute none', () => {
    const silences = [
      silence('active', 'checkout', NOW - HOUR, NOW + HOUR),
      silence('pending', 'checkout', NOW + HOUR, NOW + 2 * HOUR),
      silence('expired', 'checkout', NOW - 2 * HOUR, NOW),
      silence('other', 'search', NOW - HOUR, NOW + HOUR),
    ];
    const firing = [
      { alertname: 'A', service: 'checkout' },
      { alertname: 'B', service: 'checkout' },
      { alertname: 'C', service: 'cart' },
    ];
    expect(Object.fromEntries(alertsMutedBy(silences, firing, NOW))).toEqual({
      active: 2,
      pending: 0,
      expired: 0,
      other: 0,
    });
  });
});
