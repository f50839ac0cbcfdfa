/**
 * A hand-made request-level detail window (the contract the simulator's traceDetail recording
 * follows) added to a real trace: one produce to orders-3 on broker-0 with two followers, the
 * high watermark advance and a consumer fetch, plus a produce to another partition.
 */
import type { DetailEvent, Trace } from '../../sim/trace/types.ts';

export function detailFixture(trace: Trace): Trace & { detail: unknown } {
  const at = (offsetUs: number): number => 20_000_000 + offsetUs;
  const produce = { partition: 'orders-3', requestId: 1 };
  const events: DetailEvent[] = [
    { atUs: at(0), kind: 'produceSend', node: 'checkout-0', peer: 'broker-0', ...produce },
    { atUs: at(120), kind: 'produceArrive', node: 'broker-0', peer: 'checkout-0', ...produce },
    { atUs: at(180), kind: 'leaderAppend', node: 'broker-0', offsets: [100, 149], ...produce },
    {
      atUs: at(300),
      kind: 'followerFetchSend',
      node: 'broker-1',
      peer: 'broker-0',
      partition: 'orders-3',
      requestId: 2,
    },
    {
      atUs: at(400),
      kind: 'followerFetchArrive',
      node: 'broker-0',
      peer: 'broker-1',
      partition: 'orders-3',
      requestId: 2,
    },
    {
      atUs: at(520),
      kind: 'followerAppend',
      node: 'broker-1',
      offsets: [100, 149],
      partition: 'orders-3',
      requestId: 2,
    },
    {
      atUs: at(560),
      kind: 'followerFetchSend',
      node: 'broker-2',
      peer: 'broker-0',
      partition: 'orders-3',
      requestId: 3,
    },
    {
      atUs: at(700),
      kind: 'hwAdvance',
      node: 'broker-0',
      offsets: [150, 150],
      partition: 'orders-3',
      requestId: 3,
    },
    { atUs: at(760), kind: 'produceResponse', node: 'checkout-0', peer: 'broker-0', ...produce },
    {
      atUs: at(800),
      kind: 'consumerFetchArrive',
      node: 'broker-0',
      peer: 'billing-0',
      partition: 'orders-3',
      requestId: 4,
    },
    {
      atUs: at(900),
      kind: 'consumerFetchResponse',
      node: 'billing-0',
      peer: 'broker-0',
      offsets: [100, 149],
      partition: 'orders-3',
      requestId: 4,
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
