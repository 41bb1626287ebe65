import { notSupported } from './errors.js';

/** Node calls this fs refuses explicitly (links, watchers, cp, statfs): ENOSYS, never a silent no-op. */
const SYNC = [
  'symlinkSync',
  'linkSync',
  'cpSync',
  'statfsSync',
  'watch',
  'watchFile',
  'unwatchFile',
  'openAsBlob',
];
const CALLBACK = ['symlink', 'link', 'cp', 'statfs'];
const PROMISES = ['symlink', 'link', 'cp', 'statfs', 'watch'];

function refusing(names: readonly string[], label: (name: string) => string): Record<string, () => never> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      () => {
        throw notSupported(label(name));
      },
    ]),
  );
}

export const unsupportedCalls = {
  sync: refusing([...SYNC, ...CALLBACK], (name) => name),
  promises: refusing(PROMISES, (name) => `promises.${name}`),
};
