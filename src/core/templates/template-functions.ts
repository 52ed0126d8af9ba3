import { formatNumber } from './go-format';
import { humanize, humanizeDuration, humanizePercentage } from './humanize';

/** The functions templates may call. Pure string/number helpers: nothing here reaches outside its arguments. */

export type TemplateValue = number | string;

export interface TemplateFunction {
  /** Number of arguments, counting the piped value. */
  readonly arity: number;
  readonly call: (args: readonly TemplateValue[]) => string;
}

export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  humanize: numeric(humanize),
  humanizePercentage: numeric(humanizePercentage),
  humanizeDuration: numeric(humanizeDuration),
  toUpper: { arity: 1, call: ([value]) => toText(value).toUpperCase() },
  toLower: { arity: 1, call: ([value]) => toText(value).toLowerCase() },
  title: { arity: 1, call: ([value]) => toText(value).replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, titleCase) },
  /** `{{ $labels.zone | default "unknown" }}`: the fallback when the value is empty. */
  default: {
    arity: 2,
    call: ([fallback, value]) => {
      const text = toText(value);
      return text === '' ? toText(fallback) : text;
    },
  },
};

/** `printf` is handled by the compiler: its format is checked at compile time. */
export const TEMPLATE_FUNCTION_NAMES: readonly string[] = [...Object.keys(TEMPLATE_FUNCTIONS), 'printf'];

export function toText(value: TemplateValue | undefined): string {
  if (value === undefined) {
    return '';
  }
  return typeof value === 'number' ? formatNumber(value) : value;
}

/** Numeric helpers accept numbers and numeric strings (label values); other strings pass through unchanged. */
function numeric(format: (value: number) => string): TemplateFunction {
  return {
    arity: 1,
    call: ([value]) => {
      if (typeof value === 'number') {
        return format(value);
      }
      const text = value ?? '';
      const parsed = Number(text);
      return text.trim() === '' || Number.isNaN(parsed) ? text : format(parsed);
    },
  };
}

function titleCase(_match: string, before: string, letter: string): string {
  return before + letter.toUpperCase();
}
