import { Document } from 'yaml';
import { ImportedGroup } from './imported-slo';

/**
 * Writes imported groups as a forewarn rule file: block style, no line folding (PromQL stays on one line), and the
 * schema comment so that editors check the file (see docs/rules.md, "Files").
 */
export function renderRuleFile(groups: readonly ImportedGroup[], header: string): string {
  const document = new Document({ groups }, { aliasDuplicateObjects: false });
  document.commentBefore = [' yaml-language-server: $schema=./rule-file.schema.json', ` ${header}`].join(
    '\n',
  );
  return document.toString({ lineWidth: 0, singleQuote: true });
}
