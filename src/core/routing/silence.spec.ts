import { Labels } from '../model';
import { isInhibited } from './inhibit';
import { LabelMatcher, parseMatchers } from './label-matchers';
import { Silence, isSilenced, silenceState, silencedBy, validateSilence } from './silence';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const HOUR = 3_600_000;

function matchers(text: string): LabelMatcher[] {
  const parsed = parseMatchers(text);
  if (!parsed.ok) {
    throw new Error(parsed.message);
  }
  return parsed.matchers;
}

function silence(text: string, overrides: Partial<Silence> = {}): Silence {
  return {
    id: 's1',
    matchers: matchers(text),
    startsAt: T0,
    endsAt: T0 + HOUR,
    createdBy: 'ana',
    comment: 'deploy',
    ...overrides,
  };
}

describe('validateSilence', () => {
  // After Alertmanager silence/silence_test.go (TestValidateSilence) and api/v2 (start before end).
  it.each<[string, Silence, string[]]>([
    ['valid', silence('service="checkout"'), []],
    ['valid regex', silence('severity=~"crit.*"'), []],
    ['no matchers', silence(''), ['at least one matcher is required']],
    [
      'every matcher matches the empty string',
      silence('a="", b=~".*", c!~".+"'),
      ['at least one matcher must not match the empty string, or the silence would mute every alert'],
    ],
    ['one matcher does not match the empty string', silence('a="", b!=""'), []],
    [
      'bad regex',
      { ...silence('a="1"'), matchers: [{ name: 'a', op: '=~', value: 'x(' }] },
      ['matcher 1: invalid regular expression "x(": Invalid regular expression: /x(/: Unterminated group'],
    ],
    [
      'bad label name',
      { ...silence('a="1"'), matchers: [{ name: '0a', op: '=', value: '1' }] },
      ['matcher 1: "0a" is not a valid label name'],
    ],
    ['end before start', silence('a="1"', { endsAt: T0 - 1 }), ['startsAt must be before endsAt']],
    ['end equals start', silence('a="1"', { endsAt: T0 }), ['startsAt must be before endsAt']],
    [
      'missing id, author and comment',
      silence('a="1"', { id: '', createdBy: ' ', comment: '' }),
      ['id is missing', 'createdBy is missing', 'comment is missing'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(validateSilence(input)).toEqual(expected);
  });

  it('rejects an already ended silence when given now', () => {
    expect(validateSilence(silence('a="1"'), T0 + HOUR)).toEqual([
      'endsAt is in the past; the silence would never be active',
    ]);
    expect(validateSilence(silence('a="1"'), T0 + HOUR - 1)).toEqual([]);
  });
});

describe('isSilenced', () => {
  const silences = [
    silence('service="checkout"', { id: 'checkout' }),
    silence('severity=~"warn.*", env!="prod"', {
      id: 'warnings',
      startsAt: T0 + HOUR,
      endsAt: T0 + 2 * HOUR,
    }),
  ];

  it.each<[Labels, number, string[]]>([
    [{ service: 'checkout' }, T0, ['checkout']],
    [{ service: 'checkout' }, T0 - 1, []],
    [{ service: 'checkout' }, T0 + HOUR - 1, ['checkout']],
    [{ service: 'checkout' }, T0 + HOUR, []],
    [{ service: 'checkout-api' }, T0, []],
    [{ severity: 'warning' }, T0 + HOUR, ['warnings']],
    [{ severity: 'warning', env: 'prod' }, T0 + HOUR, []],
    [{ severity: 'warning', env: '' }, T0 + HOUR, ['warnings']],
    [{ service: 'checkout', severity: 'warning' }, T0 + HOUR - 1, ['checkout']],
    [{ severity: 'warn' }, T0, []],
  ])('%j at %d', (labels, now, ids) => {
    expect(silencedBy(labels, silences, now)).toEqual(ids);
    expect(isSilenced(labels, silences, now)).toBe(ids.length > 0);
  });

  it.each<[number, string]>([
    [T0 - 1, 'pending'],
    [T0, 'active'],
    [T0 + HOUR, 'expired'],
  ])('state at %d is %s', (now, state) => {
    expect(silenceState(silence('a="1"'), now)).toBe(state);
  });

  it('a silenced source still inhibits', () => {
    const source: Labels = { alertname: 'Down', severity: 'critical', service: 'checkout' };
    const target: Labels = { alertname: 'Slow', severity: 'warning', service: 'checkout' };
    const rules = [
      {
        sourceMatchers: matchers('severity="critical"'),
        targetMatchers: matchers('severity="warning"'),
        equal: ['service'],
      },
    ];
    const sourceSilence = silence('alertname="Down"');
    expect(isSilenced(source, [sourceSilence], T0)).toBe(true);
    expect(isInhibited(target, [source], rules)).toBe(true);
  });
});
