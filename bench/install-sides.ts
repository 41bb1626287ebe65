/**
 * The engine's install and its floor, each in a `node` of its own (bench/install-side.ts), taking
 * turns: in each round one side installs, then the other, the order alternating. Neither side's
 * heap holds the other's garbage, and none forces a collection.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the parent sends a side: run one install. */
export interface SideRequest {
  run: true;
}

/** What a side answers: ready after its warm-up, then one timing per request. */
export type SideAnswer = { ready: string } | { wallMs: number; cpuMs: number } | { error: string };

/** A side's name to its task's index in `installTasks` (the engine first, the floor second). */
export const SIDES = { engine: 0, floor: 1 } as const;

const SIDE_SCRIPT = fileURLToPath(new URL('./install-side.js', import.meta.url));

/** A side's process and a way to wait for its next answer. */
interface Side {
  child: ChildProcess;
  next: () => Promise<SideAnswer>;
}

function startSide(side: keyof typeof SIDES, imageFiles: number, spFiles: number): Side {
  const child = fork(SIDE_SCRIPT, [side, String(imageFiles), String(spFiles)], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  // what the side wrote last, for the error when it fails
  let errors = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (errors = (errors + text).slice(-2000)));
  const answers: SideAnswer[] = [];
  let waiting: { resolve: (answer: SideAnswer) => void; reject: (error: Error) => void } | undefined;
  let exited: Error | undefined;
  child.on('message', (answer: SideAnswer) => {
    if (waiting) waiting.resolve(answer);
    else answers.push(answer);
    waiting = undefined;
  });
  child.on('close', (code, signal) => {
    exited = new Error(`the ${side} side exited (${signal ?? `status ${code}`}): ${errors.trim()}`);
    waiting?.reject(exited);
    waiting = undefined;
  });
  const next = (): Promise<SideAnswer> => {
    const answer = answers.shift();
    if (answer) return Promise.resolve(answer);
    if (exited) return Promise.reject(exited);
    return new Promise((resolve, reject) => (waiting = { resolve, reject }));
  };
  return { child, next };
}

/** A side's answer, or its error thrown. */
async function answerOf(side: Side): Promise<Exclude<SideAnswer, { error: string }>> {
  const answer = await side.next();
  if ('error' in answer) throw new Error(answer.error);
  return answer;
}

/**
 * `rounds` timings of each side, wall and CPU milliseconds keyed by the sides' task names (as
 * `alternatingRounds` gives them).
 */
export async function separateRounds(
  rounds: number,
  imageFiles: number,
  spFiles: number,
): Promise<{ samples: Map<string, number[]>; cpu: Map<string, number[]>; names: string[] }> {
  const sides = [startSide('engine', imageFiles, spFiles), startSide('floor', imageFiles, spFiles)];
  try {
    const names: string[] = [];
    for (const side of sides) {
      const answer = await answerOf(side);
      if (!('ready' in answer)) throw new Error('a side answered before it was ready');
      names.push(answer.ready);
    }
    const samples = new Map(names.map((name) => [name, [] as number[]]));
    const cpu = new Map(names.map((name) => [name, [] as number[]]));
    for (let round = 0; round < rounds; round++) {
      for (const k of round % 2 === 0 ? [0, 1] : [1, 0]) {
        sides[k].child.send({ run: true } satisfies SideRequest);
        const answer = await answerOf(sides[k]);
        if (!('wallMs' in answer)) throw new Error('a side answered a run without its timing');
        samples.get(names[k])!.push(answer.wallMs);
        cpu.get(names[k])!.push(answer.cpuMs);
      }
    }
    return { samples, cpu, names };
  } finally {
    for (const side of sides) if (side.child.connected) side.child.disconnect();
  }
}
