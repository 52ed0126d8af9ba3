/** SQL for a timestamptz column as epoch milliseconds (a float8, so `pg` returns a number). */
export const epochMsSql = (column: string): string => `(extract(epoch FROM ${column}) * 1000)::float8`;
