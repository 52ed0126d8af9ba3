import { didYouMean } from '../templates/did-you-mean';
import { ImportedGroupSource, ImportedSli, ImportedSloSource } from './imported-slo';
import { DataSourceTypes, sliOfIndicator } from './openslo-indicator';
import { windowOf } from './openslo-window';
import { labelsOf, percentObjective, sloNameOf } from './slo-fields';
import { YamlCursor } from './yaml-cursor';

/**
 * OpenSLO v1 documents (github.com/OpenSLO/OpenSLO, README "Specification"): every `SLO` with a counter
 * `ratioMetric` SLI, inline or named by `indicatorRef`, becomes a `kind: slo` rule with forewarn's default (SRE
 * workbook) burn rates, one per objective. SLOs are grouped by `spec.service`; `SLI` and `DataSource` documents are
 * read for references, `Service` documents need nothing, and alerting documents are reported as not imported.
 */

export const OPENSLO_API_VERSION = 'openslo/v1';

const KINDS = [
  'SLO',
  'SLI',
  'DataSource',
  'Service',
  'AlertPolicy',
  'AlertCondition',
  'AlertNotificationTarget',
];
const ALERTING_KINDS = ['AlertPolicy', 'AlertCondition', 'AlertNotificationTarget'];
const SLO_SPEC_KEYS = [
  'description',
  'service',
  'indicator',
  'indicatorRef',
  'timeWindow',
  'budgetingMethod',
  'objectives',
  'alertPolicies',
];
const OBJECTIVE_KEYS = [
  'displayName',
  'op',
  'value',
  'target',
  'targetPercent',
  'timeSliceTarget',
  'timeSliceWindow',
];
const BUDGETING_METHODS = ['Occurrences', 'Timeslices', 'RatioTimeslices'];
const ALERTING_NOT_IMPORTED =
  'is not imported: forewarn alerts on the burn rates of the SLO (burn_rates, by default the SRE workbook table)';

/** A document with a valid header. */
interface OpenSloObject {
  readonly kind: string;
  readonly name: string;
  readonly document: YamlCursor;
}

/** What SLOs refer to by name: SLIs (their `spec`) and the types of data sources. */
interface References {
  readonly slis: ReadonlyMap<string, YamlCursor>;
  readonly dataSources: DataSourceTypes;
}

/** Imports the SLOs of the documents; those without `spec.service` go to the group `fallbackGroup`. */
export function importOpenSloDocuments(
  documents: readonly YamlCursor[],
  fallbackGroup: string,
): ImportedGroupSource[] {
  const objects = documents.flatMap((document) => objectOf(document) ?? []);
  const references = referencesOf(objects);
  const groups = new Map<string, { service?: string; rules: ImportedSloSource[] }>();
  for (const object of objects) {
    if (ALERTING_KINDS.includes(object.kind)) {
      object.document.child('kind').warning(`${object.kind} "${object.name}" ${ALERTING_NOT_IMPORTED}`);
    }
    if (object.kind !== 'SLO') {
      continue;
    }
    const imported = importSlo(object.document, references);
    if (imported === undefined) {
      continue;
    }
    const key = imported.service ?? fallbackGroup;
    const group = groups.get(key) ?? {
      ...(imported.service === undefined ? {} : { service: imported.service }),
      rules: [],
    };
    group.rules.push(...imported.rules);
    groups.set(key, group);
  }
  return [...groups].map(([name, group]) => ({ name, ...group }));
}

function objectOf(document: YamlCursor): OpenSloObject | undefined {
  if (!document.map(['apiVersion', 'kind', 'metadata', 'spec'])) {
    return undefined;
  }
  const apiVersionAt = document.child('apiVersion');
  const apiVersion = apiVersionAt.string({ required: true });
  if (apiVersion !== undefined && apiVersion !== OPENSLO_API_VERSION) {
    apiVersionAt.error(
      `apiVersion "${apiVersion}" cannot be imported; forewarn imports ${OPENSLO_API_VERSION}`,
    );
    return undefined;
  }
  const kindAt = document.child('kind');
  const kind = kindAt.string({ required: true });
  if (kind !== undefined && !KINDS.includes(kind)) {
    kindAt.error(`unknown kind "${kind}"${didYouMean(kind, KINDS)}; expected one of: ${KINDS.join(', ')}`);
    return undefined;
  }
  const metadata = document.child('metadata');
  if (!metadata.present) {
    metadata.error('missing required key "metadata"');
    return undefined;
  }
  const name = metadata.map(['name', 'displayName', 'labels', 'annotations'])
    ? metadata.child('name').string({ required: true })
    : undefined;
  return kind === undefined || name === undefined || apiVersion === undefined
    ? undefined
    : { kind, name, document };
}

function referencesOf(objects: readonly OpenSloObject[]): References {
  const slis = new Map<string, YamlCursor>();
  const dataSources = new Map<string, string>();
  for (const { kind, name, document } of objects) {
    if (kind === 'SLI') {
      slis.set(name, document.child('spec'));
    } else if (kind === 'DataSource') {
      const type = document.child('spec').child('type').string();
      if (type !== undefined) {
        dataSources.set(name, type);
      }
    }
  }
  return { slis, dataSources };
}

function importSlo(
  document: YamlCursor,
  references: References,
): { service?: string; rules: ImportedSloSource[] } | undefined {
  const metadata = document.child('metadata');
  const nameAt = metadata.child('name');
  const name = sloNameOf(nameAt);
  const spec = document.child('spec');
  if (!spec.present) {
    spec.error('missing required key "spec"');
    return undefined;
  }
  if (!spec.map(SLO_SPEC_KEYS)) {
    return undefined;
  }
  const service = spec.child('service').string();
  const description = spec.child('description').string() ?? metadata.child('displayName').string();
  const sli = indicatorOf(spec, references);
  const window = windowOf(spec.child('timeWindow'));
  const occurrences = checkBudgetingMethod(spec.child('budgetingMethod'));
  if (spec.child('alertPolicies').present) {
    spec.child('alertPolicies').keyWarning(`alertPolicies ${ALERTING_NOT_IMPORTED}`);
  }
  const labels = labelsOf(metadata.child('labels'));
  const objectivesAt = spec.child('objectives');
  if (!objectivesAt.present) {
    objectivesAt.error('missing required key "objectives"');
  }
  const objectives = objectivesAt.items().map((at, index, all) => ({
    at,
    objective: objectiveOf(at),
    suffix: all.length === 1 ? '' : `-${slug(at.child('displayName').value) || String(index + 1)}`,
  }));
  if (name === undefined || sli === undefined || window === undefined || !occurrences) {
    return undefined;
  }
  const rules = objectives.flatMap(({ at, objective, suffix }): ImportedSloSource[] => {
    if (objective === undefined) {
      return [];
    }
    const slo = {
      slo: `${name}${suffix}`,
      kind: 'slo' as const,
      objective,
      window,
      ...(description === undefined ? {} : { description }),
      sli,
      ...(Object.keys(labels).length === 0 ? {} : { labels }),
    };
    return [{ slo, origin: suffix === '' ? nameAt : at }];
  });
  return { ...(service === undefined ? {} : { service }), rules };
}

function indicatorOf(spec: YamlCursor, references: References): ImportedSli | undefined {
  const inline = spec.child('indicator');
  const refAt = spec.child('indicatorRef');
  if (inline.present && refAt.present) {
    refAt.keyError('give either "indicator" or "indicatorRef", not both');
    return undefined;
  }
  if (refAt.present) {
    const ref = refAt.string();
    const sliSpec = ref === undefined ? undefined : references.slis.get(ref);
    if (ref !== undefined && sliSpec === undefined) {
      refAt.error(
        `no SLI named "${ref}" in this file; add its SLI document or write it inline as "indicator"`,
      );
    }
    return sliSpec === undefined ? undefined : sliOfIndicator(sliSpec, references.dataSources);
  }
  if (!inline.present) {
    spec.error('missing required key "indicator" (or "indicatorRef")');
    return undefined;
  }
  if (!inline.map(['metadata', 'spec'])) {
    return undefined;
  }
  const sliSpec = inline.child('spec');
  if (!sliSpec.present) {
    sliSpec.error('missing required key "spec"');
    return undefined;
  }
  return sliOfIndicator(sliSpec, references.dataSources);
}

/** True for Occurrences, which is what forewarn counts; a missing method is taken as Occurrences. */
function checkBudgetingMethod(at: YamlCursor): boolean {
  if (!at.present) {
    at.warning('no budgetingMethod; the SLO is imported as Occurrences (good events over all events)');
    return true;
  }
  const method = at.string();
  if (method === undefined) {
    return false;
  }
  if (method === 'Occurrences') {
    return true;
  }
  at.error(
    BUDGETING_METHODS.includes(method)
      ? `budgetingMethod ${method} cannot be imported: forewarn SLOs count events (Occurrences), not time slices`
      : `unknown budgetingMethod "${method}"${didYouMean(method, BUDGETING_METHODS)}; expected one of: ${BUDGETING_METHODS.join(', ')}`,
  );
  return false;
}

/** The objective in percent, from `target` (a ratio) or `targetPercent`. */
function objectiveOf(at: YamlCursor): number | undefined {
  if (!at.map(OBJECTIVE_KEYS)) {
    return undefined;
  }
  for (const key of ['op', 'value', 'timeSliceTarget', 'timeSliceWindow']) {
    if (at.child(key).present) {
      at.child(key).keyWarning(`"${key}" is not imported: it applies to threshold metrics or time slices`);
    }
  }
  const targetAt = at.child('target');
  const percentAt = at.child('targetPercent');
  if (targetAt.present && percentAt.present) {
    percentAt.keyError('give either "target" or "targetPercent", not both');
    return undefined;
  }
  if (percentAt.present) {
    const percent = percentAt.number();
    return percent === undefined ? undefined : percentObjective(percentAt, percent);
  }
  if (!targetAt.present) {
    at.error('an objective needs "target" (e.g. 0.999) or "targetPercent" (e.g. 99.9)');
    return undefined;
  }
  const target = targetAt.number();
  // 12 significant digits: 0.999 × 100 is 99.9, not 99.89999999999999.
  return target === undefined
    ? undefined
    : percentObjective(targetAt, Number((target * 100).toPrecision(12)));
}

/** `Foo Total Errors` → `foo-total-errors`: a display name as part of an SLO name. */
function slug(value: unknown): string {
  return typeof value === 'string'
    ? value
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
    : '';
}
