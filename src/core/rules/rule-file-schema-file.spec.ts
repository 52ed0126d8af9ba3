import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleFileJsonSchemaText } from './rule-file.json-schema';

describe('rules/rule-file.schema.json', () => {
  it('is up to date with the zod schema (run `npm run rules:schema` after changing it)', () => {
    const committed = readFileSync(
      join(__dirname, '..', '..', '..', 'rules', 'rule-file.schema.json'),
      'utf8',
    );
    expect(committed).toBe(ruleFileJsonSchemaText());
  });
});
