/**
 * The parts of a trace's resolved scenario the replay needs (brokers and their zones, topics with
 * their initial replica assignment, consumer groups), read defensively: the trace types leave
 * `scenario` unknown, and a hand-edited trace may lack any of it.
 */
export interface BrokerInfo {
  id: number;
  name: string;
  zone: string;
}

export interface TopicInfo {
  name: string;
  partitions: number;
  /** replicas[partition] = broker ids, the first the preferred leader. */
  replicas: number[][];
  minInsyncReplicas: number;
}

export interface ScenarioShape {
  name: string;
  description: string;
  brokers: BrokerInfo[];
  zones: string[];
  topics: TopicInfo[];
  groups: string[];
}

type Loose = Record<string, unknown>;

const asObject = (value: unknown): Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown, fallback: string): string =>
  typeof value === 'string' ? value : fallback;
const asNumber = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

export function scenarioShape(scenario: unknown): ScenarioShape {
  const root = asObject(scenario);
  const cluster = asObject(root['cluster']);
  const network = asObject(root['network']);
  const zonesOf = asArray(network['brokerZones']);
  const names = asArray(cluster['brokerNames']);
  const count = names.length > 0 ? names.length : asNumber(cluster['brokers'], 0);
  const brokers: BrokerInfo[] = [];
  for (let id = 0; id < count; id++) {
    brokers.push({
      id,
      name: asString(names[id], `broker-${id}`),
      zone: asString(zonesOf[id], 'zone'),
    });
  }
  const zones: string[] = [];
  for (const broker of brokers) if (!zones.includes(broker.zone)) zones.push(broker.zone);
  const topics = asArray(root['topics']).map((entry): TopicInfo => {
    const topic = asObject(entry);
    const replicas = asArray(topic['replicas']).map((row) =>
      asArray(row).filter((id): id is number => typeof id === 'number'),
    );
    return {
      name: asString(topic['name'], '?'),
      partitions: asNumber(topic['partitions'], replicas.length),
      replicas,
      minInsyncReplicas: asNumber(asObject(topic['config'])['minInsyncReplicas'], 1),
    };
  });
  const groups: string[] = [];
  for (const entry of asArray(root['consumers'])) {
    const group = asString(asObject(entry)['group'], '');
    if (group !== '' && !groups.includes(group)) groups.push(group);
  }
  return {
    name: asString(root['name'], 'trace'),
    description: asString(root['description'], ''),
    brokers,
    zones,
    topics,
    groups,
  };
}
