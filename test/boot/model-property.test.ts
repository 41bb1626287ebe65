import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { walkEntries, type ImageCore } from '../../src/image/index.js';
import { populate, setRegistryRawValue } from '../../src/ops/index.js';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  decodePendingRenames,
  encodePendingRenames,
  reboot,
  referenceBoot,
  type ModelNode,
  type PendingEntry,
  type PendingRenameRequest,
} from '../../src/boot/index.js';
import { allowProtectedRenames, makeImage, protect } from './helpers.js';

const NAMES = ['a', 'b', 'dir', 'x.dll'];

interface NodeSpec {
  drive: 'C' | 'D';
  segments: string[];
  kind: 'file' | 'dir';
  readOnly: boolean;
  protected: boolean;
}

interface QueueSpec {
  source: string;
  destination: string | null;
  replace: boolean;
  value: 1 | 2;
}

const segmentsArb = fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 });

const nodeArb: fc.Arbitrary<NodeSpec> = fc.record({
  drive: fc.constantFrom('C' as const, 'C' as const, 'D' as const),
  segments: segmentsArb,
  kind: fc.constantFrom('file' as const, 'dir' as const),
  readOnly: fc.boolean(),
  protected: fc.boolean(),
});

/**
 * A path as the queue may hold it: mostly NT paths (often of nodes that exist, files above all, so that
 * replacements happen), sometimes without `\??\`, a root or a network path.
 */
function pathArb(known: readonly string[], files: readonly string[]): fc.Arbitrary<string> {
  const random = fc
    .tuple(fc.constantFrom('C', 'C', 'c', 'D'), segmentsArb)
    .map(([d, s]) => `${d}:\\${s.join('\\')}`);
  const existing = [
    ...(known.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...known) }] : []),
    ...(files.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...files) }] : []),
  ];
  const local = fc.oneof(...existing, { weight: 2, arbitrary: random });
  return fc.oneof(
    { weight: 14, arbitrary: local.map((path) => `\\??\\${path}`) },
    { weight: 1, arbitrary: local },
    { weight: 1, arbitrary: fc.constantFrom('\\??\\C:', '\\??\\D:\\', '\\??\\UNC\\srv\\share\\a') },
  );
}

function queueArb(known: readonly string[], files: readonly string[]): fc.Arbitrary<QueueSpec[]> {
  const path = pathArb(known, files);
  return fc.array(
    fc.record({
      source: path,
      destination: fc.option(path, { freq: 3 }),
      replace: fc.boolean(),
      value: fc.constantFrom(1 as const, 1 as const, 2 as const),
    }),
    { maxLength: 12 },
  );
}

const caseArb = fc.array(nodeArb, { maxLength: 14 }).chain((specs) => {
  const nodes = buildTree(specs);
  const known = [...nodes.values()].map((node) => node.display);
  const files = [...nodes.values()].filter((node) => node.kind === 'file').map((node) => node.display);
  return fc.tuple(fc.constant(nodes), queueArb(known, files), fc.boolean());
});

/** Builds a consistent tree from the specs: missing parents become plain folders; conflicts are skipped. */
function buildTree(specs: readonly NodeSpec[]): Map<string, ModelNode & { display: string }> {
  const nodes = new Map<string, ModelNode & { display: string }>();
  specs.forEach((spec, n) => {
    const parts = [`${spec.drive}:`, ...spec.segments];
    for (let i = 1; i < parts.length; i++) {
      const display = parts.slice(0, i + 1).join('\\');
      const key = display.toUpperCase();
      const last = i === parts.length - 1;
      const existing = nodes.get(key);
      if (existing) {
        if (existing.kind === 'file') return;
        continue;
      }
      if (!last) {
        nodes.set(key, { kind: 'dir', readOnly: false, protected: false, content: '', display });
        continue;
      }
      nodes.set(key, {
        kind: spec.kind,
        readOnly: spec.readOnly,
        protected: spec.protected && spec.kind === 'file',
        content: spec.kind === 'file' ? `file ${n}` : '',
        display,
      });
    }
  });
  return nodes;
}

/** The engine's tree in the model's shape: upper-cased full path -> node. */
function engineTree(image: ImageCore): Map<string, Omit<ModelNode, 'protected'>> {
  const out = new Map<string, Omit<ModelNode, 'protected'>>();
  for (const volume of image.allVolumes()) {
    for (const entry of walkEntries(volume.root)) {
      if (!entry.parent) continue;
      out.set(image.pathOf(entry).toUpperCase(), {
        kind: entry.isDir ? 'dir' : 'file',
        readOnly: (entry.attributes & 1) !== 0,
        content: entry.isDir ? '' : image.content(entry).toString(),
      });
    }
  }
  return out;
}

function sorted<T>(map: Map<string, T>): [string, T][] {
  return [...map].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describe('model-based: the engine agrees with the reference model (B1-B19)', () => {
  for (const mode of ['windows', 'transactional'] as const) {
    it(`random trees and random queues, ${mode} mode: same outcomes, same errors, same final tree`, () => {
      const seen = new Map<string, number>();
      fc.assert(
        fc.property(caseArb, ([nodes, queue, allow]) => {
          const image = makeImage();
          const time = image.clock;
          const all = [...nodes.values()];
          populate(
            image,
            all
              .filter((node) => node.kind === 'dir')
              .sort((a, b) => a.display.length - b.display.length)
              .map((node) => ({
                drive: node.display[0],
                path: node.display.slice(3),
                attributes: node.readOnly ? 1 : 0,
                time,
              })),
            all
              .filter((node) => node.kind === 'file')
              .map((node) => ({
                drive: node.display[0],
                path: node.display.slice(3),
                data: Buffer.from(node.content),
                attributes: node.readOnly ? 0x21 : 0x20,
                version: undefined,
                created: time,
                modified: time,
              })),
          );
          const protectedKeys = new Set([...nodes].filter(([, node]) => node.protected).map(([key]) => key));
          for (const key of protectedKeys) protect(image, nodes.get(key)!.display);
          if (allow) allowProtectedRenames(image);

          const requests: Record<1 | 2, PendingRenameRequest[]> = { 1: [], 2: [] };
          for (const entry of queue) {
            requests[entry.value].push({
              source: entry.source,
              destination: entry.destination,
              replaceExisting: entry.destination !== null && entry.replace,
            });
          }
          const entries: PendingEntry[] = [];
          for (const value of [1, 2] as const) {
            if (requests[value].length === 0) continue;
            const bytes = encodePendingRenames(requests[value]);
            setRegistryRawValue(image, SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[value], 7, bytes);
            entries.push(...decodePendingRenames(bytes, value).entries);
          }

          const model = referenceBoot(
            {
              nodes: new Map([...nodes].map(([key, { display: _display, ...node }]) => [key, node])),
              allowProtectedRenames: allow,
              protectedPaths: protectedKeys,
            },
            entries,
          );
          const report = reboot(image, { mode });
          for (const e of report.entries) {
            const kind = e.error?.code ?? e.outcome;
            seen.set(kind, (seen.get(kind) ?? 0) + 1);
          }

          expect(report.entries.map((e) => ({ outcome: e.outcome, error: e.error?.code }))).toEqual(
            model.outcomes.map((o) => ({ outcome: o.outcome, error: o.error })),
          );
          const expectedTree = new Map(
            [...model.state.nodes].map(([key, node]) => [
              key,
              { kind: node.kind, readOnly: node.readOnly, content: node.content },
            ]),
          );
          expect(sorted(engineTree(image))).toEqual(sorted(expectedTree));
          expect(image.registry.listValues(SESSION_MANAGER_KEY)).toEqual([]);
        }),
        { numRuns: 300 },
      );
      // The generators reach every outcome and the interesting errors (else the agreement means little).
      for (const kind of [
        'renamed',
        'replaced',
        'deleted',
        'ERROR_FILE_NOT_FOUND',
        'ERROR_PATH_NOT_FOUND',
        'ERROR_ALREADY_EXISTS',
        'ERROR_ACCESS_DENIED',
        'ERROR_NOT_SAME_DEVICE',
        'ERROR_DIR_NOT_EMPTY',
      ]) {
        expect(seen.get(kind) ?? 0, kind).toBeGreaterThan(0);
      }
    });
  }
});
