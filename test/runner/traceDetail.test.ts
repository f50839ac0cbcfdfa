import { describe, expect, it } from 'vitest';
import { simulate } from '../../sim/runner/run.ts';
import { DETAIL_EVENTS_MAX, DetailRecorder } from '../../sim/runner/traceDetail.ts';
import { formatScenarioErrors, parseScenarioText } from '../../sim/scenario/load.ts';
import type { DetailEvent, Trace } from '../../sim/trace/types.ts';

const SCENARIO = `
name: detail
seed: 3
duration: 6s
warmup: 1s
topics:
  - { name: orders, partitions: 2, replicationFactor: 3, config: { min.insync.replicas: 2 } }
producers:
  - name: checkout
    topic: orders
    rate: 2000/s
    recordSize: 1KiB
    config: { acks: all, linger.ms: 5 }
consumers:
  - { group: billing, count: 1, topics: [orders] }
`;
const WINDOW = 'traceDetail: { from: 5s, to: 5.1s }\n';

function run(text: string, seed?: number): Trace {
  const loaded = parseScenarioText(text, 'detail.yaml');
  if (!loaded.ok) throw new Error(formatScenarioErrors(loaded.errors));
  return simulate(loaded.scenario, seed === undefined ? {} : { seed }).trace;
}

function detailOf(trace: Trace): NonNullable<Trace['detail']> {
  expect(trace.detail, 'kafkasim run detail.yaml --detail 5s-5.1s').toBeDefined();
  return trace.detail as NonNullable<Trace['detail']>;
}

const end = (event: DetailEvent): number => (event.offsets as [number, number])[1];

describe('request-level traceDetail', () => {
  const trace = run(SCENARIO + WINDOW);
  const detail = detailOf(trace);

  it('records every kind of step, only inside [fromUs, toUs)', () => {
    expect([detail.fromUs, detail.toUs, detail.dropped]).toEqual([5_000_000, 5_100_000, 0]);
    const kinds = new Set(detail.events.map((event) => event.kind));
    expect([...kinds].sort()).toEqual([
      'consumerFetchArrive',
      'consumerFetchResponse',
      'consumerFetchSend',
      'followerAppend',
      'followerFetchArrive',
      'followerFetchSend',
      'hwAdvance',
      'leaderAppend',
      'produceArrive',
      'produceResponse',
      'produceSend',
    ]);
    for (const event of detail.events) {
      expect(event.atUs).toBeGreaterThanOrEqual(detail.fromUs);
      expect(event.atUs).toBeLessThan(detail.toUs);
    }
    const times = detail.events.map((event) => event.atUs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('follows one acks=all produce causally: send, arrive, append, followers, HW, response', () => {
    const events = detail.events.filter((event) => event.partition === 'orders-0');
    const send = events.find((event) => event.kind === 'produceSend');
    expect(send).toBeDefined();
    const { requestId, node: producer, peer: leader } = send as DetailEvent;
    const ofRequest = (kind: DetailEvent['kind']) =>
      events.find(
        (e) => e.kind === kind && e.requestId === requestId && (e.peer ?? '') === producer,
      );
    const arrive = ofRequest('produceArrive') as DetailEvent;
    const append = ofRequest('leaderAppend') as DetailEvent;
    const response = ofRequest('produceResponse') as DetailEvent;
    expect([arrive, append, response].every((event) => event !== undefined)).toBe(true);
    expect([arrive.node, append.node, response.node]).toEqual([leader, leader, leader]);
    expect(send?.atUs).toBeLessThan(arrive.atUs);
    expect(arrive.atUs).toBeLessThanOrEqual(append.atUs);
    const appendEnd = end(append);
    expect(response.offsets).toEqual(append.offsets);
    // Both followers (RF 3, all in the ISR) append the batch, then fetch past it.
    const followers = ['broker-0', 'broker-1', 'broker-2'].filter((name) => name !== leader);
    let caughtUpUs = 0;
    for (const follower of followers) {
      const copied = events.find(
        (e) => e.kind === 'followerAppend' && e.node === follower && end(e) >= appendEnd,
      ) as DetailEvent;
      expect(copied, `${follower} appends up to ${appendEnd}`).toBeDefined();
      expect(copied.atUs).toBeGreaterThanOrEqual(append.atUs);
      const fetched = events.find(
        (e) =>
          e.kind === 'followerFetchArrive' &&
          e.peer === follower &&
          e.node === leader &&
          (e.offsets as [number, number])[0] >= appendEnd,
      ) as DetailEvent;
      expect(fetched, `${follower}'s next fetch reaches ${leader}`).toBeDefined();
      expect(fetched.atUs).toBeGreaterThanOrEqual(copied.atUs);
      caughtUpUs = Math.max(caughtUpUs, fetched.atUs);
    }
    const advance = events.find(
      (e) => e.kind === 'hwAdvance' && e.node === leader && end(e) >= appendEnd,
    ) as DetailEvent;
    expect(advance).toBeDefined();
    expect(advance.atUs).toBeGreaterThanOrEqual(caughtUpUs);
    expect(advance.atUs).toBeLessThanOrEqual(response.atUs);
    expect(followers).toContain(advance.peer);
  });

  it('consumer fetches return offsets only up to the high watermark of that moment', () => {
    const responses = detail.events.filter(
      (e) => e.kind === 'consumerFetchResponse' && e.offsets !== undefined,
    );
    expect(responses.length).toBeGreaterThan(3);
    let checked = 0;
    for (const response of responses) {
      const advances = detail.events.filter(
        (e) =>
          e.kind === 'hwAdvance' &&
          e.partition === response.partition &&
          e.node === response.node &&
          e.atUs <= response.atUs,
      );
      const last = advances[advances.length - 1];
      if (last === undefined) continue;
      expect(end(response), `${response.partition} at ${response.atUs}us`).toBeLessThanOrEqual(
        end(last),
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('the same seed gives the same detail; the window leaves the run itself unchanged', () => {
    const again = run(SCENARIO + WINDOW);
    expect(JSON.stringify(again.detail)).toBe(JSON.stringify(detail));
    const plain = run(SCENARIO);
    expect('detail' in plain).toBe(false);
    expect(plain.summary).toEqual(trace.summary);
    expect(JSON.stringify(plain.series)).toBe(JSON.stringify(trace.series));
    expect(plain.events).toEqual(trace.events);
  });

  it('another seed gives other detail (the steps come from the run, not a template)', () => {
    const other = detailOf(run(SCENARIO + WINDOW, 4));
    expect(JSON.stringify(other.events)).not.toBe(JSON.stringify(detail.events));
  });
});

describe('DetailRecorder', () => {
  it(`keeps at most ${DETAIL_EVENTS_MAX} events, counts the rest and warns`, () => {
    const recorder = new DetailRecorder({ fromUs: 0, toUs: 10 });
    const event: DetailEvent = {
      atUs: 5,
      kind: 'hwAdvance',
      partition: 'orders-0',
      node: 'broker-0',
      requestId: -1,
      offsets: [0, 1],
    };
    for (let index = 0; index < DETAIL_EVENTS_MAX + 3; index++) recorder.record(event);
    recorder.record({ ...event, atUs: 10 });
    const warnings: string[] = [];
    const built = recorder.build(warnings);
    expect([built.events.length, built.dropped]).toEqual([DETAIL_EVENTS_MAX, 3]);
    expect(warnings).toEqual([expect.stringContaining('3 request-level events past the bound')]);
  });

  it('stops the run loop at the edges of the window and is on only between them', () => {
    const recorder = new DetailRecorder({ fromUs: 1000, toUs: 2000 });
    expect(recorder.nextStopUs(0, 5000)).toBe(999);
    expect(recorder.nextStopUs(999, 5000)).toBe(1999);
    expect(recorder.nextStopUs(1999, 5000)).toBe(5000);
    expect(recorder.nextStopUs(0, 500)).toBe(500);
    const states = [0, 998, 999, 1500, 1998, 1999, 3000].map((nowUs) => {
      recorder.update(nowUs);
      return recorder.on;
    });
    expect(states).toEqual([false, false, true, true, true, false, false]);
  });
});
