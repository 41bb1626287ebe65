import { PowerCut } from '../errors/index.js';
import type { ImageCore } from '../image/index.js';

interface Budget {
  remaining: number;
  total: number;
}

const budgets = new WeakMap<ImageCore, Budget>();
/**
 * How many budgets are armed (an image dropped while armed stays counted): when none is, the check
 * before every primitive operation needs no lookup.
 */
let armed = 0;

/** Arms a power cut: the image loses power when the (k+1)th primitive operation is about to run. */
export function armPowerCut(image: ImageCore, afterOperations: number | undefined): void {
  if (afterOperations === undefined) {
    disarmPowerCut(image);
    return;
  }
  if (!budgets.has(image)) armed++;
  budgets.set(image, { remaining: afterOperations, total: afterOperations });
}

/** Removes an armed power cut. */
export function disarmPowerCut(image: ImageCore): void {
  if (budgets.delete(image)) armed--;
}

/** Called before every primitive operation: spends one unit, or cuts the power. */
export function spendPower(image: ImageCore): void {
  if (armed === 0) return;
  const budget = budgets.get(image);
  if (!budget) return;
  if (budget.remaining === 0) {
    disarmPowerCut(image);
    cutPower(image);
    throw new PowerCut(budget.total);
  }
  budget.remaining--;
}

/** The machine loses power: every process ends and nothing may change until the next reboot. */
export function cutPower(image: ImageCore): void {
  image.stopAllProcesses();
  image.poweredOff = true;
}

/**
 * Runs `fn` with a power cut armed after `afterOperations` primitive operations (when given), and
 * disarms it afterwards whatever happens.
 */
export async function withPowerBudget<T>(
  image: ImageCore,
  afterOperations: number | undefined,
  fn: () => Promise<T> | T,
): Promise<T> {
  if (afterOperations === undefined) return fn();
  if (!Number.isInteger(afterOperations) || afterOperations < 0) {
    throw new RangeError(`powerCutAfter must be a whole number >= 0, got ${afterOperations}`);
  }
  armPowerCut(image, afterOperations);
  try {
    return await fn();
  } finally {
    disarmPowerCut(image);
  }
}
