/**
 * Prometheus `for`: an alert fires once its condition has held at every evaluation for `forMs`, and a new alert
 * needs the condition to clear first. Returns the firing times, one per alert.
 */
export function alertOnsets(times: readonly number[], active: readonly boolean[], forMs: number): number[] {
  const onsets: number[] = [];
  let since: number | undefined;
  let firing = false;
  times.forEach((tsMs, index) => {
    if (active[index] !== true) {
      since = undefined;
      firing = false;
      return;
    }
    since ??= tsMs;
    if (!firing && tsMs - since >= forMs) {
      firing = true;
      onsets.push(tsMs);
    }
  });
  return onsets;
}
