import { Labels } from '../model';
import { RuleGroup } from '../rules/rule-file.schema';
import { compileTemplate } from '../templates/render-template';

export type AnnotationRenderer = (context: { value: number; labels: Labels }) => Labels;

/** Compiles a rule's annotation templates (the loader already checked them; a failure here is a programming error). */
export function compileAnnotations(
  group: RuleGroup,
  ruleName: string,
  annotations: Labels,
): AnnotationRenderer {
  const templates = Object.entries(annotations).map(([key, text]) => {
    const compiled = compileTemplate(text);
    if (!compiled.ok) {
      throw new Error(`annotation ${key} of ${group.name}/${ruleName}: ${compiled.message}`);
    }
    return [key, compiled] as const;
  });
  return (context) => {
    const rendered: Record<string, string> = {};
    for (const [key, template] of templates) {
      rendered[key] = template.render(context);
    }
    return rendered;
  };
}
