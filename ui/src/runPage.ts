/**
 * ui/run.html: run a scenario in the browser. Mounts the scenario panel and shows what the run
 * gave: its trace hash (the same as `kafkasim run` prints for the same text and seed), the main
 * summary figures, and the trace to download as trace.json (openable in the replay page or with
 * `kafkasim replay`).
 */
import type { Trace } from '../../sim/trace/types.ts';
import { mountScenarioPanel } from './scenarioPanel.ts';

function required(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`run.html has no #${id}`);
  return node;
}

const hash = required('trace-hash');
const summary = required('run-summary');
const download = required('download-trace') as HTMLAnchorElement;
let downloadUrl = '';

function showRun(trace: Trace, traceHash: string): void {
  hash.textContent = traceHash;
  const s = trace.summary;
  const rows: Array<[string, string]> = [
    ['scenario', s.scenario],
    ['seed', String(s.seed)],
    ['virtual time', `${s.virtualMs / 1000} s (${s.eventsCount} events)`],
    ['produced', `${s.produce.recordsAcked} records acknowledged, ${s.produce.recordsPerSec}/s`],
    ['produce latency', `p50 ${s.produce.latencyMs.p50} ms, p99 ${s.produce.latencyMs.p99} ms`],
    ['acknowledged records lost', String(s.durability.ackedRecordsLost)],
    ['warnings', s.warnings.length === 0 ? 'none' : s.warnings.join('; ')],
  ];
  summary.replaceChildren(
    ...rows.flatMap(([name, value]) => {
      const term = document.createElement('dt');
      term.textContent = name;
      const definition = document.createElement('dd');
      definition.textContent = value;
      return [term, definition];
    }),
  );
  if (downloadUrl !== '') URL.revokeObjectURL(downloadUrl);
  downloadUrl = URL.createObjectURL(
    new Blob([JSON.stringify(trace)], { type: 'application/json' }),
  );
  download.href = downloadUrl;
  download.hidden = false;
}

function clearRun(): void {
  hash.textContent = '(no trace yet)';
  summary.replaceChildren();
  download.hidden = true;
}

mountScenarioPanel(required('scenario-panel'), showRun, { onRunStart: clearRun });
