import { EnvironmentTable, expandEnvironmentStrings } from '../path/index.js';
import type { RegistryStore } from '../registry/index.js';

const ENVIRONMENT_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';
const CURRENT_VERSION_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

/** An image's environment and its expansion table, as read at one registry generation and system drive. */
export interface Environment {
  generation: number;
  drive: string;
  env: Map<string, string>;
  table: EnvironmentTable;
}

/**
 * The environment `cached` holds if it is still current, or one read again from the registry: the
 * Session Manager's Environment values plus SystemRoot, windir and SystemDrive, each expanded.
 */
export function currentEnvironment(
  cached: Environment | undefined,
  registry: RegistryStore,
  generation: number,
  drive: string,
): Environment {
  if (cached && cached.generation === generation && cached.drive === drive) return cached;
  const env = readEnvironment(registry, drive);
  return { generation, drive, env, table: new EnvironmentTable(env) };
}

function readEnvironment(registry: RegistryStore, drive: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const name of registry.keyExists(ENVIRONMENT_KEY) ? registry.listValues(ENVIRONMENT_KEY) : []) {
    const value = registry.getValue(ENVIRONMENT_KEY, name);
    if (value && typeof value.data === 'string') env.set(name, value.data);
  }
  const root = registry.getValue(CURRENT_VERSION_KEY, 'SystemRoot');
  if (root && typeof root.data === 'string') {
    env.set('SystemRoot', root.data);
    env.set('windir', root.data);
  }
  env.set('SystemDrive', `${drive}:`);
  for (const [name, value] of env) env.set(name, expandEnvironmentStrings(value, env));
  return env;
}
