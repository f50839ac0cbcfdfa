/**
 * Hardware profiles and network placement. A machine reference (`hardware: broker`) names a
 * profile of the file's `hardware:` map or a preset directly. A profile fills what it leaves out
 * from its `preset:` (brokers default to the `default` preset, clients to aws-c5n.2xlarge). A
 * `disks:` list replaces the preset's disks; fields a disk entry leaves out come from the preset's
 * first disk. CPU costs default to the `model:` calibration constants. Page cache defaults to
 * PAGE_CACHE_FRACTION of (memory − heap).
 */
import { at, ROOT, type ResolveContext, type Where } from './context.ts';
import { KAFKASIM_DEFAULT } from './defaults.ts';
import {
  DEFAULT_BROKER_PRESET,
  DEFAULT_CLIENT_PRESET,
  pageCacheBytesFor,
  PRESETS,
  type HardwarePreset,
  type PresetDisk,
} from './presets.ts';
import type { RawHardwareProfile, RawScenario } from './schema.ts';
import { suggest } from './schema.ts';
import type { ModelConstants, ResolvedDisk, ResolvedHardware, ResolvedNetwork } from './types.ts';
import { parseBandwidthBytesPerSec, parseBytes, parseDurationUs, parseNanos } from './units.ts';

export type MachineRole = 'broker' | 'client';

/** Resolves the machine a cluster or client block names (`ref`), reporting an unknown name. */
export function resolveMachine(
  ctx: ResolveContext,
  raw: RawScenario,
  ref: string | undefined,
  refWhere: Where,
  role: MachineRole,
  model: ModelConstants,
): ResolvedHardware {
  const profiles = raw.hardware ?? {};
  const name = ref ?? role;
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  if (profile !== undefined) {
    return resolveProfile(ctx, name, profile, role, model);
  }
  if (ref !== undefined && !Object.hasOwn(PRESETS, ref)) {
    const known = [...Object.keys(profiles), ...Object.keys(PRESETS)];
    const close = suggest(ref, known);
    const hint = close === null ? ` (known: ${known.join(', ')})` : ` (did you mean "${close}"?)`;
    ctx.error(refWhere, `unknown hardware profile "${ref}"${hint}`);
  }
  const preset = ref !== undefined && Object.hasOwn(PRESETS, ref) ? ref : defaultPreset(role);
  return resolveProfile(ctx, preset, { preset }, role, model);
}

function defaultPreset(role: MachineRole): string {
  return role === 'broker' ? DEFAULT_BROKER_PRESET : DEFAULT_CLIENT_PRESET;
}

function resolveProfile(
  ctx: ResolveContext,
  name: string,
  profile: RawHardwareProfile,
  role: MachineRole,
  model: ModelConstants,
): ResolvedHardware {
  const where = at(at(ROOT, 'hardware'), name);
  const presetName = ctx.pick(
    at(where, 'preset'),
    profile.preset,
    defaultPreset(role),
    'default:kafkasim',
  );
  let preset: HardwarePreset | undefined = PRESETS[presetName];
  if (preset === undefined) {
    const close = suggest(presetName, Object.keys(PRESETS));
    const known = `presets: ${Object.keys(PRESETS).join(', ')}`;
    const hint = close === null ? ` (${known})` : ` (did you mean "${close}"? ${known})`;
    ctx.error(at(where, 'preset'), `unknown hardware preset "${presetName}"${hint}`);
    preset = PRESETS[defaultPreset(role)] as HardwarePreset;
  }
  const tag = `preset:${presetName}`;
  const cpu = at(where, 'cpu');
  const memory = at(where, 'memory');
  const cpuPerRequestDefault =
    role === 'broker' ? model.brokerCpuPerRequestUs : model.clientCpuPerRequestUs;
  const memoryBytes = ctx.pickUnit(
    at(memory, 'total'),
    profile.memory?.total,
    preset.memoryBytes,
    tag,
    parseBytes,
  );
  const heapBytes = ctx.pickUnit(
    at(memory, 'heap'),
    profile.memory?.heap,
    preset.heapBytes,
    tag,
    parseBytes,
  );
  const pageCacheTag =
    profile.memory?.total === undefined && profile.memory?.heap === undefined
      ? tag
      : KAFKASIM_DEFAULT;
  return {
    profile: name,
    preset: presetName,
    cpuCores: ctx.pick(at(cpu, 'cores'), profile.cpu?.cores, preset.cpuCores, tag),
    cpuPerRequestUs: ctx.pickUnit(
      at(cpu, 'perRequest'),
      profile.cpu?.perRequest,
      cpuPerRequestDefault,
      KAFKASIM_DEFAULT,
      (v) => parseDurationUs(v, 'us'),
    ),
    cpuPerKibNs: ctx.pickUnit(
      at(cpu, 'perKiB'),
      profile.cpu?.perKiB,
      model.brokerCpuPerKibNs,
      KAFKASIM_DEFAULT,
      parseNanos,
    ),
    memoryBytes,
    heapBytes,
    pageCacheBytes: ctx.pickUnit(
      at(memory, 'pageCache'),
      profile.memory?.pageCache,
      pageCacheBytesFor(memoryBytes, heapBytes),
      pageCacheTag,
      parseBytes,
    ),
    disks: resolveDisks(ctx, at(where, 'disks'), profile, preset, tag, role),
    nicBytesPerSec: ctx.pickUnit(
      at(at(where, 'nic'), 'bandwidth'),
      profile.nic?.bandwidth,
      preset.nicBytesPerSec,
      tag,
      parseBandwidthBytesPerSec,
    ),
  };
}

function resolveDisks(
  ctx: ResolveContext,
  where: Where,
  profile: RawHardwareProfile,
  preset: HardwarePreset,
  tag: string,
  role: MachineRole,
): ResolvedDisk[] {
  const fallbackPreset =
    role === 'broker' && preset.disks.length === 0 ? PRESETS[DEFAULT_BROKER_PRESET] : preset;
  const base: PresetDisk | undefined = fallbackPreset?.disks[0];
  if (profile.disks === undefined) {
    ctx.record(where, tag);
    return (fallbackPreset?.disks ?? []).flatMap((d) => repeat(d.count, presetDisk(d)));
  }
  ctx.record(where, ctx.fileTag(where));
  const disks: ResolvedDisk[] = [];
  profile.disks.forEach((entry, index) => {
    const w = at(where, index);
    const us = (v: unknown) => parseDurationUs(v, 'us');
    const disk: ResolvedDisk = {
      writeBytesPerSec: ctx.pickUnit(
        at(w, 'writeBandwidth'),
        entry.writeBandwidth,
        base?.writeBytesPerSec ?? 0,
        tag,
        parseBandwidthBytesPerSec,
      ),
      readBytesPerSec: ctx.pickUnit(
        at(w, 'readBandwidth'),
        entry.readBandwidth,
        base?.readBytesPerSec ?? 0,
        tag,
        parseBandwidthBytesPerSec,
      ),
      latencyUs: ctx.pickUnit(at(w, 'latency'), entry.latency, base?.latencyUs ?? 0, tag, us),
      fsyncLatencyUs: ctx.pickUnit(
        at(w, 'fsyncLatency'),
        entry.fsyncLatency,
        base?.fsyncLatencyUs ?? 0,
        tag,
        us,
      ),
      capacityBytes: ctx.pickUnit(
        at(w, 'capacity'),
        entry.capacity,
        base?.capacityBytes ?? 0,
        tag,
        parseBytes,
      ),
    };
    if (disk.writeBytesPerSec <= 0 || disk.readBytesPerSec <= 0) {
      ctx.error(w, 'a disk needs writeBandwidth and readBandwidth (the preset has no disk)');
    }
    const countOfDisks = ctx.pick(at(w, 'count'), entry.count, 1, KAFKASIM_DEFAULT);
    disks.push(...repeat(countOfDisks, disk));
  });
  return disks;
}

function presetDisk(d: PresetDisk): ResolvedDisk {
  return {
    writeBytesPerSec: d.writeBytesPerSec,
    readBytesPerSec: d.readBytesPerSec,
    latencyUs: d.latencyUs,
    fsyncLatencyUs: d.fsyncLatencyUs,
    capacityBytes: d.capacityBytes,
  };
}

function repeat(countOfCopies: number, disk: ResolvedDisk): ResolvedDisk[] {
  return Array.from({ length: countOfCopies }, () => ({ ...disk }));
}

/** Same-zone one-way latency ~100 µs (a same-AZ round trip is ~200 µs); cross-zone ~500 µs. */
export const SAME_ZONE_LATENCY_US = 100;
export const CROSS_ZONE_LATENCY_US = 500;

export function resolveNetwork(
  ctx: ResolveContext,
  raw: RawScenario,
  brokers: number,
): ResolvedNetwork {
  const where = at(ROOT, 'network');
  const network = raw.network ?? {};
  const latency = at(where, 'latency');
  const us = (v: unknown) => parseDurationUs(v, 'us');
  const zones = ctx.pick(at(where, 'zones'), network.zones, ['a'], KAFKASIM_DEFAULT);
  if (new Set(zones).size !== zones.length)
    ctx.error(at(where, 'zones'), 'zone names must be unique');
  const spread = Array.from({ length: brokers }, (_, i) => zones[i % zones.length] ?? 'a');
  const brokerZones = ctx.pick(at(where, 'placement'), network.placement, spread, KAFKASIM_DEFAULT);
  if (network.placement !== undefined) {
    if (network.placement.length !== brokers) {
      ctx.error(
        at(where, 'placement'),
        `placement lists ${network.placement.length} zones for ${brokers} brokers`,
      );
    }
    network.placement.forEach((zone, i) => {
      if (!zones.includes(zone))
        ctx.error(
          at(at(where, 'placement'), i),
          `unknown zone "${zone}" (zones: ${zones.join(', ')})`,
        );
    });
  }
  return {
    zones,
    sameZoneLatencyUs: ctx.pickUnit(
      at(latency, 'sameZone'),
      network.latency?.sameZone,
      SAME_ZONE_LATENCY_US,
      KAFKASIM_DEFAULT,
      us,
    ),
    crossZoneLatencyUs: ctx.pickUnit(
      at(latency, 'crossZone'),
      network.latency?.crossZone,
      CROSS_ZONE_LATENCY_US,
      KAFKASIM_DEFAULT,
      us,
    ),
    brokerZones,
    brokerRacks: ctx.pick(at(where, 'racks'), network.racks, false, KAFKASIM_DEFAULT)
      ? [...brokerZones]
      : null,
    clientZone: zones[0] ?? 'a',
  };
}

/**
 * The zones a client block's clients spread over in order (client i in zones[i mod length]):
 * the one named, the list named, or the first zone when none is named.
 */
export function resolveClientZones(
  ctx: ResolveContext,
  where: Where,
  zone: string | string[] | undefined,
  network: ResolvedNetwork,
): string[] {
  const listed =
    zone === undefined ? [network.clientZone] : typeof zone === 'string' ? [zone] : zone;
  ctx.record(where, zone === undefined ? KAFKASIM_DEFAULT : ctx.fileTag(where));
  listed.forEach((name, i) => {
    if (!network.zones.includes(name)) {
      const w = typeof zone === 'string' ? where : at(where, i);
      ctx.error(w, `unknown zone "${name}" (network.zones: ${network.zones.join(', ')})`);
    }
  });
  return [...listed];
}

/** The zone of client `index` of a block whose clients spread over `zones` in order. */
export function clientZoneOf(zones: readonly string[], index: number): string {
  return zones[index % zones.length] as string;
}
