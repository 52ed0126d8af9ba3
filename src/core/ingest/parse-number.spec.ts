import { parseSampleValue, readSampleValueToken } from './parse-number';

function parse(token: string): number | undefined {
  return parseSampleValue(token, 0, token.length);
}

describe('parseSampleValue', () => {
  it.each([
    ['0', 0],
    ['1', 1],
    ['-1', -1],
    ['+1', 1],
    ['42', 42],
    ['1.5', 1.5],
    ['-2.25', -2.25],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1e+3', 1000],
    ['2.5e-3', 0.0025],
    ['0.1', 0.1],
    ['0.30000000000000004', 0.30000000000000004],
    ['1700000000000', 1_700_000_000_000],
    ['9007199254740993', 9007199254740992], // rounds like Number()
    ['123456789012345678901234567890', 1.2345678901234568e29],
    ['1e308', 1e308],
    ['1e-320', 1e-320],
    ['000123', 123],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['Inf', Infinity],
    ['inf', Infinity],
    ['+infinity', Infinity],
    ['-Infinity', -Infinity],
  ])('%s = %d', (token, expected) => {
    expect(parse(token)).toBe(expected);
  });

  it.each(['NaN', 'nan', 'NAN'])('%s is NaN', (token) => {
    expect(parse(token)).toBeNaN();
  });

  it('keeps the sign of zero', () => {
    expect(Object.is(parse('-0'), -0)).toBe(true);
    expect(Object.is(parse('0'), 0)).toBe(true);
  });

  it.each([
    '',
    '+',
    '-',
    '.',
    'e3',
    '1e',
    '1e+',
    '1.2.3',
    '1,5',
    'abc',
    '0x10',
    '1_000',
    ' 1',
    '1 ',
    '+NaN',
    '-nan',
    'In',
    'infinit',
    'Infinityy',
    '1f',
    '--1',
  ])('rejects %j', (token) => {
    expect(parse(token)).toBeUndefined();
  });

  it('reads only the given range of a longer text', () => {
    const text = 'up{a="1"} 12.5 1700000000000';
    expect(parseSampleValue(text, 10, 14)).toBe(12.5);
    expect(parseSampleValue(text, 10, 12)).toBe(12);
  });

  it('agrees with Number() on generated decimals', () => {
    let seed = 42;
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    const mismatches: string[] = [];
    for (let k = 0; k < 5000; k++) {
      const digits = String(next()).slice(0, 1 + (next() % 10));
      const fraction = String(next()).slice(0, next() % 9);
      const exponent = next() % 3 === 0 ? `e${(next() % 60) - 30}` : '';
      const sign = next() % 2 === 0 ? '-' : '';
      const token = `${sign}${digits}${fraction === '' ? '' : `.${fraction}`}${exponent}`;
      if (!Object.is(parse(token), Number(token))) {
        mismatches.push(`${token}: ${parse(token)} != ${Number(token)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('readSampleValueToken', () => {
  const tokens = [
    ...['0', '1', '-1', '+1', '42', '1.5', '-2.25', '.5', '5.', '-.5', '-0', '0.0', '007', '1e3', '2.5e-3'],
    ...['0.1', '123456789', '12345.6789', '0.123456789', '1234567890', '0.1234567891', '1700000000000'],
    ...['9007199254740993', '123456789012345678901234567890', '1e-320', 'NaN', '+Inf', '-Inf', 'infinity'],
    ...[
      '',
      '+',
      '-',
      '.',
      '..',
      '-.',
      'e3',
      '1e',
      '1.2.3',
      '1,5',
      'abc',
      '0x10',
      '1_000',
      '--1',
      '1f',
      '+NaN',
    ],
  ];

  it.each(tokens)('reads %j like parseSampleValue, up to the next blank', (token) => {
    const expected = parseSampleValue(token, 0, token.length);
    for (const [text, end] of [
      [`${token} 1700000000000`, token.length + 14],
      [`${token}\t1`, token.length + 2],
      [token, token.length],
      [`${token} `, token.length], // the line ends at `end`, not at the end of the text
    ] as const) {
      const out = { valueEnd: -1 };
      expect(Object.is(readSampleValueToken(text, 0, end, out), expected)).toBe(true);
      expect(out.valueEnd).toBe(token.length);
    }
  });

  it('starts at `start`', () => {
    const out = { valueEnd: -1 };
    expect(readSampleValueToken('up{a="1"} 12.5 1700000000000', 10, 28, out)).toBe(12.5);
    expect(out.valueEnd).toBe(14);
  });

  it('agrees with Number() on generated decimals', () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    const mismatches: string[] = [];
    for (let k = 0; k < 5000; k++) {
      const digits = String(next()).slice(0, next() % 11);
      const fraction = String(next()).slice(0, next() % 11);
      const sign = next() % 2 === 0 ? '-' : '';
      const token = `${sign}${digits}${fraction === '' && next() % 2 === 0 ? '' : `.${fraction}`}`;
      const out = { valueEnd: -1 };
      const value = readSampleValueToken(`${token} 1`, 0, token.length + 2, out);
      const expected = /\d/.test(token) ? Number(token) : undefined;
      if (!Object.is(value, expected) || out.valueEnd !== token.length) {
        mismatches.push(`${token}: ${value} != ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
