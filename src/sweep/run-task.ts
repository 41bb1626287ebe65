/** Runs one task wherever it lands (a local thread, a queue worker's thread), from inputs by digest. */
import { crashAct, runCutPoint } from './crash.js';
import { runMachine } from './fleet-run.js';
import type { DecodedInputs } from './inputs.js';
import type { SweepTask, TaskResult } from './types.js';

/** Lets timers and messages through between points (a queue worker renews its lock meanwhile). */
const breathe = () => new Promise((resolve) => setImmediate(resolve));

export async function runTask(task: SweepTask, inputs: DecodedInputs): Promise<TaskResult> {
  if (task.kind === 'fleet') {
    const machines = [];
    for (const variant of task.machines) {
      machines.push(await runMachine(variant, task.packages, task.steps, inputs));
      await breathe();
    }
    return { kind: 'fleet', machines };
  }
  const { spec, reference } = task;
  const pkg = spec.package ? inputs.package(spec.package) : undefined;
  const act = crashAct(spec, pkg);
  const setup = () => inputs.image(spec.image);
  const points = [];
  for (const point of task.points) {
    points.push(await runCutPoint(setup, act, spec, reference, point));
    await breathe();
  }
  return { kind: 'crash', points };
}
