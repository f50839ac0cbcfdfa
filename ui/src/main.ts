/**
 * The replay app's entry: builds the views on the page's containers, mounts the scenario panel,
 * and loads `?trace=URL` (and `?compare=URL`) when given. See app.ts for the wiring.
 */
import './styles.css';
import { ReplayApp } from './app.ts';
import { mountScenarioPanel } from './scenarioPanel.ts';

const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`index.html has no #${id}`);
  return element;
};

const app = new ReplayApp({
  header: byId('header'),
  controls: byId('controls'),
  charts: byId('charts'),
  cluster: byId('cluster'),
  events: byId('events'),
  spaceTime: byId('space-time'),
});

// The scenario panel (folded): runs a scenario in the Web Worker and shows its trace here.
mountScenarioPanel(
  byId('scenario-panel'),
  (trace, traceHash) => app.showTrace(trace, traceHash, `scenario ${trace.summary.scenario}`),
  { open: false },
);

// Test and console hook: the app, for `app.store.state` in a debugger.
(window as unknown as { kafkasimReplay: ReplayApp }).kafkasimReplay = app;

const parameters = new URLSearchParams(window.location.search);
const traceUrl = parameters.get('trace');
const compareUrl = parameters.get('compare');
if (traceUrl !== null) {
  void app.loadUrl(traceUrl, false).then(() => {
    if (compareUrl !== null) return app.loadUrl(compareUrl, true);
    return undefined;
  });
}
