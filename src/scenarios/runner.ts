/**
 * Runs a scenario: its steps in order against named machines, packages, snapshots and SMS clients,
 * with an outcome per step. The first failed step stops the run (the rest are `skipped`) unless
 * `continueOnError` is set.
 */
import {
  generateHotfix,
  generateServicePack,
  generateSmsHotfix,
  generateSmsServicePack,
} from '../generate/index.js';
import { listPendingRenames, reboot } from '../boot/index.js';
import { InputError, PowerCut, WinError } from '../errors/index.js';
import { digestImage, type ImageCore } from '../image/index.js';
import type { Package } from '../package/index.js';
import {
  SVCPACK_LOG,
  install,
  installedHotfixes,
  installedServicePack,
  uninstall,
} from '../servicing/index.js';
import { createCluster } from './cluster.js';
import { errorEvents } from './event-check.js';
import {
  generatesHotfix,
  parseScenario,
  stepBody,
  stepKind,
  type ScenarioSpec,
  type ScenarioStep,
  type StepBody,
  type StepKind,
} from './format.js';
import { rollingUpgrade } from './rolling-upgrade.js';
import { expectCode, type Verdict } from './verdict.js';
import { runSmsSetup, smsSite, SMS_PRODUCT, type SmsMedia } from './sms-setup.js';
import { StagedClientUpgrade } from './staged-client.js';
import { changeUserExecute, changeUserInstall, setTerminalServerMode } from './terminal-server.js';

/** How a `create` step's machine is built: the layer above binds it to the core of `WinImage.create(options)`. */
export type ImageFactory = (options: Omit<StepBody<'create'>, 'name'>) => ImageCore;

/** Options of `runScenario`. */
export interface RunScenarioOptions {
  /** Builds a machine for a `create` step (the scenarios layer sits below the machine layer). */
  createImage: ImageFactory;
  /** Run the remaining steps after a failed one (default false: they are skipped). */
  continueOnError?: boolean;
  /** Names the scenario in validation errors. */
  source?: string;
  /** Called after each step. */
  onStep?: (outcome: StepOutcome) => void;
}

/** What one step did. */
export interface StepOutcome {
  index: number;
  /** The step's JSON pointer: `/steps/3`. */
  pointer: string;
  kind: StepKind;
  status: 'ok' | 'failed' | 'skipped';
  message: string;
  /** The result code of an install or uninstall. */
  code?: number;
}

/** What `runScenario` did, with the machines and clients it ended with. */
export interface ScenarioReport {
  name: string;
  ok: boolean;
  steps: StepOutcome[];
  machines: Map<string, ImageCore>;
  clients: Map<string, StagedClientUpgrade>;
  packages: Map<string, Package>;
  /** Snapshot name to digest. */
  snapshots: Map<string, string>;
}

class Run {
  readonly machines = new Map<string, ImageCore>();
  readonly clients = new Map<string, StagedClientUpgrade>();
  readonly packages = new Map<string, Package>();
  readonly snapshots = new Map<string, string>();
  /** The full-installation source of each generated SMS service pack, by package name. */
  private readonly smsSources = new Map<string, Package>();
  constructor(private readonly options: RunScenarioOptions) {}

  machine(name: string): ImageCore {
    const image = this.machines.get(name);
    if (!image) throw new InputError('scenario', `no machine named '${name}'`);
    return image;
  }

  pkg(name: string): Package {
    const found = this.packages.get(name);
    if (!found) throw new InputError('scenario', `no package named '${name}'`);
    return found;
  }

  async step(step: ScenarioStep): Promise<Verdict> {
    const kind = stepKind(step);
    switch (kind) {
      case 'create':
        return this.create(stepBody(step, 'create'));
      case 'generate':
        return this.generate(stepBody(step, 'generate'));
      case 'install':
        return this.install(stepBody(step, 'install'));
      case 'smsSetup': {
        const body = stepBody(step, 'smsSetup');
        const media: SmsMedia = {
          upgrade: this.pkg(body.package),
          fullInstallation: this.smsSources.get(body.package) ?? this.pkg(body.package),
        };
        const switches = body.switches === undefined ? {} : { switches: body.switches };
        return expectCode(body, () => runSmsSetup(this.machine(body.on), media, body.method, switches));
      }
      case 'uninstall':
        return this.uninstall(stepBody(step, 'uninstall'));
      case 'reboot':
        return this.reboot(stepBody(step, 'reboot'));
      case 'session': {
        const body = stepBody(step, 'session');
        const image = this.machine(body.on);
        image.session.session = body.session;
        image.session.administrator = body.administrator ?? true;
        return {
          ok: true,
          message: `${body.on}: now in session ${body.session}${image.session.administrator ? ' as an administrator' : ''}`,
        };
      }
      case 'changeUser': {
        const body = stepBody(step, 'changeUser');
        if (body.mode === 'install') changeUserInstall(this.machine(body.on));
        else changeUserExecute(this.machine(body.on));
        return { ok: true, message: `${body.on}: change user /${body.mode}` };
      }
      case 'terminalServer': {
        const body = stepBody(step, 'terminalServer');
        setTerminalServerMode(this.machine(body.on), body.mode);
        return { ok: true, message: `${body.on}: Terminal Server in ${body.mode} mode` };
      }
      case 'logEvent': {
        const body = stepBody(step, 'logEvent');
        const entry = this.machine(body.on).logEvent(body.source, body.eventId, body.type, body.message);
        return { ok: true, message: `${body.on}: event ${entry.eventId} logged as record ${entry.record}` };
      }
      case 'snapshot': {
        const body = stepBody(step, 'snapshot');
        const digest = digestImage(this.machine(body.on));
        this.snapshots.set(body.name, digest);
        return { ok: true, message: `${body.name} = ${digest}` };
      }
      case 'assert':
        return this.assert(stepBody(step, 'assert'));
      case 'cluster':
        return this.cluster(stepBody(step, 'cluster'));
      case 'advanceClock': {
        const body = stepBody(step, 'advanceClock');
        const hours = (body.hours ?? 0) + (body.minutes ?? 0) / 60;
        for (const image of this.machines.values()) image.tick(Math.round(hours * 3_600_000));
        const cycles = [...this.clients.values()].flatMap((client) => client.advance(hours));
        return {
          ok: true,
          message: `clocks advanced ${hours} h${cycles.length ? `; ${cycles.length} CCIM cycle(s) ran` : ''}`,
        };
      }
      case 'smsClient': {
        const body = stepBody(step, 'smsClient');
        const client = new StagedClientUpgrade(body);
        client.start();
        this.clients.set(body.name, client);
        return { ok: true, message: `${body.name}: SP2 upgrade started, base components wait for a restart` };
      }
    }
  }

  private create(body: StepBody<'create'>): Verdict {
    const { name, ...options } = body;
    this.machines.set(name, this.options.createImage(options));
    return { ok: true, message: `${name}: ${options.preset ?? 'win2000-server'} created` };
  }

  private generate(body: StepBody<'generate'>): Verdict {
    const image = this.machine(body.for);
    const seed = body.seed === undefined ? {} : { seed: body.seed };
    const files = body.files === undefined ? {} : { files: body.files };
    if (body.product === SMS_PRODUCT) return this.generateSms(body);
    const generated = generatesHotfix(body)
      ? generateHotfix(image, {
          id: body.id ?? '',
          ...files,
          ...seed,
          ...(body.level === undefined ? {} : { level: body.level }),
        })
      : generateServicePack(image, { level: body.level ?? 1, ...files, ...seed });
    this.packages.set(body.package, generated);
    return { ok: true, message: `${body.package}: ${generated.id} generated for ${body.for}` };
  }

  private generateSms(body: StepBody<'generate'>): Verdict {
    const seed = body.seed === undefined ? {} : { seed: body.seed };
    const level = body.level === undefined ? {} : { level: body.level };
    if (generatesHotfix(body)) {
      this.packages.set(body.package, generateSmsHotfix({ id: body.id ?? '', ...level, ...seed }));
    } else {
      this.packages.set(body.package, generateSmsServicePack({ ...level, ...seed }));
      this.smsSources.set(
        body.package,
        generateSmsServicePack({ ...level, ...seed, fullInstallation: true }),
      );
    }
    return { ok: true, message: `${body.package}: ${this.pkg(body.package).id} generated for ${body.for}` };
  }

  private async install(body: StepBody<'install'>): Promise<Verdict> {
    const image = this.machine(body.on);
    const options = {
      ...(body.switches === undefined ? {} : { switches: body.switches }),
      ...(body.powerCutAfter === undefined ? {} : { powerCutAfter: body.powerCutAfter }),
    };
    return expectCode(body, async () => {
      const result = await install(image, this.pkg(body.package), options);
      return { code: result.code, message: result.message };
    });
  }

  private async uninstall(body: StepBody<'uninstall'>): Promise<Verdict> {
    const image = this.machine(body.on);
    const id = this.packages.get(body.package)?.id ?? body.package;
    const noRestart = /(^|\s)[-/]z\b/i.test(body.switches ?? '');
    const options = {
      ...(noRestart ? { noRestart } : {}),
      ...(body.powerCutAfter === undefined ? {} : { powerCutAfter: body.powerCutAfter }),
    };
    return expectCode(body, async () => {
      const result = await uninstall(image, id, options);
      return { code: result.code, message: result.message };
    });
  }

  private reboot(body: StepBody<'reboot'>): Verdict {
    const client = this.clients.get(body.on);
    if (client) {
      const entry = client.restart();
      return { ok: true, message: `${body.on}: restarted; ${entry.note}` };
    }
    const image = this.machine(body.on);
    const expected = body.expect ?? (body.powerCutAfter === undefined ? 'ok' : 'powerCut');
    try {
      const report = reboot(image, {
        ...(body.mode ? { mode: body.mode } : {}),
        ...(body.powerCutAfter === undefined ? {} : { powerCutAfter: body.powerCutAfter }),
      });
      const { renamed, replaced, deleted, failed } = report.counts;
      const message = `${body.on}: booted (${renamed} renamed, ${replaced} replaced, ${deleted} deleted, ${failed} failed)`;
      return expected === 'ok'
        ? { ok: true, message }
        : { ok: false, message: `expected a power cut, but ${message}` };
    } catch (error) {
      if (!(error instanceof PowerCut)) throw error;
      return { ok: expected === 'powerCut', message: `${body.on}: ${error.message} during the boot` };
    }
  }

  private assert(body: StepBody<'assert'>): Verdict {
    const client = this.clients.get(body.on);
    const failures: string[] = [];
    const checked: string[] = [];
    const check = (what: string, actual: unknown, expected: unknown): void => {
      checked.push(what);
      if (JSON.stringify(actual) !== JSON.stringify(expected))
        failures.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    };
    if (client) {
      if (body.restartPending !== undefined)
        check('restartPending', client.restartPending, body.restartPending);
      if (body.complete !== undefined) check('complete', client.complete, body.complete);
    } else {
      const image = this.machine(body.on);
      const digest = (): string => digestImage(image);
      if (body.digestEquals !== undefined)
        check(`digest equals ${body.digestEquals}`, digest(), this.snapshots.get(body.digestEquals));
      if (body.digestDiffers !== undefined) {
        checked.push(`digest differs from ${body.digestDiffers}`);
        if (digest() === this.snapshots.get(body.digestDiffers))
          failures.push(`digest still equals ${body.digestDiffers}`);
      }
      if (body.servicePack !== undefined) check('servicePack', installedServicePack(image), body.servicePack);
      if (body.hotfixes !== undefined) check('hotfixes', installedHotfixes(image), body.hotfixes);
      if (body.pendingRenames !== undefined)
        check('pendingRenames', listPendingRenames(image).length, body.pendingRenames);
      if (body.exists !== undefined) check(`exists ${body.exists}`, image.exists(body.exists), true);
      if (body.notExists !== undefined)
        check(`absent ${body.notExists}`, image.exists(body.notExists), false);
      if (body.installMode !== undefined) check('installMode', image.session.installMode, body.installMode);
      if (body.errorEvents !== undefined) check('errorEvents', errorEvents(image).length, body.errorEvents);
      if (body.poweredOff !== undefined) check('poweredOff', image.poweredOff, body.poweredOff);
      if (body.logContains !== undefined) {
        checked.push(`Svcpack.log contains ${JSON.stringify(body.logContains)}`);
        const log = image.expand(SVCPACK_LOG);
        if (!image.exists(log) || !image.readFile(log).toString('latin1').includes(body.logContains))
          failures.push(`Svcpack.log does not contain ${JSON.stringify(body.logContains)}`);
      }
      if (body.smsSite !== undefined) {
        const expected = body.smsSite;
        const site =
          expected === 'none' ? expected : { role: expected.role, servicePack: expected.servicePack };
        check('smsSite', smsSite(image) ?? 'none', site);
      }
    }
    if (checked.length === 0)
      return {
        ok: false,
        message: `${body.on}: nothing checkable on ${client ? 'an SMS client' : 'a machine'}`,
      };
    return failures.length === 0
      ? { ok: true, message: `${body.on}: ${checked.join(', ')}` }
      : { ok: false, message: `${body.on}: ${failures.join('; ')}` };
  }

  private async cluster(body: StepBody<'cluster'>): Promise<Verdict> {
    const cluster = createCluster({
      nodes: body.nodes.map((name) => ({ name, image: this.machine(name) })),
      groups: body.groups,
    });
    const upgrade = body.rollingUpgrade;
    const report = await rollingUpgrade(
      cluster,
      this.pkg(upgrade.package),
      upgrade.switches === undefined ? {} : { install: { switches: upgrade.switches } },
    );
    const summary = report.completed
      ? `rolling upgrade completed in ${report.trace.length} actions${report.mismatch ? `; ${report.mismatch}` : ''}`
      : `rolling upgrade stopped at step ${report.stoppedAt!.step} (${report.stoppedAt!.action}${report.stoppedAt!.node ? ` on ${report.stoppedAt!.node}` : ''}): ${report.stoppedAt!.reason}`;
    const message = `${summary}; groups ${report.invariantHeld ? 'stayed online throughout' : 'went offline'}`;
    const expected = body.expect ?? 'completed';
    if (!report.invariantHeld) return { ok: false, message };
    if (expected === 'completed') return { ok: report.ok, message };
    const atStep = body.stoppedAtStep === undefined || report.stoppedAt?.step === body.stoppedAtStep;
    return { ok: !report.completed && atStep, message };
  }
}

/**
 * Validates and runs a scenario. Each step's outcome is `ok`, `failed` (with the reason: a failed
 * assertion, an unexpected result code, a refused operation) or `skipped` (after a failure, unless
 * `continueOnError`). Invalid input throws `InputError` before anything runs.
 */
export async function runScenario(spec: unknown, options: RunScenarioOptions): Promise<ScenarioReport> {
  const scenario: ScenarioSpec = parseScenario(spec, options.source ?? 'scenario');
  const run = new Run(options);
  const steps: StepOutcome[] = [];
  let stopped = false;
  for (const [index, step] of scenario.steps.entries()) {
    const kind = stepKind(step);
    const pointer = `/steps/${index}`;
    if (stopped) {
      steps.push({ index, pointer, kind, status: 'skipped', message: 'skipped after an earlier failure' });
      continue;
    }
    let verdict: Verdict;
    try {
      verdict = await run.step(step);
    } catch (error) {
      if (!(error instanceof WinError || error instanceof InputError || error instanceof PowerCut))
        throw error;
      verdict = { ok: false, message: error.message };
    }
    const outcome: StepOutcome = {
      index,
      pointer,
      kind,
      status: verdict.ok ? 'ok' : 'failed',
      message: verdict.message,
      ...(verdict.code === undefined ? {} : { code: verdict.code }),
    };
    steps.push(outcome);
    options.onStep?.(outcome);
    if (!verdict.ok && !options.continueOnError) stopped = true;
  }
  return {
    name: scenario.name ?? options.source ?? 'scenario',
    ok: steps.every((s) => s.status === 'ok'),
    steps,
    machines: run.machines,
    clients: run.clients,
    packages: run.packages,
    snapshots: run.snapshots,
  };
}
