import { z } from 'zod';
import { ruleFileSchema } from './rule-file.schema';

/**
 * JSON Schema of rule files as written (input side), for editors: save it as `rules/rule-file.schema.json` and
 * YAML files with `# yaml-language-server: $schema=./rule-file.schema.json` get completion and validation.
 * Checks that need code (PromQL, templates, durations, duplicates) are only in the loader.
 */
export function ruleFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ruleFileSchema, { io: 'input', unrepresentable: 'any' });
}

/** The committed file's exact text: pretty-printed, with a trailing newline. */
export function ruleFileJsonSchemaText(): string {
  return `${JSON.stringify(ruleFileJsonSchema(), null, 2)}\n`;
}
