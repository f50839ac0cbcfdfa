/**
 * Means across seeds with a 95% confidence interval (Student's t, two-sided): what `kafkasim
 * compare` prints as `mean ± halfWidth`. The t quantiles come from a table for 1 to 30 degrees
 * of freedom and from the Cornish-Fisher expansion above (polynomials only: ECMAScript leaves
 * Math.pow and Math.log implementation-approximated, Math.sqrt is exact). With one value there is
 * no interval (`halfWidth95` is null). Values are summed in the order given, so callers pass them
 * in seed order and get the same float bits every time.
 */

/** t(0.975, df) for df = 1..30 (index 0 is df 1). */
const T975_TABLE = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624251,
  2.306004135, 2.262157163, 2.228138852, 2.20098516, 2.17881283, 2.160368656, 2.144786688,
  2.131449546, 2.119905299, 2.109815578, 2.10092204, 2.093024054, 2.085963447, 2.079613845,
  2.073873068, 2.06865761, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142,
  2.045229642, 2.042272456,
];

/** The standard normal quantile for 0.975. */
const Z975 = 1.959963984540054;

/** The 0.975 quantile of Student's t with `degreesOfFreedom` (a positive integer). */
export function studentT975(degreesOfFreedom: number): number {
  if (!Number.isInteger(degreesOfFreedom) || degreesOfFreedom < 1) {
    throw new Error(
      `studentT975: degrees of freedom ${degreesOfFreedom} is not a positive integer`,
    );
  }
  const tabled = T975_TABLE[degreesOfFreedom - 1];
  if (tabled !== undefined) return tabled;
  const z = Z975;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  const v = 1 / degreesOfFreedom;
  return z + v * (g1 + v * (g2 + v * (g3 + v * g4)));
}

export interface MeanInterval {
  count: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 for one value. */
  standardDeviation: number;
  /** Half the width of the 95% interval; null with fewer than two values. */
  halfWidth95: number | null;
}

/** The mean of `values` (in the order given) and its 95% interval. */
export function meanInterval(values: readonly number[]): MeanInterval {
  const count = values.length;
  if (count === 0) throw new Error('meanInterval: no values');
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / count;
  if (count === 1) return { count, mean, standardDeviation: 0, halfWidth95: null };
  let squares = 0;
  for (const value of values) squares += (value - mean) * (value - mean);
  const standardDeviation = Math.sqrt(squares / (count - 1));
  const halfWidth95 = (studentT975(count - 1) * standardDeviation) / Math.sqrt(count);
  return { count, mean, standardDeviation, halfWidth95 };
}
