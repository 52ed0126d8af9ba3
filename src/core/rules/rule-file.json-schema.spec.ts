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
            rules: { items: { oneOf: Array<{ required: string[]; additionalProperties: boolean }> } };
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
});
