import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleFileJsonSchemaText } from 'src/core/rules/rule-file.json-schema';

/** `npm run rules:schema`: regenerates the committed rules/rule-file.schema.json from the zod schema. */
const target = join(__dirname, '..', 'rules', 'rule-file.schema.json');
writeFileSync(target, ruleFileJsonSchemaText());
process.stdout.write(`wrote ${target}\n`);
