import { Assessment, DetectorModel } from './detector-model';
import * as detectorModel from './detector-model';
import * as calendar from './calendar';
import { RobustEstimate } from './robust-estimate';
import * as robustEstimate from './robust-estimate';

// Imports bound once: a call through the module system's live binding costs several times more per point.
const { standardize } = detectorModel;
const { DAY_MS, HOURS_PER_WEEK, HOUR_MS, WEEK_MS, formatHourOfWeek, hourOfWeek } = calendar;
const { TimeDecay, learnRobust, robustSigma } = robustEstimate;

/**
 * Hour-of-day × day-of-week profile (UTC), learned online.
 *
 * Every point belongs to two cells: its hour of the week (168) and its hour of the day (24). The hourly cell is used
 * once it has learned one complete visit (a day); before that the level of the whole series stands in. A weekly cell
 * takes over once it has learned two complete visits (two different weeks) and its expectations have been closer to
 * the values of its hour than the hourly profile's were: a weekend that differs from the weekdays switches to the
 * weekly profile, while a series without a weekly pattern keeps the hourly one, which has seen seven times as many days.
 *
 * A cell learns a visit (the points of one clock hour) when the visit is over, all at once, each value clipped against
 * the cell as it was when the visit began (±2 sigmas before it moves the mean, ±4 before it moves the scale). The
 * profile is what other days and weeks looked like: the points of the hour in progress are not evidence about them,
 * and learning them one by one would let an incident teach the very cell that judges it. Only a cell's first visit is
 * learned point by point, starting from its stand-in (the hourly cell for a weekly one, the level for an hourly one)
 * with the weight of one point, so a lone wild first value cannot become its mean. Cells forget with time constants
 * (hourly cells one week, weekly cells four weeks), so the profile means the same at any sample spacing.
 *
 * Each cell also tracks how well a linear interpolation between neighbouring cell centres predicts its values, and
 * uses it where it beats the cell's flat mean: smooth daily curves are not read as staircases, and steps on the hour
 * are not blurred.
 *
 * The scale is an honest prediction error: the cell's mean absolute error of its expectations (each made before the
 * value was learned), never less than the spread of the values around the cell's mean, widened by √(1 + 1/visits)
 * because a mean of few visits is itself uncertain (a t-style prediction interval), and shrunk toward the error of all
 * hours while the cell is thin. A profile learned from one or two days cannot be trusted to the precision of one day's
 * noise.
 */
export interface SeasonalState {
  weekly: SeasonalCell[];
  hourly: SeasonalCell[];
  /** Level of all values: the expectation until the hourly profile is ready. */
  level: TimedEstimate;
  /** Errors of the profile's expectations at every hour: a scale to shrink thin cells' scales toward. */
  residual: TimedEstimate;
  /** The visit in progress: what it will teach its two cells when the hour is over. */
  visit: Visit;
}

interface TimedEstimate extends RobustEstimate {
  lastMs: number;
}

interface SeasonalCell extends TimedEstimate {
  /** Complete visits learned: distinct days (hourly cells) or weeks (weekly cells). */
  visits: number;
  /** Mean absolute error of the interpolated expectation on this cell's values. */
  interpolatedAbsDev: number;
  /**
   * Mean absolute error of the model's expectations on this cell's values, each made before the value was learned
   * (clipped to 4 sigmas), and the forgetting-weighted number of them.
   */
  errorAbsDev: number;
  errorWeight: number;
}

/** The points of one clock hour learned so far, summed as the two cells will learn them. */
interface Visit {
  /** Hours since the epoch of the visit; meaningless while `count` is 0. */
  hour: number;
  lastMs: number;
  count: number;
  /**
   * The hour the series started in. It covers part of its hour at most, often with the series' start-up in it (a
   * rate whose window is filling): the level learns it, the profile forgets it when it is over.
   */
  partial: boolean;
  weekly: VisitSums;
  hourly: VisitSums;
}

interface VisitSums {
  /** The cell is not in use yet: it learns each point as it comes, and the sums stay unused. */
  direct: boolean;
  /** The cell as the visit began: values are clipped against it. */
  mean: number;
  sigma: number;
  absDev: number;
  /** Sums of the clipped deviations from `mean`, of their clipped sizes and of the interpolation's errors. */
  deviation: number;
  size: number;
  interpolatedError: number;
  /** Sum of the clipped errors of the expectations, and how many there are. */
  error: number;
  errors: number;
}

const WEEKLY_TAU_MS = 4 * WEEK_MS;
const HOURLY_TAU_MS = WEEK_MS;
const LEVEL_TAU_MS = DAY_MS;
const RESIDUAL_TAU_MS = WEEK_MS;
const WEEKLY_READY_VISITS = 2;
const HOURLY_READY_VISITS = 1;
const LOCATION_CLIP_SIGMAS = 2;
const SCALE_CLIP_SIGMAS = 4;
/** Prior weight, in points, of the error of all hours in a cell's scale. */
const SCALE_PRIOR_WEIGHT = 4;
/** Mean absolute deviation to standard deviation, for normal data. */
const ABS_DEV_TO_SIGMA = Math.sqrt(Math.PI / 2);

const { abs, exp, floor, sqrt } = Math;
const levelDecay = new TimeDecay(LEVEL_TAU_MS);
const residualDecay = new TimeDecay(RESIDUAL_TAU_MS);
const weeklyDecay = new TimeDecay(WEEKLY_TAU_MS);
const hourlyDecay = new TimeDecay(HOURLY_TAU_MS);

type Profile = 'weekly' | 'hourly' | 'level';

export function createSeasonalModel(): DetectorModel<SeasonalState> {
  return {
    initialState: () => ({
      weekly: Array.from({ length: HOURS_PER_WEEK }, newCell),
      hourly: Array.from({ length: 24 }, newCell),
      level: newTimedEstimate(),
      residual: newTimedEstimate(),
      visit: { hour: 0, lastMs: 0, count: 0, partial: false, weekly: newVisitSums(), hourly: newVisitSums() },
    }),
    observe: observeSeasonal,
    context(state, timestampMs) {
      const hour = hourOfWeek(timestampMs);
      const profile = profileAt(state, hour);
      return profile === 'level' ? '' : `for ${formatHourOfWeek(hour, profile === 'weekly')}`;
    },
  };
}

/**
 * How new this hour's weekday is to the profile: 1 / (weeks learned + 1) while the hour-of-day profile or the level
 * stands in for an hour of the week that is not ready (the weekday may differ from the days seen so far), 0 once it is.
 */
export function weekdayNovelty(state: SeasonalState, timestampMs: number): number {
  const weekly = state.weekly[floor(hourOfWeek(timestampMs))] as SeasonalCell;
  return weekly.visits >= WEEKLY_READY_VISITS ? 0 : 1 / (weekly.visits + 1);
}

/**
 * What the assessment of a point hands to its learning: held in an object rather than passed as arguments, since
 * numbers passed to a function the engine does not inline are boxed, and this runs for every point.
 */
const scratch = { weeklyInterpolated: 0, hourlyInterpolated: 0, error: 0 };

function observeSeasonal(
  state: SeasonalState,
  timestampMs: number,
  value: number,
  learn: boolean,
  out: Assessment,
): void {
  const { visit } = state;
  if (learn && visit.count > 0 && floor(timestampMs / HOUR_MS) !== visit.hour) {
    endVisit(state);
  }
  const hour = hourOfWeek(timestampMs);
  const weeklyIndex = floor(hour);
  const hourlyIndex = weeklyIndex % 24;
  const fraction = hour - weeklyIndex;
  const weeklyCell = state.weekly[weeklyIndex] as SeasonalCell;
  const hourlyCell = state.hourly[hourlyIndex] as SeasonalCell;
  const weeklyInterpolated = interpolatedMean(state.weekly, weeklyIndex, fraction, WEEKLY_READY_VISITS);
  const hourlyInterpolated = interpolatedMean(state.hourly, hourlyIndex, fraction, HOURLY_READY_VISITS);
  const own =
    weeklyCell.visits >= WEEKLY_READY_VISITS
      ? weeklyCell
      : hourlyCell.visits >= HOURLY_READY_VISITS
        ? hourlyCell
        : undefined;
  if (own === undefined) {
    out.expected = state.level.weight === 0 ? value : state.level.mean;
    out.scale = robustSigma(state.level);
  } else {
    const interpolate = own.interpolatedAbsDev < own.absDev;
    out.expected = interpolate ? (own === weeklyCell ? weeklyInterpolated : hourlyInterpolated) : own.mean;
    const spread = interpolate ? own.interpolatedAbsDev : own.absDev;
    const error = own.errorWeight > 0 && own.errorAbsDev > spread ? own.errorAbsDev : spread;
    const ownVariance = (ABS_DEV_TO_SIGMA * ABS_DEV_TO_SIGMA * error * error * (own.visits + 1)) / own.visits;
    const residualSigma = robustSigma(state.residual);
    out.scale = sqrt(
      (own.weight * ownVariance + SCALE_PRIOR_WEIGHT * residualSigma * residualSigma) /
        (own.weight + SCALE_PRIOR_WEIGHT),
    );
  }
  out.surprise = standardize(value, out.expected, out.scale);
  if (learn) {
    scratch.weeklyInterpolated = weeklyInterpolated;
    scratch.hourlyInterpolated = hourlyInterpolated;
    learnPoint(state, timestampMs, value, out, weeklyIndex, own !== undefined);
  }
}

/** Learns a point assessed into `out` (the cells' expectations in `scratch`); `profiled` when a profile made `out`. */
function learnPoint(
  state: SeasonalState,
  timestampMs: number,
  value: number,
  out: Assessment,
  weeklyIndex: number,
  profiled: boolean,
): void {
  // The error of the expectation, clipped to 4 sigmas so that an outlier does not widen the band for weeks; errors of
  // the level, before any profile is ready, say nothing about how well a profile predicts (−1).
  scratch.error = -1;
  if (profiled) {
    const deviation = value - out.expected;
    learnRobust(state.residual, deviation, residualDecay.over(timestampMs - state.residual.lastMs));
    state.residual.lastMs = timestampMs;
    const error = abs(deviation);
    const limit = SCALE_CLIP_SIGMAS * out.scale;
    scratch.error = out.scale > 0 && error > limit ? limit : error;
  }
  const { visit } = state;
  const weeklyCell = state.weekly[weeklyIndex] as SeasonalCell;
  const hourlyCell = state.hourly[weeklyIndex % 24] as SeasonalCell;
  if (visit.count === 0) {
    visit.hour = floor(timestampMs / HOUR_MS);
    visit.partial = state.level.weight === 0;
    startSums(visit.weekly, weeklyCell, WEEKLY_READY_VISITS);
    startSums(visit.hourly, hourlyCell, HOURLY_READY_VISITS);
  }
  if (visit.weekly.direct) {
    const standIn = hourlyCell.weight > 0 ? hourlyCell : state.level;
    learnDirect(weeklyCell, standIn, value, scratch.weeklyInterpolated, timestampMs, weeklyDecay);
  } else {
    addToVisit(visit.weekly, value, scratch.weeklyInterpolated);
  }
  if (visit.hourly.direct) {
    learnDirect(hourlyCell, state.level, value, scratch.hourlyInterpolated, timestampMs, hourlyDecay);
  } else {
    addToVisit(visit.hourly, value, scratch.hourlyInterpolated);
  }
  visit.count += 1;
  visit.lastMs = timestampMs;
  const { level } = state;
  learnRobust(level, value, levelDecay.over(timestampMs - level.lastMs));
  level.lastMs = timestampMs;
}

function profileAt(state: SeasonalState, hour: number): Profile {
  if ((state.weekly[floor(hour)] as SeasonalCell).visits >= WEEKLY_READY_VISITS) {
    return 'weekly';
  }
  if ((state.hourly[floor(hour) % 24] as SeasonalCell).visits >= HOURLY_READY_VISITS) {
    return 'hourly';
  }
  return 'level';
}

/**
 * Linear between the centres (hh:30) of the own cell and its nearest neighbour; the own cell's mean when the
 * neighbour is not ready. `fraction` is the position within the own cell's hour.
 */
function interpolatedMean(
  cells: SeasonalCell[],
  index: number,
  fraction: number,
  readyVisits: number,
): number {
  const own = cells[index] as SeasonalCell;
  const offset = fraction - 0.5;
  const count = cells.length;
  const neighbour = cells[offset >= 0 ? (index + 1) % count : (index + count - 1) % count] as SeasonalCell;
  if (neighbour.visits < readyVisits) {
    return own.mean;
  }
  return own.mean + abs(offset) * (neighbour.mean - own.mean);
}

// Plain literals, not spreads of a smaller estimate: the engine cannot store numbers unboxed in the fields of objects
// built by spreading, and these are written for every point.
function newTimedEstimate(): TimedEstimate {
  return { weight: 0, mean: 0, absDev: 0, lastMs: 0 };
}

function newCell(): SeasonalCell {
  return {
    weight: 0,
    mean: 0,
    absDev: 0,
    lastMs: 0,
    visits: 0,
    interpolatedAbsDev: 0,
    errorAbsDev: 0,
    errorWeight: 0,
  };
}

function newVisitSums(): VisitSums {
  return {
    direct: true,
    mean: 0,
    sigma: 0,
    absDev: 0,
    deviation: 0,
    size: 0,
    interpolatedError: 0,
    error: 0,
    errors: 0,
  };
}

/** Starts the sums of a visit against the cell as it is now; a cell not in use yet learns point by point instead. */
function startSums(sums: VisitSums, cell: SeasonalCell, readyVisits: number): void {
  sums.direct = cell.visits < readyVisits;
  sums.mean = cell.mean;
  sums.absDev = cell.absDev;
  sums.sigma = robustSigma(cell);
  sums.deviation = 0;
  sums.size = 0;
  sums.interpolatedError = 0;
  sums.error = 0;
  sums.errors = 0;
}

/** Adds a point to the visit's sums, with the error of its expectation in `scratch` (−1 when there was none). */
function addToVisit(sums: VisitSums, value: number, interpolated: number): void {
  const { error } = scratch;
  const deviation = value - sums.mean;
  const size = abs(deviation);
  const { sigma } = sums;
  if (sigma > 0) {
    const limit = LOCATION_CLIP_SIGMAS * sigma;
    sums.deviation += deviation > limit ? limit : deviation < -limit ? -limit : deviation;
    sums.size += size < SCALE_CLIP_SIGMAS * sigma ? size : SCALE_CLIP_SIGMAS * sigma;
  } else {
    sums.deviation += deviation;
    sums.size += size;
  }
  sums.interpolatedError += abs(value - interpolated);
  if (error >= 0) {
    sums.error += error;
    sums.errors += 1;
  }
}

/**
 * Learns one point of a cell's first visit, as a robust estimate (see `robust-estimate.ts`). Its first point is
 * learned on top of its stand-in's estimate, with weight 1, so it is clipped like any later outlier would be.
 */
function learnDirect(
  cell: SeasonalCell,
  standIn: RobustEstimate,
  value: number,
  interpolated: number,
  timestampMs: number,
  decayOf: InstanceType<typeof TimeDecay>,
): void {
  if (cell.weight === 0) {
    if (standIn.weight === 0) {
      learnRobust(cell, value, 1);
      learnError(cell, 1);
      cell.lastMs = timestampMs;
      return;
    }
    cell.weight = 1;
    cell.mean = standIn.mean;
    cell.absDev = standIn.absDev;
    cell.interpolatedAbsDev = standIn.absDev;
    cell.lastMs = timestampMs;
    // The interpolation was made with the empty cell's mean: measure the stand-in's instead.
    interpolated = standIn.mean;
  }
  const decay = decayOf.over(timestampMs - cell.lastMs);
  const rate = 1 / (cell.weight * decay + 1);
  cell.interpolatedAbsDev += rate * (abs(value - interpolated) - cell.interpolatedAbsDev);
  learnRobust(cell, value, decay);
  learnError(cell, decay);
  cell.lastMs = timestampMs;
}

/** Learns the error of the expectation in `scratch` into a cell learning point by point. */
function learnError(cell: SeasonalCell, decay: number): void {
  const { error } = scratch;
  if (error >= 0) {
    cell.errorWeight = cell.errorWeight * decay + 1;
    cell.errorAbsDev += (error - cell.errorAbsDev) / cell.errorWeight;
  }
}

/** Teaches the finished visit to its two cells, and counts it. */
function endVisit(state: SeasonalState): void {
  const { visit } = state;
  const weeklyIndex = floor(hourOfWeek(visit.hour * HOUR_MS));
  foldVisit(state.weekly[weeklyIndex] as SeasonalCell, visit.weekly, visit, WEEKLY_TAU_MS);
  foldVisit(state.hourly[weeklyIndex % 24] as SeasonalCell, visit.hourly, visit, HOURLY_TAU_MS);
  visit.count = 0;
}

/**
 * The cell after learning the visit's points one by one with its mean and scale held as they were when the visit
 * began: the forgetting-weighted average of what it knew and the visit's clipped values.
 */
function foldVisit(cell: SeasonalCell, sums: VisitSums, visit: Visit, tauMs: number): void {
  if (visit.partial) {
    Object.assign(cell, newCell());
    return;
  }
  cell.visits += 1;
  if (sums.direct) {
    return;
  }
  const elapsedMs = visit.lastMs - cell.lastMs;
  const decay = elapsedMs > 0 ? exp(-elapsedMs / tauMs) : 1;
  const prior = cell.weight * decay;
  const weight = prior + visit.count;
  cell.mean = sums.mean + sums.deviation / weight;
  cell.absDev = (prior * sums.absDev + sums.size) / weight;
  cell.interpolatedAbsDev = (prior * cell.interpolatedAbsDev + sums.interpolatedError) / weight;
  cell.weight = weight;
  cell.lastMs = visit.lastMs;
  if (sums.errors > 0) {
    const errorPrior = cell.errorWeight * decay;
    cell.errorWeight = errorPrior + sums.errors;
    cell.errorAbsDev = (errorPrior * cell.errorAbsDev + sums.error) / cell.errorWeight;
  }
}
