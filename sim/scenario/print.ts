/**
 * printResolved: the resolved scenario as readable YAML (`kafkasim validate --print`), each value
 * followed by a comment saying where it came from and, for converted values, the name it has in a
 * scenario file (`lingerUs: 5000 # linger.ms · default:kafka-4.0`). Resolved field names are
 * mapped back to file keys with the config tables and a small table for the rest.
 */
import YAML, { isCollection, isMap, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import {
  BROKER_CONFIG,
  CONSUMER_CONFIG,
  PRODUCER_CONFIG,
  TOPIC_CONFIG,
  type ConfigEntry,
} from './configTables.ts';
import type { ResolvedHardware, ResolvedScenario } from './types.ts';

type Segment = string | number;

const TOP: Record<string, string> = {
  durationUs: 'duration',
  warmupUs: 'warmup',
  sampleEveryUs: 'sampleEvery',
};
const HARDWARE: Record<string, string> = {
  preset: 'preset',
  cpuCores: 'cpu.cores',
  cpuPerRequestUs: 'cpu.perRequest',
  cpuPerKibNs: 'cpu.perKiB',
  memoryBytes: 'memory.total',
  heapBytes: 'memory.heap',
  pageCacheBytes: 'memory.pageCache',
  disks: 'disks',
  nicBytesPerSec: 'nic.bandwidth',
};
const NETWORK: Record<string, string> = {
  zones: 'zones',
  sameZoneLatencyUs: 'latency.sameZone',
  crossZoneLatencyUs: 'latency.crossZone',
  brokerZones: 'placement',
  brokerRacks: 'racks',
};
const CLIENT: Record<string, string> = { recordBytes: 'recordSize', zones: 'zone' };

function fromTable(table: readonly ConfigEntry[], field: Segment | undefined): string | undefined {
  return table.find((entry) => entry.field === field)?.kafka;
}

function hardwareKey(hardware: ResolvedHardware | undefined, field: Segment | undefined) {
  const name = HARDWARE[String(field)];
  return hardware === undefined || name === undefined
    ? undefined
    : `hardware.${hardware.profile}.${name}`;
}

/** The provenance key of a resolved path, or undefined when it has none. */
export function provenanceKeyOf(resolved: ResolvedScenario, path: Segment[]): string | undefined {
  const [first, second, third, fourth] = path;
  if (path.length === 1) return TOP[String(first)] ?? String(first);
  if (first === 'network' && path.length === 2) {
    const name = NETWORK[String(second)];
    return name === undefined ? undefined : `network.${name}`;
  }
  if (first === 'model') return path.join('.');
  if (first === 'cluster') {
    if (second === 'hardware') return hardwareKey(resolved.cluster.hardware, third);
    if (second === 'config') return prefixed('cluster.config', fromTable(BROKER_CONFIG, third));
    return path.length === 2 ? `cluster.${String(second)}` : undefined;
  }
  const list =
    first === 'topics'
      ? resolved.topics
      : first === 'producers'
        ? resolved.producers
        : first === 'consumers'
          ? resolved.consumers
          : undefined;
  if (list === undefined || typeof second !== 'number') return undefined;
  const item = list[second];
  if (item === undefined) return undefined;
  const base = `${String(first)}.${'name' in item ? item.name : item.group}`;
  if (third === 'hardware' && 'hardware' in item) return hardwareKey(item.hardware, fourth);
  if (third === 'config' && path.length === 4) {
    const table =
      first === 'topics' ? TOPIC_CONFIG : first === 'producers' ? PRODUCER_CONFIG : CONSUMER_CONFIG;
    return prefixed(`${base}.config`, fromTable(table, fourth));
  }
  if (third === 'processing' && fourth === 'perRecord') return `${base}.processing.perRecord`;
  return path.length === 3 ? `${base}.${CLIENT[String(third)] ?? String(third)}` : undefined;
}

function prefixed(prefix: string, name: string | undefined): string | undefined {
  return name === undefined ? undefined : `${prefix}.${name}`;
}

function annotate(resolved: ResolvedScenario, node: Node | null, path: Segment[]): void {
  if (isMap(node)) {
    for (const pair of node.items as Pair<Scalar, Node | null>[]) {
      const field = String(pair.key.value);
      const childPath = [...path, field];
      const key = provenanceKeyOf(resolved, childPath);
      const tag = key === undefined ? undefined : resolved.provenance[key];
      if (key !== undefined && tag !== undefined && pair.value !== null) {
        if (isCollection(pair.value)) pair.value.flow = true;
        const fileName = key.split('.').slice(-1)[0] === field ? '' : `${fileKeyLeaf(key)} · `;
        pair.value.comment = ` ${fileName}${tag}`;
      } else {
        annotate(resolved, pair.value, childPath);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => annotate(resolved, item as Node, [...path, index]));
  }
}

/**
 * "producers.checkout.config.linger.ms" → "linger.ms"; "hardware.broker.cpu.cores" → "cpu.cores"
 */
function fileKeyLeaf(key: string): string {
  const configAt = key.indexOf('.config.');
  if (configAt >= 0) return key.slice(configAt + '.config.'.length);
  return key.startsWith('hardware.')
    ? key.split('.').slice(2).join('.')
    : (key.split('.').slice(-1)[0] ?? key);
}

export function printResolved(resolved: ResolvedScenario): string {
  const { provenance: _provenance, ...shown } = resolved;
  const doc = new YAML.Document(shown);
  annotate(resolved, doc.contents as Node, []);
  const header = '# Resolved scenario: every value used, with where it came from.\n';
  return header + doc.toString({ lineWidth: 0 });
}
