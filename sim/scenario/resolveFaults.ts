/**
 * Fault entries (`- at: 40s` plus exactly one kind key: crash, restart, partitionNetwork,
 * cutLinks, slowDisk, pause, consumer, addPartitions, controllerFailover) and `expect:` entries.
 * Node names are `broker-<i>`, a producer or consumer block's name (all its clients) or
 * `<name>-<i>` (one client). `addPartitions.count` is the new total partition count, as in
 * `kafka-topics --alter --partitions` (it must exceed the current count).
 */
import { at, ROOT, type ResolveContext, type Where } from './context.ts';
import { checkTopic } from './resolveClients.ts';
import { FAULT_KINDS, suggest, type RawFault, type RawScenario } from './schema.ts';
import type { ConsumerAction, Expectation, ExpectOp, Fault, ResolvedScenario } from './types.ts';
import { parseDurationUs } from './units.ts';

export interface FaultTargets {
  brokers: number;
  topics: Map<string, number>;
  /** Client blocks: name → count. */
  clients: Map<string, number>;
  groups: Map<string, number>;
}

const seconds = (v: unknown) => parseDurationUs(v, 's');
/** Defaults for consumer faults: a restart stays down 10 s; `slow` is 10x for 30 s. */
export const CONSUMER_DOWN_FOR_US = 10_000_000;
export const CONSUMER_SLOW_FACTOR = 10;
export const CONSUMER_SLOW_FOR_US = 30_000_000;

function broker(
  ctx: ResolveContext,
  where: Where,
  ref: string | number,
  targets: FaultTargets,
): number {
  const index = typeof ref === 'number' ? ref : Number(ref.slice('broker-'.length));
  if (!Number.isInteger(index) || index < 0 || index >= targets.brokers) {
    ctx.error(
      where,
      `no broker "${typeof ref === 'number' ? `broker-${ref}` : ref}": ` +
        `brokers are broker-0 .. broker-${targets.brokers - 1}`,
    );
    return 0;
  }
  return index;
}

function nodes(
  ctx: ResolveContext,
  where: Where,
  names: string[],
  targets: FaultTargets,
): string[] {
  const known: string[] = [];
  for (let i = 0; i < targets.brokers; i += 1) known.push(`broker-${i}`);
  for (const [name, count] of [...targets.clients, ...targets.groups]) {
    known.push(name);
    for (let i = 0; i < Math.min(count, 100); i += 1) known.push(`${name}-${i}`);
  }
  names.forEach((name, i) => {
    if (known.includes(name) || isClientInstance(name, targets)) return;
    const close = suggest(name, known);
    ctx.error(
      at(where, i),
      `unknown node "${name}"${close === null ? '' : ` (did you mean "${close}"?)`}`,
    );
  });
  return [...names];
}

function isClientInstance(name: string, targets: FaultTargets): boolean {
  const match = /^(.*)-(\d+)$/.exec(name);
  if (match === null) return false;
  const count = targets.clients.get(match[1] ?? '') ?? targets.groups.get(match[1] ?? '');
  return count !== undefined && Number(match[2]) < count;
}

export function resolveFault(
  ctx: ResolveContext,
  fault: RawFault,
  index: number,
  targets: FaultTargets,
): Fault | null {
  const where = at(at(ROOT, 'faults'), index);
  const atUs = ctx.unit(at(where, 'at'), fault.at, seconds);
  const kinds = FAULT_KINDS.filter((kind) => fault[kind] !== undefined);
  if (kinds.length !== 1) {
    const message =
      kinds.length === 0
        ? `a fault needs one of ${FAULT_KINDS.join(', ')}`
        : `a fault has one kind, got ${kinds.join(' and ')}`;
    ctx.error(where, message);
    return null;
  }
  if (fault.restartAfter !== undefined && fault.crash === undefined) {
    ctx.error(at(where, 'restartAfter'), 'restartAfter goes with crash');
  }
  const heal = (w: Where, value: unknown) =>
    value === undefined ? null : ctx.unit(at(w, 'healAfter'), value, seconds);
  if (fault.crash !== undefined) {
    const restartAfterUs =
      fault.restartAfter === undefined
        ? null
        : ctx.unit(at(where, 'restartAfter'), fault.restartAfter, seconds);
    return {
      kind: 'crash',
      atUs,
      broker: broker(ctx, at(where, 'crash'), fault.crash, targets),
      restartAfterUs,
    };
  }
  if (fault.restart !== undefined) {
    return {
      kind: 'restart',
      atUs,
      broker: broker(ctx, at(where, 'restart'), fault.restart, targets),
    };
  }
  if (fault.partitionNetwork !== undefined) {
    const w = at(where, 'partitionNetwork');
    const isolate = nodes(ctx, at(w, 'isolate'), fault.partitionNetwork.isolate, targets);
    return {
      kind: 'partitionNetwork',
      atUs,
      isolate,
      healAfterUs: heal(w, fault.partitionNetwork.healAfter),
    };
  }
  if (fault.cutLinks !== undefined) {
    const w = at(where, 'cutLinks');
    const between = nodes(ctx, at(w, 'between'), fault.cutLinks.between, targets);
    const and = nodes(ctx, at(w, 'and'), fault.cutLinks.and, targets);
    return { kind: 'cutLinks', atUs, between, and, healAfterUs: heal(w, fault.cutLinks.healAfter) };
  }
  if (fault.slowDisk !== undefined) {
    const w = at(where, 'slowDisk');
    const { factor } = fault.slowDisk;
    const forUs = ctx.unit(at(w, 'for'), fault.slowDisk.for, seconds);
    return {
      kind: 'slowDisk',
      atUs,
      broker: broker(ctx, at(w, 'broker'), fault.slowDisk.broker, targets),
      factor,
      forUs,
    };
  }
  if (fault.pause !== undefined) {
    const w = at(where, 'pause');
    const [node = ''] = nodes(ctx, at(w, 'node'), [fault.pause.node], targets);
    return { kind: 'pause', atUs, node, forUs: ctx.unit(at(w, 'for'), fault.pause.for, seconds) };
  }
  if (fault.consumer !== undefined)
    return consumerFault(ctx, at(where, 'consumer'), atUs, fault.consumer, targets);
  if (fault.addPartitions !== undefined) {
    const w = at(where, 'addPartitions');
    const { topic, count } = fault.addPartitions;
    checkTopic(ctx, at(w, 'topic'), topic, [...targets.topics.keys()]);
    const current = targets.topics.get(topic) ?? 0;
    if (current > 0 && count <= current) {
      ctx.error(
        at(w, 'count'),
        `count is the new total and must exceed the current ${current} partitions of "${topic}"`,
      );
    }
    return { kind: 'addPartitions', atUs, topic, count };
  }
  return { kind: 'controllerFailover', atUs };
}

function consumerFault(
  ctx: ResolveContext,
  where: Where,
  atUs: number,
  raw: NonNullable<RawFault['consumer']>,
  targets: FaultTargets,
): Fault {
  const members = targets.groups.get(raw.group);
  if (members === undefined) {
    const close = suggest(raw.group, [...targets.groups.keys()]);
    ctx.error(
      at(where, 'group'),
      `unknown consumer group "${raw.group}"${close === null ? '' : ` (did you mean "${close}"?)`}`,
    );
  }
  const member = raw.member ?? null;
  const joinsNew = raw.action === 'join';
  if (member !== null && members !== undefined && member >= members && !joinsNew) {
    ctx.error(at(where, 'member'), `group "${raw.group}" has members 0 .. ${members - 1}`);
  }
  const action: ConsumerAction = raw.action;
  return {
    kind: 'consumer',
    atUs,
    group: raw.group,
    member,
    action,
    downForUs:
      raw.downFor === undefined
        ? CONSUMER_DOWN_FOR_US
        : ctx.unit(at(where, 'downFor'), raw.downFor, seconds),
    factor: raw.factor ?? CONSUMER_SLOW_FACTOR,
    forUs:
      raw.for === undefined ? CONSUMER_SLOW_FOR_US : ctx.unit(at(where, 'for'), raw.for, seconds),
  };
}

export type Locate = (path: (string | number)[]) => { line: number; column: number };

export function resolveExpectations(
  ctx: ResolveContext,
  raw: RawScenario,
  fileName: string,
  locate: Locate,
): Expectation[] {
  const expectations: Expectation[] = [];
  for (const [metric, ops] of Object.entries(raw.expect ?? {})) {
    const where = at(at(ROOT, 'expect'), metric);
    const entries = Object.entries(ops) as [ExpectOp, number | [number, number]][];
    if (entries.length === 0)
      ctx.error(where, 'an expectation needs atLeast, atMost, equals or between');
    for (const [op, value] of entries) {
      const values = Array.isArray(value) ? [...value] : [value];
      if (op === 'between' && (values[0] ?? 0) > (values[1] ?? 0)) {
        ctx.error(at(where, op), 'between needs [low, high]');
      }
      const { line, column } = locate(where.path);
      expectations.push({ metric, op, values, source: { file: fileName, line, column } });
    }
  }
  return expectations;
}

export function resolveTraceDetail(
  ctx: ResolveContext,
  raw: RawScenario,
): ResolvedScenario['traceDetail'] {
  if (raw.traceDetail === undefined) return null;
  const where = at(ROOT, 'traceDetail');
  const fromUs = ctx.unit(at(where, 'from'), raw.traceDetail.from, seconds);
  const toUs = ctx.unit(at(where, 'to'), raw.traceDetail.to, seconds);
  if (toUs <= fromUs) ctx.error(at(where, 'to'), 'traceDetail.to must be after traceDetail.from');
  ctx.record(where, ctx.fileTag(where));
  return { fromUs, toUs };
}
