import {
  encodeRegData,
  REG_TYPES,
  type RawRegValue,
  type RegData,
  type RegType,
} from '../../src/registry/index.js';

/** A raw value from typed data. */
export function raw(type: RegType, data: RegData): RawRegValue {
  return { type: REG_TYPES[type], bytes: encodeRegData(type, data) };
}

/** Every value of a store as comparable rows. */
export function rows(store: {
  entries(): Iterable<{ key: string; name: string; value: RawRegValue }>;
}): string[] {
  return [...store.entries()].map(
    ({ key, name, value }) => `${key}|${name}|${value.type}|${Buffer.from(value.bytes).toString('hex')}`,
  );
}
