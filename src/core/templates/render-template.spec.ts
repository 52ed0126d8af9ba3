import { compileTemplate } from './render-template';

const ctx = { value: 1234.5678, labels: { service: 'checkout', zone: 'eu-1', ratio: '0.25', empty: '' } };

function render(text: string, value = ctx.value): string {
  const compiled = compileTemplate(text);
  if (!compiled.ok) {
    throw new Error(`compile failed at ${compiled.offset}: ${compiled.message}`);
  }
  return compiled.render({ ...ctx, value });
}

describe('compileTemplate renders', () => {
  it.each([
    ['plain text', 'no actions here', 'no actions here'],
    ['empty template', '', ''],
    ['$value', 'v={{ $value }}', 'v=1234.5678'],
    ['.Value alias', 'v={{.Value}}', 'v=1234.5678'],
    ['$labels.name', 'on {{ $labels.service }}', 'on checkout'],
    ['.Labels.name alias', 'on {{ .Labels.service }}', 'on checkout'],
    ['missing label as empty', '[{{ $labels.nope }}]', '[]'],
    ['$labels as a label set', '{{ $labels }}', '{ratio="0.25", service="checkout", zone="eu-1"}'],
    ['humanize pipe', '{{ $value | humanize }}', '1.235k'],
    ['humanize as a call', '{{ humanize $value }}', '1.235k'],
    ['humanizePercentage of a label', '{{ $labels.ratio | humanizePercentage }}', '25%'],
    ['printf pipe', '{{ $value | printf "%.2f" }}', '1234.57'],
    ['printf call with two values', '{{ printf "%s=%.1f" $labels.service $value }}', 'checkout=1234.6'],
    [
      'printf width and flags',
      '{{ printf "[%6.1f|%-4s|%05d|%+d]" $value "ab" 42 7 }}',
      '[1234.6|ab  |00042|+7]',
    ],
    [
      'printf %g and %e',
      '{{ printf "%g %.3g %e %%" $value $value 1500 }}',
      '1234.5678 1.23e+03 1.500000e+03 %',
    ],
    ['printf %q', '{{ printf "%q" $labels.service }}', '"checkout"'],
    ['default used for a missing label', '{{ $labels.nope | default "n/a" }}', 'n/a'],
    ['default used for an empty label', '{{ $labels.empty | default "n/a" }}', 'n/a'],
    ['default unused when set', '{{ $labels.zone | default "n/a" }}', 'eu-1'],
    ['chained pipes', '{{ $labels.nope | default "x y" | toUpper }}', 'X Y'],
    ['title', '{{ "checkout api" | title }}', 'Checkout Api'],
    ['string with escaped quote and braces', '{{ "say \\"}}\\"" }}', 'say "}}"'],
    ['raw string', '{{ `a\\n` }}', 'a\\n'],
    ['trim markers', 'a  {{- $labels.zone -}}  b', 'aeu-1b'],
    ['number literal', '{{ 0.5 | humanizePercentage }}', '50%'],
    ['non-numeric label passes through humanize', '{{ $labels.service | humanize }}', 'checkout'],
    [
      'text around several actions',
      'p99 {{ $value | humanize }}s on {{ $labels.service }}!',
      'p99 1.235ks on checkout!',
    ],
  ])('%s', (_name, text, expected) => {
    expect(render(text)).toBe(expected);
  });

  it.each([
    [1234, '1.234k'],
    [0, '0'],
    [1, '1'],
    [999, '999'],
    [123456, '123.5k'],
    [2.5e9, '2.5G'],
    [0.5, '500m'],
    [0.000123, '123u'],
    [-1500, '-1.5k'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
  ])('humanize %d => %s', (value, expected) => {
    expect(render('{{ $value | humanize }}', value)).toBe(expected);
  });

  it.each([
    [0.123, '12.3%'],
    [1, '100%'],
    [0.00012345, '0.01234%'],
  ])('humanizePercentage %d => %s', (value, expected) => {
    expect(render('{{ humanizePercentage $value }}', value)).toBe(expected);
  });

  it.each([
    [3723, '1h 2m 3s'],
    [90061, '1d 1h 1m 1s'],
    [125, '2m 5s'],
    [12.345, '12.35s'],
    [0, '0s'],
    [0.25, '250ms'],
    [-65, '-1m 5s'],
  ])('humanizeDuration %d => %s', (value, expected) => {
    expect(render('{{ $value | humanizeDuration }}', value)).toBe(expected);
  });

  it.each([
    [Number.NaN, 'NaN'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
    [1e21, '1e+21'],
    [-0.5, '-0.5'],
  ])('prints the bare value %d as %s', (value, expected) => {
    expect(render('{{ $value }}', value)).toBe(expected);
  });
});

describe('compileTemplate rejects', () => {
  it.each([
    [
      'unknown variable',
      'x {{ $valu }}',
      5,
      'unknown variable "$valu"; use $value, $labels or $labels.<name>',
    ],
    ['unknown field', '{{ .Values }}', 3, 'unknown field ".Values"; use .Value, .Labels or .Labels.<name>'],
    [
      'nested label path',
      '{{ $labels.a.b }}',
      3,
      '"$labels.a.b" is not a label reference; use $labels.<name>',
    ],
    [
      'unknown function with suggestion',
      '{{ $value | humanise }}',
      12,
      'unknown function "humanise" (did you mean "humanize"?)',
    ],
    ['unknown function without suggestion', '{{ query "up" }}', 3, 'unknown function "query"'],
    ['control flow', '{{ if $value }}x{{ end }}', 3, 'unknown function "if"'],
    ['unclosed action', 'a {{ $value', 2, 'unclosed action: missing "}}"'],
    ['empty action', '{{ }}', 3, 'missing value or function'],
    ['empty pipe stage', '{{ $value | }}', 12, 'missing value or function'],
    ['unterminated string', '{{ "abc }}', 3, 'unterminated string'],
    ['parentheses', '{{ (humanize $value) }}', 3, 'unexpected character "("; parentheses are not supported'],
    ['assignment', '{{ $x := 1 }}', 3, 'unknown variable "$x"; use $value, $labels or $labels.<name>'],
    ['value after value', '{{ $value $value }}', 10, 'unexpected "$value" after a value; use a pipe'],
    [
      'piping into a value',
      '{{ $value | $value }}',
      12,
      'cannot pipe into "$value"; only functions take piped values',
    ],
    [
      'labels as an argument',
      '{{ $labels | humanize }}',
      3,
      '"$labels" is a set of labels; use $labels.<name>',
    ],
    [
      'wrong arity',
      '{{ humanize $value 2 }}',
      3,
      'humanize takes 1 argument (counting a piped value), got 2',
    ],
    [
      'printf without format',
      '{{ $value | printf }}',
      12,
      'printf needs a format string first, e.g. printf "%.2f" $value',
    ],
    [
      'printf bad verb',
      '{{ printf "%.2y" $value }}',
      11,
      'printf: unsupported verb "%y"; use %v %s %q %d %f %e %g',
    ],
    [
      'printf too few values',
      '{{ printf "%s %s" $value }}',
      3,
      'printf format "%s %s" needs 2 values, got 1',
    ],
    ['printf too many values', '{{ printf "%s" $value 1 }}', 3, 'printf format "%s" needs 1 value, got 2'],
  ])('%s', (_name, text, offset, message) => {
    expect(compileTemplate(text)).toEqual({ ok: false, offset, message });
  });
});
