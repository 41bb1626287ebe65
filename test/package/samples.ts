import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileHashes, type Manifest } from '../../src/package/index.js';

/** The checked-in sample hotfix manifest (MS03-026, Q823980). */
export function sampleManifest(): Manifest {
  return JSON.parse(readFileSync(new URL('./samples/q823980.json', import.meta.url), 'utf8')) as Manifest;
}

/** Deterministic stand-in bytes for a payload member: an xorshift32 stream seeded by the SHA-256 of its name. */
export function memberBytes(name: string, size: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(size / 4));
  let state = createHash('sha256').update(name).digest().readUInt32LE(0) || 1;
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  return new Uint8Array(words.buffer, 0, size);
}

/** The payload that matches a manifest's sizes (and, for the sample, its hashes). */
export function payloadFor(manifest: Manifest): Map<string, Uint8Array> {
  const payload = new Map<string, Uint8Array>();
  for (const file of manifest.files) payload.set(file.source, memberBytes(file.source, file.size));
  return payload;
}

/** A small valid hotfix whose files are the given members; hashes computed from the bytes. */
export async function smallHotfix(
  members: Record<string, string | Uint8Array> = {
    'i386/foo.dll': 'foo version 2',
    'i386/bar.sys': 'bar driver',
    'i386/readme.txt': '',
  },
  id = 'Q123456',
): Promise<{ manifest: Manifest; payload: Map<string, Uint8Array> }> {
  const payload = new Map<string, Uint8Array>();
  const files: Manifest['files'] = [];
  let n = 0;
  for (const [source, content] of Object.entries(members)) {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    payload.set(source, bytes);
    const name = source.split('/').pop()!;
    files.push({
      source,
      target: `%SystemRoot%\\system32\\${name}`,
      version: `5.0.2195.${++n}`,
      ...(await fileHashes(bytes)),
    });
  }
  const manifest: Manifest = {
    schema: 1,
    id,
    title: `Hotfix ${id}`,
    product: 'Windows 2000',
    kind: 'hotfix',
    editions: ['Server'],
    language: 'en-US',
    prerequisites: { minLevel: 2 },
    supersedes: [],
    includesHotfixes: [],
    files,
    registry: [],
    tasks: [],
  };
  return { manifest, payload };
}
