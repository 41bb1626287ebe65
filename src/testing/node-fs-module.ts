import { imageFsNames, type ImageFs } from '../machine/index.js';

type AnyFunction = ((...args: unknown[]) => unknown) & { native?: AnyFunction };

/** Classes every image fs shares: the module hands them out as they are, so instanceof works. */
const SHARED_CLASSES = new Set(['Stats', 'Dirent', 'Dir']);
/** Each fs has its own stream constructors; their instances all inherit Node's stream prototypes. */
const STREAM_CLASSES = new Set(['ReadStream', 'WriteStream']);

/** A function that calls the same-named member of whatever `target()` returns at call time. */
function forwarder(target: () => Record<string, unknown>, name: string, template: unknown): unknown {
  if (typeof template !== 'function' || SHARED_CLASSES.has(name)) return template;
  const call = function (this: unknown, ...args: unknown[]): unknown {
    const fn = target()[name] as AnyFunction;
    return new.target ? Reflect.construct(fn, args) : fn(...args);
  };
  if (STREAM_CLASSES.has(name)) call.prototype = Object.getPrototypeOf(template.prototype);
  if ((template as AnyFunction).native)
    (call as AnyFunction).native = (...args: unknown[]) => (target()[name] as AnyFunction).native!(...args);
  return call;
}

function moduleOf(names: string[], target: () => Record<string, unknown>, sample: Record<string, unknown>) {
  const module: Record<string, unknown> = {};
  for (const name of names) module[name] = forwarder(target, name, sample[name]);
  return module;
}

/**
 * A `node:fs` module whose every call goes to `current()` at call time: the factory of a
 * `vi.mock('node:fs', ...)` (or `jest.mock('fs', ...)`) for code under test that imports `node:fs`
 * directly. Calls the image fs does not have are absent, as on an fs without them.
 */
export function nodeFsModule(current: () => ImageFs): Record<string, unknown> {
  const { calls, sample } = imageFsNames();
  const fs = moduleOf(calls, () => current() as unknown as Record<string, unknown>, sample);
  fs.promises = nodeFsPromisesModule(current);
  return { ...fs, default: fs };
}

/** The same for `node:fs/promises`. */
export function nodeFsPromisesModule(current: () => ImageFs): Record<string, unknown> {
  const { promises, sample } = imageFsNames();
  const target = () => (current() as unknown as { promises: Record<string, unknown> }).promises;
  const module = moduleOf(promises, target, sample.promises as Record<string, unknown>);
  return { ...module, default: module };
}
