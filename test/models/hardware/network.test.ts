/**
 * Network: delivery = transfer at NIC bandwidth (egress and ingress, FIFO lines) + one-way latency
 * by zone; down nodes refuse and their peers see a reset; isolation and cuts hold data for TCP
 * retransmission (RTO backoff) until they heal; control links pass a data cut. NICs move 1 MB/s (1 B/µs); same zone 100 µs, cross zone 1 ms.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../sim/engine/index.ts';
import { Network } from '../../../sim/models/hardware/network.ts';

function setup() {
  const sim = new Simulation({ seed: 1 });
  const network = new Network<string>(sim, { sameZoneLatencyUs: 100, crossZoneLatencyUs: 1000 });
  const log: Array<[string, number]> = [];
  for (const [name, zone] of [
    ['a', 'z1'],
    ['b', 'z1'],
    ['c', 'z2'],
  ] as const) {
    network.addNode(
      name,
      zone,
      1e6,
      (message, from) => log.push([`${from}->${name} ${message}`, sim.nowUs]),
      (peer) => log.push([`${name} reset by ${peer}`, sim.nowUs]),
    );
  }
  return { sim, network, log };
}

describe('Network delivery', () => {
  it('send() delivers after the transfer at NIC bandwidth plus the zone latency', () => {
    const { sim, network, log } = setup();
    expect(network.send('a', 'b', 'same-zone', 1000)).toBe(true);
    expect(network.send('b', 'c', 'cross-zone', 1000)).toBe(true);
    sim.run();
    expect(log).toEqual([
      ['a->b same-zone', 1000 + 100],
      ['b->c cross-zone', 1000 + 1000],
    ]);
    expect([network.latencyUs('a', 'a'), network.latencyUs('c', 'a')]).toEqual([0, 1000]);
  });

  it('two messages from one NIC are sent one after the other', () => {
    const { sim, network, log } = setup();
    network.send('a', 'b', 'first', 1000);
    network.send('a', 'c', 'second', 1000);
    sim.run();
    expect(log).toEqual([
      ['a->b first', 1100],
      ['a->c second', 2000 + 1000],
    ]);
    expect(network.node('a').egress.bytesSent).toBe(2000);
    expect(network.node('a').egress.utilisedUs(sim.nowUs)).toBe(2000);
  });

  it('two senders into one NIC share its ingress line', () => {
    const { sim, network, log } = setup();
    network.send('a', 'b', 'from a', 1000);
    network.send('c', 'b', 'from c', 1000);
    sim.run();
    expect(log).toEqual([
      ['a->b from a', 1100],
      ['c->b from c', 2000 + 1000],
    ]);
  });

  it('send(..., departDelayUs) leaves after the sender has built the message', () => {
    const { sim, network, log } = setup();
    network.send('a', 'b', 'late', 1000, 'data', 500);
    sim.run();
    expect(log).toEqual([['a->b late', 500 + 1000 + 100]]);
  });
});

describe('Network faults', () => {
  it('a down node refuses (send returns false) and its peers get a reset after the latency', () => {
    const { sim, network, log } = setup();
    network.send('a', 'b', 'in flight', 1000);
    network.setDown('b', true);
    expect(network.isDown('b')).toBe(true);
    expect(network.send('a', 'b', 'refused', 10)).toBe(false);
    expect(network.send('b', 'c', 'refused', 10)).toBe(false);
    sim.run();
    expect(log).toEqual([
      ['a reset by b', 100],
      ['c reset by b', 1000],
    ]);
    expect([network.messagesSent, network.messagesDropped]).toEqual([3, 3]);
    network.setDown('b', false);
    network.send('a', 'b', 'back', 1000);
    sim.run();
    expect(log.at(-1)).toEqual(['a->b back', sim.nowUs]);
  });

  it('an isolated node drops messages silently and sends no reset when it goes down', () => {
    const { sim, network, log } = setup();
    network.setIsolated('b', true);
    expect(network.send('a', 'b', 'lost', 100)).toBe(true);
    expect(network.send('b', 'a', 'lost', 100, 'control')).toBe(true);
    network.setDown('b', true);
    sim.run();
    expect(log).toEqual([]);
    expect(network.messagesDropped).toBe(2);
  });

  it('a cut drops data both ways silently, passes control, and spares other links', () => {
    const { sim, network, log } = setup();
    network.setCut(['a'], ['b', 'c'], true);
    expect(network.send('a', 'b', 'data', 100)).toBe(true);
    expect(network.send('c', 'a', 'data', 100)).toBe(true);
    expect(network.send('a', 'b', 'control', 100, 'control')).toBe(true);
    expect(network.send('b', 'c', 'data', 100)).toBe(true);
    sim.run();
    expect(log.map(([what]) => what)).toEqual(['a->b control', 'b->c data']);
    expect(network.connected('b', 'a', 'data')).toBe(false);
    expect(network.connected('b', 'a', 'control')).toBe(true);
  });

  it('cuts count: two overlapping cuts need two heals', () => {
    const { network } = setup();
    network.setCut(['a'], ['b'], true);
    network.setCut(['a', 'c'], ['b'], true);
    network.setCut(['a'], ['b'], false);
    expect(network.connected('a', 'b', 'data')).toBe(false);
    network.setCut(['a', 'c'], ['b'], false);
    expect([network.connected('a', 'b', 'data'), network.connected('c', 'b', 'data')]).toEqual([
      true,
      true,
    ]);
  });

  it('a message in flight when the link is cut is retransmitted after the heal', () => {
    const { sim, network, log } = setup();
    network.send('a', 'b', 'cut on the way', 1000);
    sim.run({ untilUs: 500 });
    network.setCut(['a'], ['b'], true);
    sim.run({ untilUs: 5000 });
    expect(log).toEqual([]);
    network.setCut(['a'], ['b'], false);
    sim.run();
    // First retransmission: sent at 0 + RTO (200 ms + the 200 us round trip), then 1 ms on the
    // NIC and 100 us of latency.
    expect(log).toEqual([['a->b cut on the way', 200_200 + 1000 + 100]]);
    expect([network.messagesDropped, network.messagesRetransmitted]).toEqual([0, 1]);
  });
});

describe('TCP retransmission over a healed link', () => {
  it('arrives at the first retransmission after the heal (RTO doubling), in order', () => {
    const { sim, network, log } = setup();
    network.setIsolated('b', true);
    network.send('a', 'b', 'first', 100);
    sim.run({ untilUs: 1_000_000 });
    network.send('a', 'b', 'second', 100);
    sim.run({ untilUs: 10_000_000 });
    network.setIsolated('b', false);
    sim.run({ untilUs: 11_000_000 });
    // Sent after the heal, but behind the held data on the same connection.
    network.send('a', 'b', 'third', 100);
    // Another connection is not held up.
    network.send('c', 'b', 'other', 100);
    sim.run();
    // Retransmissions at 0.2002, 0.6006, 1.4014, 3.003, 6.2062, 12.6126 s after the first send.
    const retransmitUs = 12_612_600;
    expect(log).toEqual([
      ['c->b other', 11_000_000 + 100 + 1000],
      ['a->b first', retransmitUs + 100 + 100],
      ['a->b second', retransmitUs + 200 + 100],
      ['a->b third', retransmitUs + 300 + 100],
    ]);
  });

  it('control traffic over an isolated link is lost, not retransmitted', () => {
    const { sim, network, log } = setup();
    network.setIsolated('b', true);
    network.send('b', 'a', 'heartbeat', 100, 'control');
    sim.run({ untilUs: 1_000_000 });
    network.setIsolated('b', false);
    sim.run();
    expect(log).toEqual([]);
    expect(network.messagesDropped).toBe(1);
  });

  it('a link cut again before the retransmission keeps holding; the backoff goes on', () => {
    const { sim, network, log } = setup();
    network.setCut(['a'], ['b'], true);
    network.send('a', 'b', 'held', 100);
    sim.run({ untilUs: 2_000_000 });
    network.setCut(['a'], ['b'], false);
    sim.run({ untilUs: 2_500_000 });
    network.setCut(['a'], ['b'], true);
    sim.run({ untilUs: 4_000_000 });
    expect(log).toEqual([]);
    network.setCut(['a'], ['b'], false);
    sim.run();
    expect(log).toEqual([['a->b held', 6_206_200 + 200]]);
  });

  it('gives up after tcp_retries2 retransmissions, and drops what a crashed node held', () => {
    const { sim, network, log } = setup();
    network.setIsolated('b', true);
    network.send('a', 'b', 'too late', 100);
    network.send('a', 'c', 'to a node that crashes', 100);
    network.setIsolated('c', true);
    sim.run({ untilUs: 3_600_000_000 });
    network.setIsolated('b', false);
    network.setDown('c', true);
    sim.run();
    expect(log).toEqual([]);
    expect(network.messagesDropped).toBe(1 + 1);
  });
});
