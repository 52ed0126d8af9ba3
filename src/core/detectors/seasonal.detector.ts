import { Assessment, DetectorModel, standardize } from './detector-model';
import { DAY_MS, HOURS_PER_WEEK, WEEK_MS, formatHourOfWeek, hourOfWeek } from './calendar';
import { RobustEstimate, learnRobust, newRobustEstimate, robustSigma, timeDecayFor } from './robust-estimate';

/**
 * Hour-of-day × day-of-week profile (UTC), learned online. Every point teaches two cells: its hour of the week (168)
 * and its hour of the day (24). A weekly cell is used once it has seen three different weeks; before that the hourly
 * cell stands in once it has seen two different days, and before that the level of the whole series.
 *
 * Cells are robust estimates (see `robust-estimate.ts`) that forget with time rather than with point counts, so the
 * profile means the same at any sample spacing. A new cell starts from what its stand-in expects (the hourly cell for
 * a weekly one, the level for an hourly one), so a wild first value cannot become its mean. Each cell also tracks how
 * well a linear interpolation between neighbouring cell centres predicts its values, and uses it where it beats the
 * cell's flat mean: smooth daily curves are not read as staircases, and steps on the hour are not blurred.
 */
export interface SeasonalState {
  weekly: SeasonalCell[];
  hourly: SeasonalCell[];
  /** Level of all values: the expectation until the hourly profile is ready. */
  level: TimedEstimate;
  /** Deviations from the profile's expectation: a scale to shrink thin cells' scales toward. */
  residual: TimedEstimate;
}

interface TimedEstimate extends RobustEstimate {
  lastMs: number;
}

interface SeasonalCell extends TimedEstimate {
  /** Distinct days (hourly cells) or weeks (weekly cells) the cell has learned from. */
  visits: number;
  /** Mean absolute error of the interpolated expectation on this cell's values. */
  interpolatedAbsDev: number;
}

const WEEKLY_TAU_MS = 4 * WEEK_MS;
const HOURLY_TAU_MS = WEEK_MS;
const LEVEL_TAU_MS = DAY_MS;
const RESIDUAL_TAU_MS = WEEK_MS;
const WEEKLY_READY_VISITS = 3;
const HOURLY_READY_VISITS = 2;
/** Prior weight, in points, of the residual scale in a cell's scale. */
const SCALE_PRIOR_WEIGHT = 4;
/** Mean absolute deviation to standard deviation, for normal data. */
const ABS_DEV_TO_SIGMA = Math.sqrt(Math.PI / 2);

const weeklyDecay = timeDecayFor(WEEKLY_TAU_MS);
const hourlyDecay = timeDecayFor(HOURLY_TAU_MS);
const levelDecay = timeDecayFor(LEVEL_TAU_MS);
const residualDecay = timeDecayFor(RESIDUAL_TAU_MS);

type Profile = 'weekly' | 'hourly' | 'level';

export function createSeasonalModel(): DetectorModel<SeasonalState> {
  return {
    initialState: () => ({
      weekly: Array.from({ length: HOURS_PER_WEEK }, newCell),
      hourly: Array.from({ length: 24 }, newCell),
      level: newTimedEstimate(),
      residual: newTimedEstimate(),
    }),
    observe: observeSeasonal,
    context(state, timestampMs) {
      const hour = hourOfWeek(timestampMs);
      const profile = profileAt(state, hour);
      return profile === 'level' ? '' : `for ${formatHourOfWeek(hour, profile === 'weekly')}`;
    },
  };
}

function observeSeasonal(
  state: SeasonalState,
  timestampMs: number,
  value: number,
  learn: boolean,
  out: Assessment,
): void {
  const hour = hourOfWeek(timestampMs);
  const weeklyCell = state.weekly[Math.floor(hour)] as SeasonalCell;
  const hourlyCell = state.hourly[Math.floor(hour % 24)] as SeasonalCell;
  const weeklyInterpolated = interpolatedMean(state.weekly, hour, WEEKLY_READY_VISITS);
  const hourlyInterpolated = interpolatedMean(state.hourly, hour % 24, HOURLY_READY_VISITS);
  const profile = profileAt(state, hour);
  if (profile === 'level') {
    out.expected = state.level.weight === 0 ? value : state.level.mean;
    out.scale = robustSigma(state.level);
  } else {
    const own = profile === 'weekly' ? weeklyCell : hourlyCell;
    const interpolate = own.interpolatedAbsDev < own.absDev;
    out.expected = interpolate ? (profile === 'weekly' ? weeklyInterpolated : hourlyInterpolated) : own.mean;
    const ownSigma = ABS_DEV_TO_SIGMA * (interpolate ? own.interpolatedAbsDev : own.absDev);
    const residualSigma = robustSigma(state.residual);
    out.scale = Math.sqrt(
      (own.weight * ownSigma * ownSigma + SCALE_PRIOR_WEIGHT * residualSigma * residualSigma) /
        (own.weight + SCALE_PRIOR_WEIGHT),
    );
  }
  out.surprise = standardize(value, out.expected, out.scale);
  if (!learn) {
    return;
  }
  if (profile !== 'level') {
    learnTimed(state.residual, value - out.expected, timestampMs, residualDecay);
  }
  learnCell(
    weeklyCell,
    hourlyCell.weight > 0 ? hourlyCell : state.level,
    value,
    weeklyInterpolated,
    timestampMs,
    'weekly',
  );
  learnCell(hourlyCell, state.level, value, hourlyInterpolated, timestampMs, 'hourly');
  learnTimed(state.level, value, timestampMs, levelDecay);
}

function profileAt(state: SeasonalState, hour: number): Profile {
  if ((state.weekly[Math.floor(hour)] as SeasonalCell).visits >= WEEKLY_READY_VISITS) {
    return 'weekly';
  }
  if ((state.hourly[Math.floor(hour % 24)] as SeasonalCell).visits >= HOURLY_READY_VISITS) {
    return 'hourly';
  }
  return 'level';
}

/** Linear between the centres (hh:30) of the two nearest cells; the own cell's mean when its neighbour is not ready. */
function interpolatedMean(cells: SeasonalCell[], position: number, readyVisits: number): number {
  const index = Math.floor(position);
  const own = cells[index] as SeasonalCell;
  const offset = position - index - 0.5;
  const neighbour = cells[(index + (offset >= 0 ? 1 : -1) + cells.length) % cells.length] as SeasonalCell;
  if (neighbour.visits < readyVisits) {
    return own.mean;
  }
  return own.mean + Math.abs(offset) * (neighbour.mean - own.mean);
}

function newTimedEstimate(): TimedEstimate {
  return { ...newRobustEstimate(), lastMs: 0 };
}

function newCell(): SeasonalCell {
  return { ...newTimedEstimate(), visits: 0, interpolatedAbsDev: 0 };
}

function learnTimed(
  estimate: TimedEstimate,
  value: number,
  timestampMs: number,
  decayOver: (elapsedMs: number) => number,
): void {
  learnRobust(estimate, value, decayOver(timestampMs - estimate.lastMs));
  estimate.lastMs = timestampMs;
}

/**
 * Learns a value into a cell. A cell's first value is learned on top of its stand-in's estimate, with weight 1, so it
 * is clipped like any later outlier would be.
 */
function learnCell(
  cell: SeasonalCell,
  standIn: RobustEstimate,
  value: number,
  interpolated: number,
  timestampMs: number,
  profile: 'weekly' | 'hourly',
): void {
  const periodMs = profile === 'weekly' ? WEEK_MS : DAY_MS;
  if (cell.weight === 0 || Math.floor(timestampMs / periodMs) !== Math.floor(cell.lastMs / periodMs)) {
    cell.visits += 1;
  }
  if (cell.weight === 0 && standIn.weight > 0) {
    cell.weight = 1;
    cell.mean = standIn.mean;
    cell.absDev = standIn.absDev;
    cell.interpolatedAbsDev = standIn.absDev;
    cell.lastMs = timestampMs;
  }
  const decay = (profile === 'weekly' ? weeklyDecay : hourlyDecay)(timestampMs - cell.lastMs);
  const rate = 1 / (cell.weight * decay + 1);
  cell.interpolatedAbsDev += rate * (Math.abs(value - interpolated) - cell.interpolatedAbsDev);
  learnRobust(cell, value, decay);
  cell.lastMs = timestampMs;
}
