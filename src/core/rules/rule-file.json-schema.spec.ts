import { ruleFileJsonSchema } from './rule-file.json-schema';

describe('ruleFileJsonSchema', () => {
  const schema = JSON.parse(JSON.stringify(ruleFileJsonSchema())) as {
    required: string[];
    additionalProperties: boolean;
    properties: {
      groups: {
        items: {
          required: string[];
          additionalProperties: boolean;
          properties: {
            rules: {
              items: {
                oneOf: Array<{
                  required: string[];
                  additionalProperties: boolean;
                  properties: Record<string, { default?: unknown; enum?: unknown[] }>;
                }>;
              };
            };
          };
        };
      };
    };
  };

  it('is strict at every level and lists the required keys', () => {
    const group = schema.properties.groups.items;
    const [threshold] = group.properties.rules.items.oneOf;
    expect([schema.required, group.required, threshold?.required]).toEqual([
      ['groups'],
      ['name', 'rules'],
      ['alert', 'expr'],
    ]);
    expect([
      schema.additionalProperties,
      group.additionalProperties,
      threshold?.additionalProperties,
    ]).toEqual([false, false, false]);
  });

  it('has one strict option per rule kind; kind may be left out only for threshold and recording rules', () => {
    const options = schema.properties.groups.items.properties.rules.items.oneOf;
    expect(
      options.map((option) => [option.required, option.properties.kind, option.additionalProperties]),
    ).toEqual([
      [['alert', 'expr'], { type: 'string', const: 'threshold', default: 'threshold' }, false],
      [['record', 'expr'], { type: 'string', const: 'recording', default: 'recording' }, false],
      [['alert', 'kind', 'series', 'detector'], { type: 'string', const: 'anomaly' }, false],
      [
        ['alert', 'kind', 'series', 'method', 'lookback', 'threshold', 'horizon'],
        { type: 'string', const: 'forecast' },
        false,
      ],
      [['slo', 'kind', 'objective', 'window', 'sli'], { type: 'string', const: 'slo' }, false],
    ]);
  });
});
