/**
 * A hand-made request-level detail window, following the contract of DetailEvent in
 * sim/trace/types.ts (offsets [from, end); a request is (client, requestId)), added to a real
 * trace: one produce to orders-3 on broker-0 with two followers, the high watermark advance and a
 * consumer fetch, plus a produce to another partition. Request ids repeat across clients, as
 * they do in real traces: checkout-0's request 2 is not broker-1's fetch 2.
 */
import type { DetailEvent, Trace } from '../../sim/trace/types.ts';

export function detailFixture(trace: Trace): Trace & { detail: unknown } {
  const at = (offsetUs: number): number => 20_000_000 + offsetUs;
  const p = 'orders-3';
  const events: DetailEvent[] = [
    {
      atUs: at(0),
      kind: 'produceSend',
      node: 'checkout-0',
      peer: 'broker-0',
      partition: p,
      requestId: 2,
    },
    {
      atUs: at(120),
      kind: 'produceArrive',
      node: 'broker-0',
      peer: 'checkout-0',
      partition: p,
      requestId: 2,
    },
    {
      atUs: at(180),
      kind: 'leaderAppend',
      node: 'broker-0',
      peer: 'checkout-0',
      partition: p,
      requestId: 2,
      offsets: [100, 150],
    },
    {
      atUs: at(300),
      kind: 'followerFetchSend',
      node: 'broker-1',
      peer: 'broker-0',
      partition: p,
      requestId: 2,
      offsets: [100, 100],
    },
    {
      atUs: at(400),
      kind: 'followerFetchArrive',
      node: 'broker-0',
      peer: 'broker-1',
      partition: p,
      requestId: 2,
      offsets: [100, 100],
    },
    {
      atUs: at(520),
      kind: 'followerAppend',
      node: 'broker-1',
      peer: 'broker-0',
      partition: p,
      requestId: 2,
      offsets: [100, 150],
    },
    {
      atUs: at(560),
      kind: 'followerFetchSend',
      node: 'broker-2',
      peer: 'broker-0',
      partition: p,
      requestId: 3,
      offsets: [150, 150],
    },
    {
      atUs: at(650),
      kind: 'followerFetchArrive',
      node: 'broker-0',
      peer: 'broker-2',
      partition: p,
      requestId: 3,
      offsets: [150, 150],
    },
    {
      atUs: at(700),
      kind: 'hwAdvance',
      node: 'broker-0',
      peer: 'broker-2',
      partition: p,
      requestId: 3,
      offsets: [100, 150],
    },
    {
      atUs: at(760),
      kind: 'produceResponse',
      node: 'broker-0',
      peer: 'checkout-0',
      partition: p,
      requestId: 2,
      offsets: [100, 150],
    },
    {
      atUs: at(780),
      kind: 'consumerFetchSend',
      node: 'billing-0',
      peer: 'broker-0',
      partition: p,
      requestId: 4,
      offsets: [100, 100],
    },
    {
      atUs: at(800),
      kind: 'consumerFetchArrive',
      node: 'broker-0',
      peer: 'billing-0',
      partition: p,
      requestId: 4,
      offsets: [100, 100],
    },
    {
      atUs: at(900),
      kind: 'consumerFetchResponse',
      node: 'broker-0',
      peer: 'billing-0',
      partition: p,
      requestId: 4,
      offsets: [100, 150],
    },
    {
      atUs: at(50),
      kind: 'produceSend',
      node: 'checkout-1',
      peer: 'broker-1',
      partition: 'orders-4',
      requestId: 5,
    },
  ];
  return { ...trace, detail: { fromUs: at(0), toUs: at(200_000), events, dropped: 0 } };
}
