/** Runs one machine of a fleet: build it as its variant says, run the steps, and measure. */
import { generateHotfix, generateServicePack } from '../generate/index.js';
import { reboot } from '../boot/index.js';
import type { ImageCore } from '../image/index.js';
import { coreOf, WinImage } from '../machine/index.js';
import type { Package } from '../package/index.js';
import { install, uninstall } from '../servicing/index.js';
import type { DecodedInputs } from './inputs.js';
import {
  machineResultOf,
  type FleetPackage,
  type FleetStep,
  type MachineResult,
  type MachineVariant,
} from './types.js';

const SUCCESS = [0, 3010, 1641];

/** `preset, N files, SPn`: the machine kind the report groups by. */
export function machineKind(variant: MachineVariant): string {
  return `${variant.preset}${variant.files === undefined ? '' : `, ${variant.files} files`}, SP${variant.servicePack}`;
}

/** Watches every volume's allocation and keeps the most bytes in use above the start. */
function watchSpace(image: ImageCore): () => number {
  let total = 0;
  let peak = 0;
  for (const info of image.volumes()) {
    const volume = image.volume(info.letter);
    let used = volume.used;
    Object.defineProperty(volume, 'used', {
      configurable: true,
      get: () => used,
      set: (value: number) => {
        total += value - used;
        used = value;
        if (total > peak) peak = total;
      },
    });
  }
  return () => peak;
}

function resolvePackage(image: ImageCore, spec: FleetPackage, inputs: DecodedInputs): Package {
  if (spec.input) return inputs.package(spec.input);
  const g = spec.generate!;
  const seed = g.seed ?? 1;
  if (g.kind === 'hotfix')
    return generateHotfix(image, {
      id: g.id ?? 'Q123456',
      seed,
      ...(g.files ? { files: g.files } : {}),
      ...(g.level ? { level: g.level } : {}),
    });
  return generateServicePack(image, { level: g.level ?? 4, seed, ...(g.files ? { files: g.files } : {}) });
}

/** Builds the machine of a variant with its hotfixes installed. */
async function buildMachine(variant: MachineVariant): Promise<ImageCore> {
  const image = coreOf(
    WinImage.create({
      preset: variant.preset,
      seed: variant.seed,
      servicePack: variant.servicePack,
      ...(variant.files === undefined ? {} : { files: variant.files }),
    }),
  );
  for (const id of variant.hotfixes) {
    const done = await install(image, generateHotfix(image, { id, seed: variant.seed }), { switches: '-u' });
    if (!SUCCESS.includes(done.code))
      throw new Error(`installing hotfix ${id} before the steps: ${done.code} ${done.message}`);
  }
  return image;
}

/** What runs on the machine besides: files of the first package held by a service, sessions, space taken. */
function occupyMachine(image: ImageCore, variant: MachineVariant, first: Package): void {
  if (variant.heldFiles > 0) {
    const targets = first.manifest.files
      .map((f) => image.expand(f.target))
      .filter((path) => image.find(path)?.isDir === false);
    const holds = [...new Set(targets)].sort().slice(0, variant.heldFiles);
    image.startProcess('svchost.exe', { holds, service: 'SvcHold' });
  }
  for (let session = 1; session <= variant.sessions; session++)
    image.startProcess('explorer.exe', { session });
  if (variant.freeSpace !== undefined) {
    const system = image.volume('C');
    system.used = Math.max(system.used, system.capacity - variant.freeSpace);
  }
}

function outcomeOf(result: MachineResult): MachineResult['outcome'] {
  if (result.failures.some((f) => /disk|space|DISK_FULL/i.test(f))) return 'disk-full';
  if (result.failures.length > 0) return 'failed';
  return result.restartRequired ? 'restart' : 'ok';
}

async function runSteps(
  image: ImageCore,
  steps: FleetStep[],
  packages: Map<string, Package>,
  result: MachineResult,
) {
  for (const [index, step] of steps.entries()) {
    if ('reboot' in step) {
      reboot(image, { mode: step.reboot.mode ?? 'windows' });
      result.restarts++;
      result.restartRequired = false;
      continue;
    }
    const done =
      'install' in step
        ? await install(image, packages.get(step.install.package)!, {
            switches: step.install.switches ?? '-u',
          })
        : await uninstall(image, packages.get(step.uninstall.package)!.manifest.id);
    result.codes.push(done.code);
    result.renamesQueued += done.queuedRenames;
    if (done.rebooted) result.restarts++;
    result.restartRequired = done.restartRequired && !done.rebooted;
    if (!SUCCESS.includes(done.code)) {
      result.failures.push(`step ${index}: ${done.code} ${done.message}`);
      return;
    }
  }
}

/** Builds the machine, runs the steps in order (stopping at the first failure) and measures. */
export async function runMachine(
  variant: MachineVariant,
  packageSpecs: FleetPackage[],
  steps: FleetStep[],
  inputs: DecodedInputs,
): Promise<MachineResult> {
  const started = performance.now();
  const result = machineResultOf(variant, machineKind(variant), 'ok');
  try {
    const image = await buildMachine(variant);
    const packages = new Map(packageSpecs.map((p) => [p.name, resolvePackage(image, p, inputs)]));
    occupyMachine(image, variant, packages.get(packageSpecs[0].name)!);
    const peak = watchSpace(image);
    await runSteps(image, steps, packages, result);
    result.peakBytes = peak();
  } catch (error) {
    result.failures.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }
  result.ms = Math.round(performance.now() - started);
  result.outcome = outcomeOf(result);
  return result;
}
