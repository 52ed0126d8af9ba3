import { formatRuleProblem, loadRuleFile, loadRuleFiles } from './load-rule-file';
import { RuleGroup } from './rule-file.schema';

/** Lines joined with newlines, so that line and column numbers in the tables are easy to count. */
function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function problemLines(text: string): string[] {
  return loadRuleFile('rules/test.yaml', text).problems.map(
    (problem) => `${problem.line}:${problem.col}: ${problem.severity}: ${problem.message}`,
  );
}

/** A group `g` with one rule `A`, whose rule body is `ruleLines` (indented under `- `). */
function oneRule(...ruleLines: string[]): string {
  const [first = '', ...rest] = ruleLines;
  return yaml(
    'groups:',
    '  - name: g',
    '    rules:',
    `      - ${first}`,
    ...rest.map((line) => `        ${line}`),
  );
}

const ALIAS_BOMB = yaml(
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'groups: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
);

describe('loadRuleFile reports problems', () => {
  it.each<[string, string, string[]]>([
    [
      'unknown key with a suggestion',
      oneRule('alert: A', 'expr: up > 0', 'anotations:', '  summary: x'),
      ['6:9: error: unknown key "anotations" (did you mean "annotations"?)'],
    ],
    [
      'unknown key without a suggestion',
      oneRule('alert: A', 'expr: up > 0', 'owner: me'),
      ['6:9: error: unknown key "owner"'],
    ],
    [
      'wrong type',
      yaml('groups:', '  - name: g', '    rules: nope'),
      ['3:12: error: rules: expected a list, got "nope"'],
    ],
    [
      'a list item of the wrong type',
      yaml('groups:', '  - name: g', '    rules:', '      - just text'),
      ['4:9: error: rules[0]: expected a map, got "just text"'],
    ],
    [
      'bad duration',
      oneRule('alert: A', 'expr: up > 0', 'for: 5 minutes'),
      [
        '6:14: error: for: invalid duration "5 minutes": use units ms, s, m, h, d, w, y in descending order, e.g. 1h30m',
      ],
    ],
    [
      'duration written as a number',
      oneRule('alert: A', 'expr: up > 0', 'for: 30'),
      ['6:14: error: for: expected a duration like "30s", got the number 30'],
    ],
    [
      'empty duration',
      oneRule('alert: A', 'expr: up > 0', 'keep_firing_for:'),
      ['6:9: error: keep_firing_for: expected a duration like "30s", got an empty value'],
    ],
    [
      'zero group interval',
      yaml('groups:', '  - name: g', '    interval: 0s', '    rules: []'),
      ['3:15: error: interval: must be longer than 0s'],
    ],
    ['missing alert name', oneRule('expr: up > 0', 'for: 1m'), ['4:9: error: missing required key "alert"']],
    [
      'invalid alert name',
      oneRule('alert: checkout-latency', 'expr: up > 0'),
      [
        '4:16: error: alert: "checkout-latency" is not a valid alert name; use letters, digits and underscores, not starting with a digit',
      ],
    ],
    [
      'duplicate alert in a group',
      yaml(
        'groups:',
        '  - name: g',
        '    rules:',
        '      - alert: A',
        '        expr: up > 0',
        '      - alert: A',
        '        expr: up > 1',
      ),
      ['6:16: error: duplicate alert "A" in group "g" (first defined at line 4)'],
    ],
    [
      'duplicate group in a file',
      yaml('groups:', '  - name: g', '    rules: []', '  - name: g', '    rules: []'),
      ['4:11: error: duplicate group name "g" (first defined at rules/test.yaml:2:11)'],
    ],
    [
      'expr that does not parse, with the offset of the problem',
      oneRule('alert: A', 'expr: sum(rate(x[5m]) > 0'),
      ['5:34: error: expr: unexpected end of input at 19, expected ")" or an operator'],
    ],
    [
      'expr that does not parse, quoted',
      oneRule('alert: A', `expr: 'sum(rate(x[5m]) > 0'`),
      ['5:35: error: expr: unexpected end of input at 19, expected ")" or an operator'],
    ],
    [
      'expr without a comparison',
      oneRule('alert: A', 'expr: avg(up)'),
      [
        '5:15: error: expr: a threshold rule\'s expr must end in a comparison with a number, e.g. "... > 0.5"',
      ],
    ],
    [
      'expr compared with a vector, not a number',
      oneRule('alert: A', 'expr: up > down'),
      [
        '5:15: error: expr: a threshold rule\'s expr must end in a comparison with a number, e.g. "... > 0.5"',
      ],
    ],
    [
      'custom tag',
      oneRule('alert: A', 'expr: !!js/function "return 1"'),
      ['5:15: error: unsupported YAML tag !!js/function; rule files allow plain values only'],
    ],
    [
      'local tag',
      oneRule('alert: !shell A', 'expr: up > 0'),
      ['4:16: error: unsupported YAML tag !shell; rule files allow plain values only'],
    ],
    [
      'YAML syntax error',
      yaml('groups:', '  - name: g', '    rules: [', '      - alert: A'),
      [
        '4:7: error: invalid YAML: Block collections are not allowed within flow collections',
        '5:1: error: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ],
    ],
    [
      'duplicate YAML key',
      oneRule('alert: A', 'expr: up > 0', 'expr: up > 1'),
      ['6:9: error: invalid YAML: Map keys must be unique'],
    ],
    [
      'tab indentation',
      yaml('groups:', '\t- name: g'),
      ['2:1: error: invalid YAML: Tabs are not allowed as indentation'],
    ],
    [
      'alias bomb',
      ALIAS_BOMB,
      [
        '2:8: error: YAML aliases expand to too many nodes (limit 100); expand the values or use fewer aliases',
      ],
    ],
    [
      'bad severity',
      oneRule('alert: A', 'expr: up > 0', 'labels:', '  severity: page'),
      ['7:21: error: labels.severity: must be one of critical, warning, info, got "page"'],
    ],
    [
      'bad severity in group labels',
      yaml('groups:', '  - name: g', '    labels: { severity: urgent }', '    rules: []'),
      ['3:25: error: labels.severity: must be one of critical, warning, info, got "urgent"'],
    ],
    [
      'label value that is a number',
      oneRule('alert: A', 'expr: up > 0', 'labels: { priority: 1 }'),
      ['6:29: error: labels.priority: expected a string, got the number 1; quote it, e.g. "1"'],
    ],
    [
      'invalid label name',
      oneRule('alert: A', 'expr: up > 0', 'labels:', '  team-name: x'),
      [
        '7:11: error: labels: "team-name" is not a valid label name; use letters, digits and underscores, not starting with a digit',
      ],
    ],
    [
      'invalid template variable, plain scalar',
      oneRule('alert: A', 'expr: up > 0', 'annotations:', '  summary: Latency {{ $valeu }}'),
      ['7:31: error: annotations.summary: unknown variable "$valeu"; use $value, $labels or $labels.<name>'],
    ],
    [
      'invalid template variable, double-quoted with escapes',
      oneRule('alert: A', 'expr: up > 0', 'annotations:', '  summary: "\\"x\\" {{ $labels.a | humanise }}"'),
      ['7:42: error: annotations.summary: unknown function "humanise" (did you mean "humanize"?)'],
    ],
    [
      'invalid template, single-quoted with an escaped quote',
      oneRule('alert: A', 'expr: up > 0', 'annotations:', "  summary: 'it''s {{ $value'"),
      ['7:27: error: annotations.summary: unclosed action: missing "}}"'],
    ],
    [
      'invalid template in a block scalar',
      oneRule(
        'alert: A',
        'expr: up > 0',
        'annotations:',
        '  description: |',
        '    Line one.',
        '    Value {{ .Valu }}.',
      ),
      ['9:22: error: annotations.description: unknown field ".Valu"; use .Value, .Labels or .Labels.<name>'],
    ],
    [
      'URL that is not http(s)',
      oneRule('alert: A', 'expr: up > 0', 'runbook_url: ftp://runbooks/x'),
      ['6:22: error: runbook_url: expected an http(s) URL, got "ftp://runbooks/x"'],
    ],
    [
      'unknown rule kind',
      oneRule('alert: A', 'kind: magic', 'expr: up > 0'),
      [
        '5:15: error: kind: unknown rule kind "magic"; expected one of: threshold, recording, anomaly, forecast, slo',
      ],
    ],
    [
      'for shorter than the group interval',
      yaml(
        'groups:',
        '  - name: g',
        '    interval: 15s',
        '    rules:',
        '      - alert: A',
        '        expr: up > 0',
        '        for: 10s',
      ),
      ['7:14: warning: for 10s is shorter than the group interval 15s; the alert can fire on one evaluation'],
    ],
    [
      'for shorter than the default interval',
      oneRule('alert: A', 'expr: up > 0', 'for: 30s'),
      ['6:14: warning: for 30s is shorter than the group interval 1m; the alert can fire on one evaluation'],
    ],
    ['empty file', '', ['1:1: error: file is empty; expected a "groups:" list']],
    ['file with only a null', yaml('~'), ['1:1: error: file is empty; expected a "groups:" list']],
    [
      'file with only comments',
      yaml('# nothing yet', ''),
      ['1:1: error: file is empty; expected a "groups:" list'],
    ],
    ['top-level list', yaml('- name: g'), ['1:1: error: expected a map, got a list']],
    [
      'misspelled top-level key',
      yaml('group:', '  - name: g'),
      [
        '1:1: error: missing required key "groups"',
        '1:1: error: unknown key "group" (did you mean "groups"?)',
      ],
    ],
    [
      'several problems at once, in file order',
      yaml(
        'groups:',
        '  - name: g',
        '    interval: soon',
        '    rules:',
        '      - alert: A',
        '        expr: up',
        '        labels: { severity: page }',
        '        anotations: {}',
        '      - expr: up > 0',
      ),
      [
        '3:15: error: interval: invalid duration "soon": use units ms, s, m, h, d, w, y in descending order, e.g. 1h30m',
        '6:15: error: expr: a threshold rule\'s expr must end in a comparison with a number, e.g. "... > 0.5"',
        '7:29: error: labels.severity: must be one of critical, warning, info, got "page"',
        '8:9: error: unknown key "anotations" (did you mean "annotations"?)',
        '9:9: error: missing required key "alert"',
      ],
    ],
    [
      'expr error in the middle of the line',
      oneRule('alert: A', `expr: up{job="a"} = 1`),
      ['5:27: error: expr: unexpected "=" at 12; use "==" to compare'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(problemLines(text)).toEqual(expected);
  });

  it('rejects files over 1 MiB without parsing them', () => {
    const text = `# ${'x'.repeat(1024 * 1024)}\ngroups: []\n`;
    expect(problemLines(text)).toEqual(['1:1: error: file is 1.0 MiB; rule files must be at most 1 MiB']);
  });

  it('returns no groups from a file with errors', () => {
    const result = loadRuleFile('rules/test.yaml', oneRule('alert: A', 'expr: up'));
    expect(result.groups).toEqual([]);
  });

  it('returns groups from a file with only warnings', () => {
    const result = loadRuleFile('rules/test.yaml', oneRule('alert: A', 'expr: up > 0', 'for: 30s'));
    expect(result.problems.map((problem) => problem.severity)).toEqual(['warning']);
    expect(result.groups.map((group) => group.name)).toEqual(['g']);
  });
});

describe('formatRuleProblem', () => {
  it('formats file:line:col: severity: message', () => {
    const problem = {
      file: 'rules/checkout.yaml',
      line: 12,
      col: 9,
      severity: 'error',
      message: 'oops',
    } as const;
    expect(formatRuleProblem(problem)).toBe('rules/checkout.yaml:12:9: error: oops');
  });
});

describe('loadRuleFiles', () => {
  const groupFile = (name: string) => yaml('groups:', `  - name: ${name}`, '    rules: []');

  it('reports a group name used in two files, naming both places, and drops the second file', () => {
    const result = loadRuleFiles([
      { file: 'rules/a.yaml', text: groupFile('checkout') },
      { file: 'rules/b.yaml', text: yaml('# second', ...groupFile('checkout').trimEnd().split('\n')) },
      { file: 'rules/c.yaml', text: groupFile('search') },
    ]);
    expect(result.problems.map(formatRuleProblem)).toEqual([
      'rules/b.yaml:3:11: error: duplicate group name "checkout" (first defined at rules/a.yaml:2:11)',
    ]);
    expect(result.groups.map((group) => `${group.file}:${group.name}`)).toEqual([
      'rules/a.yaml:checkout',
      'rules/c.yaml:search',
    ]);
  });

  it('keeps problems of each file, in file order', () => {
    const result = loadRuleFiles([
      { file: 'rules/a.yaml', text: '' },
      { file: 'rules/b.yaml', text: oneRule('alert: A', 'expr: up') },
    ]);
    expect(result.problems.map((problem) => `${problem.file}:${problem.line}`)).toEqual([
      'rules/a.yaml:1',
      'rules/b.yaml:5',
    ]);
    expect(result.groups).toEqual([]);
  });
});

describe('loadRuleFile loads valid files', () => {
  it('loads the full example to typed groups', () => {
    const text = yaml(
      '# yaml-language-server: $schema=./rule-file.schema.json',
      'groups:',
      '  - name: checkout',
      '    interval: 15s',
      '    labels: { team: payments }',
      '    rules:',
      '      - alert: CheckoutLatencyHigh',
      '        kind: threshold',
      '        expr: avg by (service) (avg_over_time(http_request_duration_seconds{service="checkout"}[1m])) > 0.5',
      '        for: 30s',
      '        keep_firing_for: 1m',
      '        labels: { severity: critical }',
      '        annotations:',
      "          summary: 'Checkout latency is {{ $value | humanize }}s on {{ $labels.service }}'",
      '        runbook_url: https://runbooks.example.com/checkout-latency',
      '        dashboard_url: https://grafana.example.com/d/checkout',
    );
    const expected: RuleGroup[] = [
      {
        name: 'checkout',
        file: 'rules/checkout.yaml',
        intervalMs: 15_000,
        labels: { team: 'payments' },
        rules: [
          {
            kind: 'threshold',
            name: 'CheckoutLatencyHigh',
            expr: 'avg by (service) (avg_over_time(http_request_duration_seconds{service="checkout"}[1m])) > 0.5',
            forMs: 30_000,
            keepFiringForMs: 60_000,
            labels: { severity: 'critical' },
            annotations: { summary: 'Checkout latency is {{ $value | humanize }}s on {{ $labels.service }}' },
            runbookUrl: 'https://runbooks.example.com/checkout-latency',
            dashboardUrl: 'https://grafana.example.com/d/checkout',
            noData: 'resolve',
            minFiringMs: 0,
            flapThreshold: 6,
          },
        ],
      },
    ];
    expect(loadRuleFile('rules/checkout.yaml', text)).toStrictEqual({ groups: expected, problems: [] });
  });

  it('applies defaults to a minimal rule', () => {
    const result = loadRuleFile('r.yaml', oneRule('alert: A', 'expr: up > 0'));
    expect(result).toStrictEqual({
      groups: [
        {
          name: 'g',
          file: 'r.yaml',
          intervalMs: 60_000,
          labels: {},
          rules: [
            {
              kind: 'threshold',
              name: 'A',
              expr: 'up > 0',
              forMs: 0,
              keepFiringForMs: 0,
              labels: {},
              annotations: {},
              noData: 'resolve',
              minFiringMs: 0,
              flapThreshold: 6,
            },
          ],
        },
      ],
      problems: [],
    });
  });

  it('loads a file with no groups and one with an empty group', () => {
    expect(loadRuleFile('r.yaml', 'groups: []\n')).toStrictEqual({ groups: [], problems: [] });
    expect(loadRuleFile('r.yaml', yaml('groups:', '  - name: g', '    rules: []')).groups).toHaveLength(1);
  });

  it('accepts a few anchors and aliases', () => {
    const text = yaml(
      'groups:',
      '  - name: g',
      '    rules:',
      '      - alert: A',
      '        expr: up > 0',
      '        labels: &critical { severity: critical }',
      '      - alert: B',
      '        expr: up > 1',
      '        labels: *critical',
    );
    const result = loadRuleFile('r.yaml', text);
    expect(result.problems).toEqual([]);
    expect(result.groups[0]?.rules.map((rule) => rule.labels)).toEqual([
      { severity: 'critical' },
      { severity: 'critical' },
    ]);
  });

  it('reads multi-line expressions', () => {
    const result = loadRuleFile(
      'r.yaml',
      oneRule('alert: A', 'expr: |', '  sum(rate(errors[5m]))', '    > 3'),
    );
    expect(result.problems).toEqual([]);
    expect(result.groups[0]?.rules[0]).toHaveProperty('expr', 'sum(rate(errors[5m]))\n  > 3\n');
  });
});
