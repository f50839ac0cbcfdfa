/** A run whose scenario name and description hold markup, for the HTML report tests. */
import { runHtmlReport } from '../../sim/report/runHtml.ts';
import { simulate } from '../../sim/runner/run.ts';
import { parseScenarioText } from '../../sim/scenario/load.ts';

export const HOSTILE_SCENARIO = `name: "<script>alert('x')</script> & co"
description: "A <b>bold</b> \\"claim\\""
seed: 5
duration: 3s
warmup: 1s
cluster:
  brokers: 3
topics:
  - name: orders
    partitions: 3
    replicationFactor: 3
producers:
  - name: checkout
    topic: orders
    rate: 2000/s
    arrivals: poisson
    recordSize: 100B
    config:
      acks: all
faults:
  - at: 1500ms
    crash: broker-1
    restartAfter: 1s
`;

export function hostileReport(): string {
  const loaded = parseScenarioText(HOSTILE_SCENARIO, 'hostile.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const result = simulate(loaded.scenario, {});
  return runHtmlReport({ ...result.summary, traceHash: result.traceHash }, result.trace);
}
