import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatRuleProblem, loadRuleFiles } from './load-rule-file';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const RULES_DIR = join(REPO_ROOT, 'rules');

describe('the rules/ folder of the repository', () => {
  const files = readdirSync(RULES_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({
      file: relative(REPO_ROOT, join(RULES_DIR, name)),
      text: readFileSync(join(RULES_DIR, name), 'utf8'),
    }));

  it('has rule files', () => {
    expect(files.map((entry) => entry.file)).toContain(join('rules', 'checkout.yaml'));
  });

  it('loads every file without errors or warnings', () => {
    const { groups, problems } = loadRuleFiles(files);
    expect(problems.map(formatRuleProblem)).toEqual([]);
    expect(groups.length).toBeGreaterThan(0);
  });

  it('has the checkout latency rule the demo breaches', () => {
    const { groups } = loadRuleFiles(files);
    const checkout = groups.find((group) => group.name === 'checkout');
    expect(checkout?.intervalMs).toBe(15_000);
    expect(checkout?.rules.find((rule) => rule.name === 'CheckoutLatencyHigh')).toMatchObject({
      expr: 'avg by (service) (avg_over_time(http_request_duration_seconds{service="checkout"}[1m])) > 0.5',
      forMs: 30_000,
      labels: { severity: 'critical' },
      runbookUrl: 'https://runbooks.example.com/checkout-latency',
    });
  });
});
