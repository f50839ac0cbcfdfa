/**
 * Consumer-group figures from the models' events and counters: rebalances (from a `start` phase
 * until the group is stable again and every partition it owned is consumed again), the
 * partition-time each one paused, the partitions that changed owner, lag per group (high watermark
 * minus position over the members' partitions, plus partitions nobody consumes), and the consume
 * summary over the window after warmup.
 */
import { LatencyHistogram } from '../metrics/histogram.ts';
import type { ModelEvent } from '../models/kafka/events.ts';
import type { ConsumeSummary, RebalanceSummary } from '../trace/types.ts';
import type { Cluster } from './build.ts';
import { latencySummaryMs, round } from './summarize.ts';

interface Episode {
  group: string;
  trigger: string;
  protocol: string;
  startUs: number;
  stableUs: number;
  endUs: number;
  pausedUs: number;
  ownersBefore: Map<number, string>;
  moved: Set<number>;
}

interface GroupTrack {
  /** partition index → member consuming it. */
  owners: Map<number, string>;
  /** Partitions the group consumed at least once (they count as paused when unowned). */
  known: Set<number>;
  lastUs: number;
  open: Episode | null;
  episodes: Episode[];
}

const EPISODES_MAX = 1000;

export class ConsumerTracker {
  readonly #groups = new Map<string, GroupTrack>();

  onModelEvent(event: ModelEvent): void {
    if (event.kind !== 'rebalancePhase' && event.kind !== 'consumerPartitions') return;
    const track = this.#track(event.group);
    this.#advance(track, event.atUs);
    if (event.kind === 'consumerPartitions') {
      for (const index of event.stopped) {
        if (track.owners.get(index) === event.member) track.owners.delete(index);
      }
      for (const index of event.started) {
        track.owners.set(index, event.member);
        track.known.add(index);
        const episode = track.open;
        if (episode !== null && episode.ownersBefore.get(index) !== event.member) {
          episode.moved.add(index);
        }
      }
      this.#maybeClose(track, event.atUs);
      return;
    }
    if (event.phase === 'start' && track.open === null) {
      track.open = {
        group: event.group,
        trigger: event.reason,
        protocol: event.protocol,
        startUs: event.atUs,
        stableUs: -1,
        endUs: -1,
        pausedUs: 0,
        ownersBefore: new Map(track.owners),
        moved: new Set(),
      };
    } else if (event.phase === 'stable' && track.open !== null) {
      track.open.stableUs = event.atUs;
      this.#maybeClose(track, event.atUs);
    }
  }

  /** Closes open rebalances at the end of the run. */
  finish(nowUs: number): void {
    for (const track of this.#groups.values()) {
      this.#advance(track, nowUs);
      if (track.open !== null) {
        track.open.endUs = nowUs;
        this.#push(track, track.open);
        track.open = null;
      }
    }
  }

  rebalances(group?: string): RebalanceSummary[] {
    const list: RebalanceSummary[] = [];
    for (const track of this.#groups.values()) {
      for (const episode of track.episodes) {
        if (group !== undefined && episode.group !== group) continue;
        list.push({
          group: episode.group,
          trigger: episode.trigger,
          protocol: episode.protocol,
          startMs: round(episode.startUs / 1000, 1),
          endMs: round(episode.endUs / 1000, 1),
          pausedPartitionMs: round(episode.pausedUs / 1000, 1),
          partitionsMoved: episode.moved.size,
        });
      }
    }
    return list.sort((a, b) => a.startMs - b.startMs || a.group.localeCompare(b.group));
  }

  /** Partitions of the group known but consumed by nobody right now. */
  unownedPartitions(group: string): number[] {
    const track = this.#groups.get(group);
    if (track === undefined) return [];
    return [...track.known].filter((index) => !track.owners.has(index));
  }

  #track(group: string): GroupTrack {
    let track = this.#groups.get(group);
    if (track === undefined) {
      track = { owners: new Map(), known: new Set(), lastUs: 0, open: null, episodes: [] };
      this.#groups.set(group, track);
    }
    return track;
  }

  #advance(track: GroupTrack, nowUs: number): void {
    if (track.open !== null) {
      const paused = track.known.size - track.owners.size;
      track.open.pausedUs += Math.max(0, paused) * (nowUs - track.lastUs);
    }
    track.lastUs = nowUs;
  }

  #maybeClose(track: GroupTrack, nowUs: number): void {
    const episode = track.open;
    if (episode === null || episode.stableUs < 0) return;
    if (track.owners.size < track.known.size) return;
    episode.endUs = nowUs;
    this.#push(track, episode);
    track.open = null;
  }

  #push(track: GroupTrack, episode: Episode): void {
    if (track.episodes.length < EPISODES_MAX) track.episodes.push(episode);
  }
}

export interface ConsumeWindow {
  recordsAtStart: number;
  bytesAtStart: number;
}

/** Consume figures of some clients over [fromUs, endUs]. */
export function consumeSummary(
  cluster: Cluster,
  names: string[] | null,
  windows: Map<string, ConsumeWindow>,
  fromUs: number,
  endUs: number,
  lagMax: number,
): ConsumeSummary {
  const latency = new LatencyHistogram();
  let records = 0;
  let bytes = 0;
  let processed = 0;
  for (const consumer of cluster.consumers) {
    if (names !== null && !names.includes(consumer.spec.groupId)) continue;
    const window = windows.get(consumer.spec.clientId) ?? { recordsAtStart: 0, bytesAtStart: 0 };
    records += consumer.stats.recordsProcessed - window.recordsAtStart;
    bytes += consumer.stats.bytesProcessed - window.bytesAtStart;
    processed += consumer.stats.recordsProcessed;
    latency.add(consumer.stats.endToEndLatency);
  }
  const seconds = Math.max(1e-6, (endUs - fromUs) / 1e6);
  return {
    recordsProcessed: processed,
    recordsPerSec: round(records / seconds, 1),
    bytesPerSec: round(bytes / seconds, 0),
    endToEndLatencyMs: latencySummaryMs(latency),
    lagRecordsMax: lagMax,
  };
}
