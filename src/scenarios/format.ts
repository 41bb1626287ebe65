/**
 * The scenario file format: JSON `{ "name", "description", "steps": [ { "<kind>": { ... } }, ... ] }`.
 * Each step is an object with exactly one key, its kind. Validation reports every problem at once,
 * each at its JSON pointer, including references to machines, packages and snapshots not defined
 * by an earlier step.
 */
import { z } from 'zod';
import { InputError, type InputProblem } from '../errors/index.js';
import { jsonPointer } from '../package/index.js';
import { SMS_PRODUCT, SMS_ROLES, SMS_SETUP_METHODS } from './sms-setup.js';

const name = z.string().min(1);
const count = z.int().min(0);
const positive = z.int().min(1);
const on = name;
/** What an install or uninstall must return: a result code, one of several, or a power cut. */
const expectation = z.union([z.int(), z.array(z.int()).min(1), z.literal('powerCut')]);

const PRESETS = ['win2000-server', 'win2000-professional', 'nt4-enterprise'] as const;

/** The body of each step kind. */
export const STEP_SCHEMAS = {
  /** A machine from a preset (the runner's `createImage` builds it). */
  create: z.strictObject({
    name,
    preset: z.enum(PRESETS).optional(),
    files: positive.optional(),
    seed: z.int().optional(),
    servicePack: z.int().min(0).max(6).optional(),
  }),
  /** A fixture package that fits a machine: a service pack (`level`) or a hotfix (`id`), of Windows or SMS 2.0. */
  generate: z.strictObject({
    package: name,
    for: on,
    product: z.enum(['Windows', SMS_PRODUCT]).optional(),
    kind: z.enum(['servicePack', 'hotfix']).optional(),
    level: positive.optional(),
    id: z
      .string()
      .regex(/^(Q\d{6}|KB\d{6,7})$/, 'a hotfix id such as Q823980')
      .optional(),
    files: positive.optional(),
    seed: z.int().optional(),
  }),
  install: z.strictObject({
    on,
    package: name,
    switches: z.string().optional(),
    expect: expectation.optional(),
    powerCutAfter: positive.optional(),
  }),
  /** Removes a package: a generated package's name or a package id (`W2K-SP4`, `Q823980`). */
  uninstall: z.strictObject({
    on,
    package: name,
    switches: z.string().optional(),
    expect: expectation.optional(),
    powerCutAfter: positive.optional(),
  }),
  /** SMS 2.0 Setup run from a generated SMS service pack's source (Q311457). */
  smsSetup: z.strictObject({
    on,
    package: name,
    method: z.enum(SMS_SETUP_METHODS),
    switches: z.string().optional(),
    expect: expectation.optional(),
  }),
  /** Restarts a machine (or an SMS client). */
  reboot: z.strictObject({
    on,
    mode: z.enum(['windows', 'transactional']).optional(),
    powerCutAfter: positive.optional(),
    expect: z.enum(['ok', 'powerCut']).optional(),
  }),
  /** The caller's session and rights from now on. */
  session: z.strictObject({ on, session: count, administrator: z.boolean().optional() }),
  /** `change user /install` or `/execute`. */
  changeUser: z.strictObject({ on, mode: z.enum(['install', 'execute']) }),
  /** Terminal Server mode: application server or remote administration. */
  terminalServer: z.strictObject({ on, mode: z.enum(['application', 'remoteAdministration']) }),
  /** Writes an entry to a machine's System event log. */
  logEvent: z.strictObject({
    on,
    source: name,
    eventId: count,
    type: z.enum(['error', 'warning', 'information']),
    message: z.string(),
  }),
  snapshot: z.strictObject({ on, name }),
  assert: z
    .strictObject({
      on,
      digestEquals: name.optional(),
      digestDiffers: name.optional(),
      servicePack: count.optional(),
      hotfixes: z.array(name).optional(),
      pendingRenames: count.optional(),
      exists: name.optional(),
      notExists: name.optional(),
      installMode: z.boolean().optional(),
      errorEvents: count.optional(),
      poweredOff: z.boolean().optional(),
      restartPending: z.boolean().optional(),
      complete: z.boolean().optional(),
      logContains: z.string().min(1).optional(),
      smsSite: z
        .union([z.literal('none'), z.strictObject({ role: z.enum(SMS_ROLES), servicePack: count })])
        .optional(),
    })
    .refine((body) => Object.keys(body).length > 1, 'name at least one thing to check'),
  /** A cluster of created machines, upgraded by Q174799's rolling upgrade. */
  cluster: z.strictObject({
    nodes: z.array(name).min(2),
    groups: z
      .array(z.strictObject({ name, preferredOwners: z.array(name).min(1), owner: name.optional() }))
      .min(1),
    rollingUpgrade: z.strictObject({ package: name, switches: z.string().optional() }),
    expect: z.enum(['completed', 'stopped']).optional(),
    stoppedAtStep: z.int().min(1).max(8).optional(),
  }),
  /** Moves every machine's clock and every SMS client's virtual clock forward. */
  advanceClock: z
    .strictObject({ hours: z.number().min(0).optional(), minutes: z.number().min(0).optional() })
    .refine((body) => body.hours !== undefined || body.minutes !== undefined, 'give hours or minutes'),
  /** A Windows 9x SMS client that starts its staged SP2 upgrade (Q264969). */
  smsClient: z.strictObject({
    name,
    softwareDistribution: z.boolean().optional(),
    cycleHours: z.number().positive().optional(),
    firstCycleHours: z.number().positive().optional(),
  }),
} as const;

/** A step kind: `create`, `install`, `assert`, ... */
export type StepKind = keyof typeof STEP_SCHEMAS;
/** The body of a step of kind K. */
export type StepBody<K extends StepKind> = z.infer<(typeof STEP_SCHEMAS)[K]>;
/** One step as written in the file: an object whose one key is its kind. */
export type ScenarioStep = { [K in StepKind]: { [P in K]: StepBody<K> } }[StepKind];

/** A validated scenario. */
export interface ScenarioSpec {
  name?: string;
  description?: string;
  steps: ScenarioStep[];
}

const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepKind[];
const fileSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  steps: z.array(z.unknown()).min(1),
});

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The kind of a validated step. */
export function stepKind(step: ScenarioStep): StepKind {
  return Object.keys(step)[0] as StepKind;
}

/** The body of a validated step. */
export function stepBody<K extends StepKind>(step: ScenarioStep, kind: K): StepBody<K> {
  return (step as Record<string, unknown>)[kind] as StepBody<K>;
}

function zodProblems(error: z.ZodError, prefix: readonly PropertyKey[]): InputProblem[] {
  return error.issues.map((issue) => ({
    where: jsonPointer([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

/** Whether a `generate` step makes a hotfix: `kind: 'hotfix'`, or an `id` without a kind. */
export function generatesHotfix(body: { kind?: unknown; id?: unknown }): boolean {
  return body.kind === 'hotfix' || (body.kind === undefined && body.id !== undefined);
}

/** Names each step defines and uses, checked in order (a step may use only what came before it). */
class References {
  readonly machines = new Set<string>();
  readonly clients = new Set<string>();
  readonly packages = new Set<string>();
  readonly snapshots = new Set<string>();
  constructor(private readonly problems: InputProblem[]) {}

  private add(where: string, message: string): void {
    this.problems.push({ where, message });
  }

  define(set: Set<string>, value: string, where: string, what: string): void {
    if (this.machines.has(value) || this.clients.has(value) || set.has(value))
      this.add(where, `${what} '${value}' is already defined`);
    set.add(value);
  }

  machine(value: string, where: string): void {
    if (!this.machines.has(value))
      this.add(where, `no machine named '${value}' was created before this step`);
  }

  machineOrClient(value: string, where: string): void {
    if (!this.machines.has(value) && !this.clients.has(value))
      this.add(where, `no machine or SMS client named '${value}' was created before this step`);
  }

  check(kind: StepKind, body: Record<string, unknown>, at: string): void {
    const where = (field: string) => `${at}/${field}`;
    const str = (field: string) => (typeof body[field] === 'string' ? (body[field] as string) : undefined);
    switch (kind) {
      case 'create':
        if (str('name')) this.define(this.machines, str('name')!, where('name'), 'machine');
        return;
      case 'smsClient':
        if (str('name')) this.define(this.clients, str('name')!, where('name'), 'SMS client');
        return;
      case 'generate':
        if (str('for')) this.machine(str('for')!, where('for'));
        if (str('package')) this.define(this.packages, str('package')!, where('package'), 'package');
        if (generatesHotfix(body)) {
          if (body.id === undefined) this.add(where('id'), 'a hotfix needs its id');
        } else if (body.level === undefined) this.add(where('level'), 'a service pack needs its level');
        return;
      case 'install':
      case 'smsSetup':
        if (str('on')) this.machine(str('on')!, where('on'));
        if (str('package') && !this.packages.has(str('package')!))
          this.add(where('package'), `no package named '${str('package')}' was generated before this step`);
        return;
      case 'snapshot':
        if (str('on')) this.machine(str('on')!, where('on'));
        if (str('name')) this.snapshots.add(str('name')!);
        return;
      case 'reboot':
      case 'assert':
        if (str('on')) this.machineOrClient(str('on')!, where('on'));
        for (const field of ['digestEquals', 'digestDiffers']) {
          if (str(field) && !this.snapshots.has(str(field)!))
            this.add(where(field), `no snapshot named '${str(field)}' was taken before this step`);
        }
        return;
      case 'cluster':
        this.checkCluster(body, at);
        return;
      case 'advanceClock':
        return;
      default:
        if (str('on')) this.machine(str('on')!, where('on'));
    }
  }

  private checkCluster(body: Record<string, unknown>, at: string): void {
    const nodes = Array.isArray(body.nodes)
      ? body.nodes.filter((n): n is string => typeof n === 'string')
      : [];
    nodes.forEach((node, i) => this.machine(node, `${at}/nodes/${i}`));
    const groups = Array.isArray(body.groups) ? body.groups : [];
    groups.forEach((group: unknown, i) => {
      if (!isObject(group) || !Array.isArray(group.preferredOwners)) return;
      group.preferredOwners.forEach((owner: unknown, j) => {
        if (typeof owner === 'string' && !nodes.includes(owner))
          this.add(`${at}/groups/${i}/preferredOwners/${j}`, `'${owner}' is not a node of this cluster`);
      });
    });
    const upgrade = body.rollingUpgrade;
    if (isObject(upgrade) && typeof upgrade.package === 'string' && !this.packages.has(upgrade.package)) {
      this.add(
        `${at}/rollingUpgrade/package`,
        `no package named '${upgrade.package}' was generated before this step`,
      );
    }
  }
}

/** Every problem of a scenario (empty when it is valid), each at its JSON pointer. */
export function scenarioProblems(json: unknown): InputProblem[] {
  const top = fileSchema.safeParse(json);
  if (!top.success) {
    const problems = zodProblems(top.error, []);
    if (!isObject(json) || !Array.isArray(json.steps)) return problems;
    return [...problems.filter((p) => !p.where.startsWith('/steps/')), ...stepProblems(json.steps)];
  }
  return stepProblems(top.data.steps);
}

function stepProblems(steps: readonly unknown[]): InputProblem[] {
  const problems: InputProblem[] = [];
  const references = new References(problems);
  steps.forEach((step, index) => {
    const at = `/steps/${index}`;
    if (!isObject(step)) {
      problems.push({ where: at, message: 'a step is an object with one key, its kind' });
      return;
    }
    const keys = Object.keys(step);
    if (keys.length !== 1) {
      problems.push({
        where: at,
        message: `a step has exactly one key, its kind; found ${keys.length === 0 ? 'none' : keys.join(', ')}`,
      });
      return;
    }
    const kind = keys[0] as StepKind;
    if (!STEP_KINDS.includes(kind)) {
      problems.push({
        where: jsonPointer(['steps', index, keys[0]!]),
        message: `unknown step kind '${keys[0]}'; expected one of ${STEP_KINDS.join(', ')}`,
      });
      return;
    }
    const parsed = STEP_SCHEMAS[kind].safeParse(step[kind]);
    if (!parsed.success) problems.push(...zodProblems(parsed.error, ['steps', index, kind]));
    if (isObject(step[kind])) references.check(kind, step[kind], `${at}/${kind}`);
  });
  return problems;
}

/** Validates a scenario; throws one `InputError` with every problem. */
export function parseScenario(json: unknown, source = 'scenario'): ScenarioSpec {
  const problems = scenarioProblems(json);
  if (problems.length > 0) throw new InputError(source, problems);
  return json as ScenarioSpec;
}

/** Parses scenario JSON text; a syntax error is an `InputError` at `line:column` when V8 gives a position. */
export function parseScenarioText(text: string, source = 'scenario'): ScenarioSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1])).split('\n');
      where = `${before.length}:${before.at(-1)!.length + 1}`;
    }
    throw new InputError(source, `not valid JSON: ${message}`, where);
  }
  return parseScenario(json, source);
}
