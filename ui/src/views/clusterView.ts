/**
 * The cluster at the playhead: brokers by zone (up, fenced, paused, recovering, down, isolated),
 * cut links drawn as red arcs between brokers, each partition's leader, followers and ISR coloured
 * by health, and each consumer group's members with their partitions. Every string from the
 * trace goes in with textContent or d3's .text(). Redrawn only when the last applied event
 * changes, from ClusterTimeline (checkpoints, no pass over all events).
 */
import * as d3 from 'd3';
import { formatTimeUs } from '../format.ts';
import type { BrokerAt, ClusterAt, PartitionAt, PartitionHealth } from '../state/clusterAt.ts';
import { byPartitionName } from '../state/clusterAt.ts';

const HEALTH_LABEL: Record<PartitionHealth, string> = {
  healthy: 'healthy',
  underReplicated: 'under-replicated',
  underMinIsr: 'under min ISR',
  unavailable: 'leader not serving',
  offline: 'offline',
};

const BOX = { width: 134, height: 40, gap: 8 };

export class ClusterView {
  readonly #root: HTMLElement;
  readonly #time: HTMLElement;
  readonly #brokers: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  readonly #cuts: HTMLElement;
  readonly #summary: HTMLElement;
  readonly #partitions: HTMLElement;
  readonly #groups: HTMLElement;

  constructor(root: HTMLElement) {
    this.#root = root;
    const heading = root.appendChild(document.createElement('h2'));
    heading.appendChild(document.createTextNode('Cluster at '));
    this.#time = heading.appendChild(document.createElement('span'));
    this.#time.className = 'cluster-time';
    this.#brokers = d3.select(root).append('svg').attr('class', 'brokers');
    this.#cuts = root.appendChild(document.createElement('div'));
    this.#cuts.className = 'cut-links';
    this.#summary = root.appendChild(document.createElement('div'));
    this.#summary.className = 'health-summary';
    this.#partitions = root.appendChild(document.createElement('div'));
    this.#partitions.className = 'partitions';
    this.#groups = root.appendChild(document.createElement('div'));
    this.#groups.className = 'groups';
  }

  /** The playhead's time, on every frame (the cluster itself changes only with events). */
  setTime(timeUs: number): void {
    this.#time.textContent = formatTimeUs(timeUs);
  }

  render(cluster: ClusterAt): void {
    this.#time.textContent = formatTimeUs(cluster.timeUs);
    this.#root.dataset['eventIndex'] = String(cluster.eventIndex);
    this.#renderBrokers(cluster);
    this.#renderCuts(cluster);
    this.#renderPartitions(cluster.partitions);
    this.#renderGroups(cluster);
  }

  #renderBrokers(cluster: ClusterAt): void {
    // The panel's width less its padding.
    const layout = zoneLayout(cluster.brokers, this.#root.clientWidth - 24);
    const { zones, zoneWidth, zoneHeight, position } = layout;
    const svg = this.#brokers.attr('width', layout.width).attr('height', layout.height);
    svg
      .selectAll('g.zone')
      .data(zones, (zone) => zone as string)
      .join((enter) => {
        const group = enter.append('g').attr('class', 'zone');
        group.append('rect').attr('rx', 6);
        group.append('text').attr('class', 'zone-name');
        return group;
      })
      .call((group) => {
        group
          .select('rect')
          .attr('x', (_, index) => layout.zoneAt(index).x)
          .attr('y', (_, index) => layout.zoneAt(index).y + 14)
          .attr('width', zoneWidth)
          .attr('height', zoneHeight - 18);
        group
          .select('text')
          .attr('x', (_, index) => layout.zoneAt(index).x + 8)
          .attr('y', (_, index) => layout.zoneAt(index).y + 29)
          .text((zone) => `zone ${zone}`);
      });
    const leaders = new Map<number, number>();
    for (const partition of cluster.partitions) {
      leaders.set(partition.leader, (leaders.get(partition.leader) ?? 0) + 1);
    }
    svg
      .selectAll<SVGGElement, BrokerAt>('g.broker')
      .data(cluster.brokers, (broker) => broker.name)
      .join((enter) => {
        const group = enter.append('g');
        group.append('rect').attr('width', BOX.width).attr('height', BOX.height).attr('rx', 4);
        group.append('text').attr('class', 'broker-name').attr('x', 8).attr('y', 16);
        group.append('text').attr('class', 'broker-state').attr('x', 8).attr('y', 32);
        return group;
      })
      .attr('class', (broker) => `broker state-${brokerLabel(broker).split(',')[0]}`)
      .attr('data-broker', (broker) => broker.name)
      .attr('data-state', (broker) => brokerLabel(broker))
      .attr('transform', (broker) => {
        const at = position.get(broker.name) ?? { x: 0, y: 0 };
        return `translate(${at.x},${at.y})`;
      })
      .call((group) => {
        group.select('text.broker-name').text((broker) => broker.name);
        group
          .select('text.broker-state')
          .text((broker) => `${brokerLabel(broker)} · leads ${leaders.get(broker.id) ?? 0}`);
      });
    const arcs = cutArcs(cluster, position);
    svg
      .selectAll('path.cut')
      .data(arcs)
      .join('path')
      .attr('class', 'cut')
      .attr('d', (arc) => arc);
  }

  #renderCuts(cluster: ClusterAt): void {
    const lines: string[] = cluster.cutLinks.map(
      (link) => `links cut: ${link.between.join(', ')} ✕ ${link.and.join(', ')}`,
    );
    if (cluster.isolatedNodes.length > 0) {
      lines.push(`isolated from every link: ${cluster.isolatedNodes.join(', ')}`);
    }
    d3.select(this.#cuts)
      .selectAll('div')
      .data(lines)
      .join('div')
      .text((line) => line);
  }

  #renderPartitions(partitions: PartitionAt[]): void {
    const counts = new Map<PartitionHealth, number>();
    for (const partition of partitions) {
      counts.set(partition.health, (counts.get(partition.health) ?? 0) + 1);
    }
    d3.select(this.#summary)
      .selectAll('span')
      .data([...counts].sort(([a], [b]) => healthRank(a) - healthRank(b)))
      .join('span')
      .attr('class', ([health]) => `health-chip health-${health}`)
      .text(([health, count]) => `${count} ${HEALTH_LABEL[health]}`);
    const sorted = [...partitions].sort((a, b) => byPartitionName(a.name, b.name));
    d3.select(this.#partitions)
      .selectAll<HTMLDivElement, PartitionAt>('div.partition')
      .data(sorted, (partition) => partition.name)
      .join((enter) => {
        const tile = enter.append('div');
        tile.append('span').attr('class', 'partition-name');
        tile.append('span').attr('class', 'replicas');
        return tile;
      })
      .attr('class', (partition) => `partition health-${partition.health}`)
      .attr('data-partition', (partition) => partition.name)
      .attr('data-leader', (partition) => String(partition.leader))
      .attr('data-isr', (partition) => partition.isr.join(','))
      .attr('title', (partition) => partitionTitle(partition))
      .call((tile) => {
        tile.select('span.partition-name').text((partition) => partition.name);
        tile
          .select('span.replicas')
          .selectAll('span')
          .data((partition) =>
            partition.replicas.map((broker) => ({
              broker,
              leader: broker === partition.leader,
              inIsr: partition.isr.includes(broker),
            })),
          )
          .join('span')
          .attr('class', (replica) =>
            replica.leader ? 'replica leader' : replica.inIsr ? 'replica in-isr' : 'replica out',
          )
          .text((replica) => String(replica.broker));
      });
  }

  #renderGroups(cluster: ClusterAt): void {
    d3.select(this.#groups)
      .selectAll<HTMLDivElement, ClusterAt['groups'][number]>('div.group')
      .data(cluster.groups, (group) => group.name)
      .join((enter) => {
        const block = enter.append('div').attr('class', 'group');
        block.append('h3');
        block.append('ul');
        return block;
      })
      .attr('data-group', (group) => group.name)
      .attr('data-phase', (group) => group.phase)
      .call((block) => {
        block
          .select('h3')
          .text(
            (group) =>
              `group ${group.name}: ${group.phase} (${group.protocol}, generation ` +
              `${group.generation}, ${group.members.length} consuming)`,
          );
        block
          .select('ul')
          .selectAll('li')
          .data((group) => group.members)
          .join('li')
          .text((member) => `${member.member}: ${member.partitions.join(', ') || 'none'}`);
      });
  }
}

/** 'up', 'down', 'recovering' or 'paused', then ', fenced' and ', isolated' when so. */
export function brokerLabel(broker: BrokerAt): string {
  const parts: string[] = [broker.process];
  if (broker.fenced) parts.push('fenced');
  if (broker.isolated) parts.push('isolated');
  return parts.join(', ');
}

function healthRank(health: PartitionHealth): number {
  return ['offline', 'unavailable', 'underMinIsr', 'underReplicated', 'healthy'].indexOf(health);
}

function partitionTitle(partition: PartitionAt): string {
  const leader = partition.leader < 0 ? 'none' : `broker-${partition.leader}`;
  return (
    `${partition.name}: ${HEALTH_LABEL[partition.health]}; leader ${leader}, epoch ` +
    `${partition.leaderEpoch}; replicas [${partition.replicas.join(', ')}], ISR ` +
    `[${partition.isr.join(', ')}]`
  );
}

/** One arc per pair of brokers whose data link is cut, bulging upward. */
function cutArcs(cluster: ClusterAt, position: Map<string, { x: number; y: number }>): string[] {
  const arcs: string[] = [];
  for (const link of cluster.cutLinks) {
    for (const from of link.between) {
      for (const to of link.and) {
        const a = position.get(from);
        const b = position.get(to);
        if (a === undefined || b === undefined) continue;
        const [x1, y1] = [a.x + BOX.width / 2, a.y + BOX.height / 2];
        const [x2, y2] = [b.x + BOX.width / 2, b.y + BOX.height / 2];
        const bend = Math.max(30, Math.abs(x2 - x1) / 3);
        arcs.push(`M${x1},${y1} Q${(x1 + x2) / 2},${Math.min(y1, y2) - bend} ${x2},${y2}`);
      }
    }
  }
  return arcs;
}

/**
 * Where zones and brokers go: zones side by side with up to three brokers a row each, fewer
 * per row when that makes every zone fit in `widthPx`, and zones wrapped onto more lines when
 * even one broker a row does not.
 */
function zoneLayout(brokers: readonly BrokerAt[], widthPx: number) {
  const zones = [...new Set(brokers.map((broker) => broker.zone))];
  const available = widthPx > 0 ? widthPx : Infinity;
  const widthOf = (perRow: number) => perRow * (BOX.width + BOX.gap) + BOX.gap;
  let perRow = Math.max(1, Math.min(3, Math.ceil(brokers.length / zones.length)));
  while (perRow > 1 && zones.length * (widthOf(perRow) + 12) > available) perRow--;
  const zoneWidth = widthOf(perRow);
  const zonesPerLine = Math.max(
    1,
    Math.min(zones.length, Math.floor((available + 12) / (zoneWidth + 12))),
  );
  const rows = Math.max(
    1,
    ...zones.map((zone) =>
      Math.ceil(brokers.filter((broker) => broker.zone === zone).length / perRow),
    ),
  );
  const zoneHeight = 46 + rows * (BOX.height + BOX.gap);
  const zoneAt = (index: number) => ({
    x: (index % zonesPerLine) * (zoneWidth + 12),
    y: Math.floor(index / zonesPerLine) * (zoneHeight + 4),
  });
  const position = new Map<string, { x: number; y: number }>();
  zones.forEach((zone, zoneIndex) => {
    const origin = zoneAt(zoneIndex);
    brokers
      .filter((broker) => broker.zone === zone)
      .forEach((broker, index) => {
        position.set(broker.name, {
          x: origin.x + BOX.gap + (index % perRow) * (BOX.width + BOX.gap),
          y: origin.y + 36 + Math.floor(index / perRow) * (BOX.height + BOX.gap),
        });
      });
  });
  const lines = Math.ceil(zones.length / zonesPerLine);
  return {
    zones,
    zoneWidth,
    zoneHeight,
    zoneAt,
    position,
    width: zonesPerLine * (zoneWidth + 12),
    height: lines * (zoneHeight + 4),
  };
}
