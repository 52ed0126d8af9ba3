import { CompiledSloRule } from 'src/core/evaluation/compile-slo-rule';
import { NotFoundError } from 'src/core/errors';
import { RuleRegistry } from '../rules/rule-registry.service';

/** The loaded SLO named `name`; a 404 if no rule file defines it. */
export function loadedSlo(registry: RuleRegistry, name: string): CompiledSloRule {
  for (const group of registry.allGroups()) {
    for (const rule of group.rules) {
      if (rule.kind === 'slo' && rule.rule.name === name) {
        return rule;
      }
    }
  }
  throw new NotFoundError(`no SLO named "${name}" is loaded`);
}
