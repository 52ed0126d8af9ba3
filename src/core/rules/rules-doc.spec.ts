import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRuleProblem, loadRuleFile } from './load-rule-file';

/** The rule examples in docs/rules.md load without problems, so the reference cannot drift from the loader. */

const DOC = join('docs', 'rules.md');
const text = readFileSync(join(__dirname, '..', '..', '..', DOC), 'utf8');
const yamlBlocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

/** A rule example (`- alert: ...`) wrapped in a group, or a full file as it is. */
function asRuleFile(block: string): string {
  if (/^- (alert|slo|record):/.test(block)) {
    const indented = block
      .split('\n')
      .map((line) => (line === '' ? line : `      ${line}`))
      .join('\n');
    return `groups:\n  - name: g\n    interval: 15s\n    rules:\n${indented}`;
  }
  return block;
}

describe('docs/rules.md', () => {
  const rules = yamlBlocks.filter((block) => /^- (alert|slo|record):/.test(block));

  it('has an example of every rule kind', () => {
    expect(rules.map((block) => /kind: (\w+)/.exec(block)?.[1] ?? 'threshold').sort()).toEqual(
      expect.arrayContaining(['anomaly', 'forecast', 'recording', 'slo', 'threshold']),
    );
  });

  it.each(rules.map((block) => [block.split('\n')[0] ?? '', block]))('example %s loads', (_name, block) => {
    const result = loadRuleFile(DOC, asRuleFile(block));
    expect(result.problems.map(formatRuleProblem)).toEqual([]);
    expect(result.groups[0]?.rules).toHaveLength(1);
  });
});
