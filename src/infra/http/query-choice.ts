import { InvalidInputError } from 'src/core/errors';

/** A query parameter that must be one of `allowed` (`fallback` when absent or empty); a 400 naming `field` if not. */
export function queryChoice<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  field: string,
  fallback: T,
): T {
  if (value === undefined || value === '') {
    return fallback;
  }
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InvalidInputError(`bad ${field} "${value}"`, [
      { where: field, message: `use ${allowed.join(', ')}` },
    ]);
  }
  return value as T;
}

/** `?format=` of a page that is also JSON. */
export const PAGE_FORMATS = ['html', 'json'] as const;
export type PageFormat = (typeof PAGE_FORMATS)[number];
export const pageFormat = (text: string | undefined): PageFormat =>
  queryChoice(text, PAGE_FORMATS, 'format', 'html');
