import { floorDiv, nanosecondsOf } from '../image/index.js';

/**
 * The `fs.utimes` argument that sets a host file to the microsecond an image time falls in.
 *
 * Node 20 cannot set a time more precisely on Linux: `fs.utimes`/`futimes` take seconds as a
 * double, and libuv (1.46) truncates them to whole microseconds before it calls `utimensat`. A
 * double of seconds near 2020 is only good to about 240 ns, so the microsecond the caller means
 * can land one below; this gives the decimal text of the middle of that microsecond (`+5` at the
 * 100 ns digit, away from zero before 1970), which Node parses and libuv then truncates to exactly
 * it. (A negative number would mean "now" to Node; a numeric string keeps its sign.)
 */
export function hostTimeArgument(ms: number, fraction: number): string {
  const micros = floorDiv(nanosecondsOf(ms, fraction), 1000n);
  // before 1970 the middle of the microsecond lies towards zero from its start... away from
  // zero once written as sign and magnitude of the start, which is what libuv's truncation needs
  const negative = micros < 0n;
  const magnitude = negative ? -micros : micros;
  const seconds = magnitude / 1_000_000n;
  const rest = (magnitude % 1_000_000n).toString().padStart(6, '0');
  return `${negative ? '-' : ''}${seconds}.${rest}5`;
}
