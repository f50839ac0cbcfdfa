/**
 * One request at a time per connection (SocketServer mutes a channel from the read of a request
 * until its response is sent): the bookkeeping itself, and a cluster where it shows: a producer
 * with max.in.flight.requests.per.connection 5 whose acks=all requests each wait ~40 ms for a
 * far follower gets them handled one after the other, not five at once.
 */
import { describe, expect, it } from 'vitest';
import { ConnectionMutes, connectionOf } from '../../../sim/models/kafka/connectionMutes.ts';
import type { Message } from '../../../sim/models/kafka/messages.ts';
import { simulateText } from './consumerHarness.ts';

const metadata = (requestId: number): Message => ({ kind: 'metadataRequest', requestId });

/** ConnectionMutes whose reads log the name each request was admitted with, and its peer. */
function setup<T>() {
  const read: T[] = [];
  const peers: string[] = [];
  const names = new Map<Message, T>();
  const mutes = new ConnectionMutes('broker-0', (request, peer) => {
    read.push(names.get(request) as T);
    peers.push(peer);
  });
  const admit = (connection: string, request: Message, name: T): void => {
    names.set(request, name);
    mutes.admit(connection, request, connection.split('|')[0] as string);
  };
  return { mutes, read, peers, admit };
}

describe('ConnectionMutes', () => {
  it('reads one request per connection; the answer reads the next, in order', () => {
    const { mutes, read, admit, peers } = setup<number>();
    const [a, b, c] = [metadata(1), metadata(2), metadata(3)];
    admit('p|main', a, 1);
    admit('p|main', b, 2);
    admit('p|main', c, 3);
    admit('q|main', metadata(9), 9);
    expect(read).toEqual([1, 9]);
    mutes.release('p|main', b); // Not the request being handled: nothing moves.
    expect(read).toEqual([1, 9]);
    mutes.release('p|main', a);
    expect(read).toEqual([1, 9, 2]);
    mutes.release('p|main', b);
    mutes.release('p|main', c);
    expect(read).toEqual([1, 9, 2, 3]);
    expect(peers).toEqual(['p', 'q', 'p', 'p']);
    expect(mutes.mutedCount).toBe(1);
  });

  it('forgets a peer that went away, and a late answer of its old request unmutes nothing', () => {
    const { mutes, read, admit } = setup<string>();
    const old = metadata(1);
    admit('p|main', old, 'old');
    admit('p|main', metadata(2), 'pipelined');
    mutes.dropPeer('p');
    const fresh = metadata(1);
    admit('p|main', fresh, 'fresh');
    admit('p|main', metadata(3), 'next');
    mutes.release('p|main', old);
    expect(read).toEqual(['old', 'fresh']);
    mutes.release('p|main', fresh);
    expect(read).toEqual(['old', 'fresh', 'next']);
  });

  it('a closed connection is read on until the client resets it; the next one is fresh', () => {
    const { mutes, read, admit } = setup<string>();
    const [handled, second] = [metadata(1), metadata(2)];
    admit('p|main', handled, 'handled');
    admit('p|main', second, 'second');
    admit('p|main', metadata(3), 'third');
    mutes.close('p|main'); // The FIN: the old connection is still muted and read on.
    const fresh = metadata(4);
    admit('p|main', fresh, 'fresh');
    expect(read).toEqual(['handled', 'fresh']);
    mutes.release('p|main', handled); // Its answer is written: the next pipelined one is read.
    expect(read).toEqual(['handled', 'fresh', 'second']);
    expect(mutes.orphaned(handled)).toBe(false);
    mutes.reset('p|main'); // The client's RST: the rest is gone, the answer being made dropped.
    expect(mutes.orphaned(second)).toBe(true);
    mutes.release('p|main', second);
    expect(read).toEqual(['handled', 'fresh', 'second']);
    expect(mutes.orphaned(fresh)).toBe(false);
  });

  it('a closed connection with nothing pipelined drops the answer being made at once', () => {
    const { mutes, admit } = setup<string>();
    const handled = metadata(1);
    admit('p|coordinator', handled, 'handled');
    mutes.close('p|coordinator');
    expect(mutes.orphaned(handled)).toBe(true);
    expect(mutes.mutedCount).toBe(0);
  });

  it('puts group requests on the coordinator connection and each fetcher on its own', () => {
    const fetch = (replicaId: number, fetcherIndex: number): Message => ({
      kind: 'fetchRequest',
      requestId: 1,
      replicaId,
      rackId: null,
      fetcherIndex,
      maxWaitUs: 0,
      minBytes: 1,
      maxBytes: 1,
      partitions: [],
      sessionEpoch: 0,
      listedPartitionsCount: 0,
      forgottenPartitionsCount: 0,
    });
    expect(connectionOf(fetch(-1, 0), 'c-0')).toBe('c-0|main');
    expect(connectionOf(fetch(2, 3), 'broker-2')).toBe('broker-2|fetcher-3');
    const heartbeat = {
      kind: 'heartbeatRequest',
      requestId: 1,
      groupId: 'g',
      memberId: 'm',
      generation: 1,
    } as unknown as Message;
    expect(connectionOf(heartbeat, 'c-0')).toBe('c-0|coordinator');
    // The instance keeps the names it built: the same strings, whatever the order of requests.
    const mutes = new ConnectionMutes('broker-0', () => {});
    const cases: Array<[Message, string]> = [
      [fetch(2, 3), 'broker-2'],
      [heartbeat, 'c-0'],
      [fetch(-1, 0), 'c-0'],
      [fetch(2, 0), 'broker-2'],
      [heartbeat, 'c-0'],
      [fetch(-1, 0), 'broker-2'],
    ];
    for (const [request, peer] of cases) {
      expect(mutes.connectionOf(request, peer)).toBe(connectionOf(request, peer));
    }
  });
});

describe('a producer pipelining acks=all requests to one broker', () => {
  it('has them handled one at a time: at most one request per follower round trip', () => {
    const text = `name: mute\nseed: 1\nduration: 12s\nwarmup: 2s
network: { latency: { sameZone: 100us, crossZone: 20ms }, zones: [a, b] }
topics:
  - { name: t, partitions: 1, replicationFactor: 3, replicas: [[0, 1, 2]] }
producers:
  - name: p
    topic: t
    rate: 2000/s
    recordSize: 100B
    config: { acks: all, linger.ms: 0, max.in.flight.requests.per.connection: 5 }
`;
    const { summary, cluster } = simulateText(text, 'mute.yaml');
    // Every acks=all request waits ~40 ms for broker-1 (zone b) to fetch twice. Handled one at a
    // time that allows ~25 requests a second; five at once would allow ~125.
    const requests = cluster.producers[0]?.stats.requestsSent ?? 0;
    expect(requests).toBeGreaterThan(200);
    expect(requests).toBeLessThan(12 * 26);
    expect(summary.produce.recordsPerSec).toBeGreaterThan(1990);
    expect(summary.produce.latencyMs.p50).toBeGreaterThan(40);
  });
});

describe('a producer whose requests time out (a follower paused for 8 s, acks=all)', () => {
  /** Duplicate records (idempotence off) with `inFlight` requests pipelined per connection. */
  function duplicates(inFlight: number): number {
    const text = `name: close\nseed: 1\nduration: 30s\nwarmup: 0s
topics:
  - { name: t, partitions: 1, replicationFactor: 3, replicas: [[0, 1, 2]] }
producers:
  - name: p
    topic: t
    rate: 2000/s
    recordSize: 1KiB
    config:
      acks: all
      enable.idempotence: false
      request.timeout.ms: 2000
      linger.ms: 5
      max.in.flight.requests.per.connection: ${inFlight}
faults:
  - { at: 5s, pause: { node: broker-1, for: 8s } }
`;
    return simulateText(text, 'close.yaml').summary.durability.duplicateRecords;
  }

  // The client closes the connection at the timeout; the leader, which has the pipelined requests
  // unread behind the one waiting in its purgatory, reads one more when that one is answered and
  // drops the rest at the client's reset. Before the close was modelled all five were appended
  // and then retried: 165 duplicates against 33 with one in flight (now 66).
  it('the leader appends what it read before the reset, not everything pipelined', () => {
    const single = duplicates(1);
    const pipelined = duplicates(5);
    expect(single).toBeGreaterThan(0);
    expect(pipelined).toBeGreaterThan(single);
    expect(pipelined).toBeLessThanOrEqual(2 * single);
  });
});
