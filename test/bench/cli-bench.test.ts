import { describe, expect, it } from 'vitest';
import { PhaseClock, medianPhases } from '../../bench/cli-bench.js';

describe('svcpack bench --files: the phases of the command', () => {
  it('names each progress step by its words alone, once, at the first time it was seen, across split chunks', () => {
    const clock = new PhaseClock(performance.now());
    clock.saw('svcpack: loading image /tmp/x/in-place.svcimg (156.9 MiB)...\nsvcpack: verifying pack');
    clock.saw('age C:\\sp\\sp.svcpkg (114.8 MiB)...\nsvcpack: extract 1/20000\n');
    clock.saw('svcpack: extract 20000/20000\nsvcpack: planning...\nsvcpack: saving image x.svcimg...\n');
    expect(clock.steps.map(([step]) => step)).toEqual([
      'loading image',
      'verifying package',
      'extract',
      'planning',
      'saving image',
    ]);
    const times = clock.steps.map(([, ms]) => ms);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("gives each step's median over the rounds, in the first round's order", () => {
    expect(
      medianPhases([
        [
          ['loading image', 100],
          ['extract', 900],
          ['exit', 1500],
        ],
        [
          ['loading image', 140],
          ['extract', 700],
          ['exit', 1300],
        ],
        [
          ['loading image', 120],
          ['extract', 800],
          ['exit', 1700],
        ],
      ]),
    ).toEqual([
      ['loading image', 120],
      ['extract', 800],
      ['exit', 1500],
    ]);
  });
});
