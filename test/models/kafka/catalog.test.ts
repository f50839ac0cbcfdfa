/**
 * buildCatalog and fetcherIndexFor, against Kafka's AbstractFetcherManager.getFetcherId:
 * Utils.abs(31 * topic.hashCode() + partition) % num.replica.fetchers, with Java int overflow.
 */
import { describe, expect, it } from 'vitest';
import {
  buildCatalog,
  fetcherIndexFor,
  type PartitionInfo,
} from '../../../sim/models/kafka/catalog.ts';

function info(index: number, topic: string, partition: number): PartitionInfo {
  return {
    index,
    name: `${topic}-${partition}`,
    topic,
    partition,
    replicas: [0, 1, 2],
    minInsyncReplicas: 2,
    uncleanLeaderElectionEnable: false,
    flushMessages: Infinity,
    flushUs: Infinity,
    retentionBytes: -1,
    retentionUs: -1,
    segmentBytes: 1 << 30,
  };
}

describe('fetcherIndexFor', () => {
  // Java hashCode by hand: "ab" = 97 x 31 + 98 = 3105; "t" = 116. Longer names overflow int
  // (values computed with 32-bit wrap-around): "orders" = -1008770331, and 31 x that + p wraps
  // to -1207109189 + p. "Gwhk\ud7f4!" hashes to Integer.MIN_VALUE and 31 x MIN_VALUE wraps to
  // MIN_VALUE, which Utils.abs maps to 0 (Math.abs would give 2^31, and 2^31 % 3 = 2).
  it.each([
    ['ab', 0, 7, 5], // 31 * 3105 = 96255 = 7 * 13750 + 5
    ['ab', 3, 7, 1], // 96258 % 7
    ['t', 0, 1, 0],
    ['t', 0, 5, 1], // 3596 % 5
    ['orders', 0, 3, 2], // |-1207109189| % 3
    ['orders', 1, 3, 1],
    ['orders', 5, 4, 0],
    ['payments', 2, 5, 0], // hashCode 1382682413; 31 h + 2 wraps to -86518155
    ['clicks', 7, 8, 4], // hashCode -1357714453; 31 h + 7 wraps to 860524924
    ['Gwhk\ud7f4!', 0, 3, 0],
  ])('topic %j partition %i with %i fetchers: fetcher %i', (topic, partition, count, want) => {
    expect(fetcherIndexFor(info(0, topic, partition), count)).toBe(want);
  });
});

describe('buildCatalog', () => {
  it('buildCatalog() lists each topic\u2019s partition indexes in order', () => {
    const partitions = [info(0, 'a', 0), info(1, 'b', 0), info(2, 'a', 1), info(3, 'b', 1)];
    const catalog = buildCatalog(partitions);
    expect([...catalog.byTopic]).toEqual([
      ['a', [0, 2]],
      ['b', [1, 3]],
    ]);
    expect(catalog.partitions).toBe(partitions);
  });
});
