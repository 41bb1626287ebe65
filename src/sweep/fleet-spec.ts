/**
 * The fleet spec: machine axes whose combinations are the fleet, the packages, and the steps every
 * machine runs. JSON:
 * `{ "name", "machines": { "presets", "files", "seeds", "servicePacks", "heldFiles", "hotfixes",
 * "freeSpace", "sessions" }, "packages": [ { "name", "generate" | "file" } ], "steps": [...] }`.
 */
import { z } from 'zod';
import { InputError } from '../errors/index.js';
import type { FleetPackage, FleetStep, MachineVariant } from './types.js';

const name = z.string().min(1);
const axis = <T extends z.ZodType>(item: T) => z.array(item).min(1).optional();
const PRESETS = ['win2000-server', 'win2000-professional', 'nt4-enterprise'] as const;

const machinesSchema = z.strictObject({
  presets: axis(z.enum(PRESETS)),
  files: axis(z.int().min(1)),
  seeds: axis(z.int()),
  servicePacks: axis(z.int().min(0).max(6)),
  heldFiles: axis(z.int().min(0)),
  hotfixes: axis(z.array(z.string().regex(/^(Q\d{6}|KB\d{6,7})$/))),
  /** Bytes free on the system drive; `null`: as the preset generates it. */
  freeSpace: axis(z.int().min(0).nullable()),
  sessions: axis(z.int().min(0).max(64)),
});

const packageSchema = z
  .strictObject({
    name,
    generate: z
      .strictObject({
        kind: z.enum(['servicePack', 'hotfix']),
        level: z.int().min(1).optional(),
        id: z.string().optional(),
        files: z.int().min(1).optional(),
        seed: z.int().optional(),
      })
      .optional(),
    file: z.string().min(1).optional(),
  })
  .refine((p) => (p.generate === undefined) !== (p.file === undefined), {
    message: 'give exactly one of generate and file',
  });

const stepSchema = z.union([
  z.strictObject({ install: z.strictObject({ package: name, switches: z.string().optional() }) }),
  z.strictObject({ uninstall: z.strictObject({ package: name }) }),
  z.strictObject({ reboot: z.strictObject({ mode: z.enum(['windows', 'transactional']).optional() }) }),
]);

const fleetSchema = z.strictObject({
  name: z.string().optional(),
  machines: machinesSchema,
  packages: z.array(packageSchema).min(1),
  steps: z.array(stepSchema).min(1),
  machinesPerTask: z.int().min(1).optional(),
});

/** A fleet spec as written, checked. */
export type FleetSpecFile = z.infer<typeof fleetSchema>;

/** Checks a fleet spec, naming every problem with its JSON pointer, and that steps name known packages. */
export function parseFleetSpec(value: unknown, source = 'fleet spec'): FleetSpecFile {
  const parsed = fleetSchema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      source,
      parsed.error.issues.map((issue) => ({ where: `/${issue.path.join('/')}`, message: issue.message })),
    );
  }
  const names = new Set(parsed.data.packages.map((p) => p.name));
  const problems = parsed.data.steps.flatMap((step, index) => {
    const body = Object.values(step)[0] as { package?: string };
    return body.package !== undefined && !names.has(body.package)
      ? [{ where: `/steps/${index}`, message: `names no package of /packages: '${body.package}'` }]
      : [];
  });
  if (problems.length > 0) throw new InputError(source, problems);
  return parsed.data;
}

/** Every combination of the machine axes, in a fixed order (the first axis varies slowest). */
export function expandMachines(spec: FleetSpecFile): MachineVariant[] {
  const m = spec.machines;
  const variants: MachineVariant[] = [];
  for (const preset of m.presets ?? ['win2000-server'])
    for (const files of m.files ?? [undefined])
      for (const seed of m.seeds ?? [1])
        for (const servicePack of m.servicePacks ?? [0])
          for (const heldFiles of m.heldFiles ?? [0])
            for (const hotfixes of m.hotfixes ?? [[]])
              for (const freeSpace of m.freeSpace ?? [null])
                for (const sessions of m.sessions ?? [0])
                  variants.push({
                    preset,
                    ...(files === undefined ? {} : { files }),
                    seed,
                    servicePack,
                    heldFiles,
                    hotfixes,
                    ...(freeSpace === null ? {} : { freeSpace }),
                    sessions,
                  });
  return variants;
}

/** The packages with `file` replaced by the digest its bytes were stored under. */
export function fleetPackages(spec: FleetSpecFile, digestOfFile: (file: string) => string): FleetPackage[] {
  return spec.packages.map((p) =>
    p.file !== undefined
      ? { name: p.name, input: digestOfFile(p.file) }
      : { name: p.name, generate: p.generate! },
  );
}

/** The steps as the workers run them. */
export function fleetSteps(spec: FleetSpecFile): FleetStep[] {
  return spec.steps as FleetStep[];
}
