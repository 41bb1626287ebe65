/**
 * File times at NTFS's resolution (N9). A FILETIME counts 100 ns units, which a JavaScript number
 * of milliseconds since 1970 cannot hold exactly (2^53 units of 100 ns last 28 years). The image
 * keeps each time as two numbers: whole milliseconds (`modified`), and the 100 ns units past that
 * millisecond, 0-9999 (`modifiedFraction`). Nothing rounds them; these functions convert exactly.
 */

/** 100 ns units in a millisecond. */
export const UNITS_PER_MS = 10_000;

/** The FILETIME of 1970-01-01 00:00 UTC (FILETIMEs count from 1601). */
const UNIX_EPOCH_FILETIME = 116_444_736_000_000_000n;

/** A time as the image keeps it: milliseconds since 1970 and the 100 ns units past them. */
export interface ImageTime {
  ms: number;
  fraction: number;
}

/** Whether `fraction` is a valid count of 100 ns units below a millisecond. */
export function isTimeFraction(fraction: unknown): fraction is number {
  return Number.isInteger(fraction) && (fraction as number) >= 0 && (fraction as number) < UNITS_PER_MS;
}

/** 100 ns units since 1970 (a time given in fractional milliseconds is rounded to 100 ns). */
function unitsOf(ms: number, fraction: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * BigInt(UNITS_PER_MS) + BigInt(Math.round((ms - whole) * UNITS_PER_MS) + fraction);
}

/** The FILETIME (100 ns units since 1601-01-01 UTC) of an image time. */
export function fileTimeOf(ms: number, fraction: number): bigint {
  return UNIX_EPOCH_FILETIME + unitsOf(ms, fraction);
}

/** Nanoseconds since 1970 of an image time. */
export function nanosecondsOf(ms: number, fraction: number): bigint {
  return unitsOf(ms, fraction) * 100n;
}

/** The image time of a host time in nanoseconds since 1970: the 100 ns unit it falls in. */
export function imageTimeOfNanoseconds(ns: bigint): ImageTime {
  const units = floorDiv(ns, 100n);
  const ms = floorDiv(units, BigInt(UNITS_PER_MS));
  return { ms: Number(ms), fraction: Number(units - ms * BigInt(UNITS_PER_MS)) };
}

/** Division rounding towards minus infinity (BigInt division truncates). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}
