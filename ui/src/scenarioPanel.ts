/// <reference types="vite/client" />
/**
 * The scenario panel: a YAML editor (a textarea), the bundled scenarios to start from, seed and
 * duration overrides, Run and Cancel, a progress bar of virtual time, and the scenario's errors
 * as `kafkasim validate` prints them (file:line:column field: message). Runs go to a Web Worker
 * (worker/runClient.ts); a finished run hands its trace and hash to `onTrace`. Every string from
 * a scenario or a trace is set with textContent, never parsed as HTML.
 */
import type { Trace } from '../../sim/trace/types.ts';
import './scenarioPanel.css';
import { RunError, runScenario } from './worker/runClient.ts';

/** The repository's scenarios, bundled as text: `quickstart.yaml`, `compare/acks.yaml`, ... */
const BUNDLED: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>('../../scenarios/**/*.yaml', {
      query: '?raw',
      import: 'default',
      eager: true,
    }),
  )
    .map(([path, text]): [string, string] => [path.replace(/^.*\/scenarios\//, ''), text])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
);
const DEFAULT_SCENARIO = 'quickstart.yaml';
const EDITED = '(edited)';

export interface PanelOptions {
  /** Called when a run starts, so the page can drop the previous run's result. */
  onRunStart?: () => void;
  /** Whether the panel starts unfolded (default true). */
  open?: boolean;
}

export interface ScenarioPanel {
  /** Replaces the editor's text (and names the file errors will cite). */
  setScenario(text: string, fileName: string): void;
  run(): void;
  cancel(): void;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== '') node.textContent = text;
  return node;
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = element('label', { class: 'field' });
  label.append(element('span', {}, text), control);
  return label;
}

/** A seed: an integer, or empty for the scenario's. */
function readSeed(text: string): number | undefined | string {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const seed = Number(trimmed);
  if (!/^-?\d+$/.test(trimmed) || !Number.isSafeInteger(seed)) {
    return `seed: an integer is needed, not "${trimmed}"`;
  }
  return seed;
}

/** A duration in seconds, or empty for the scenario's. */
function readDurationUs(text: string): number | undefined | string {
  const trimmed = text.trim().replace(/s$/, '');
  if (trimmed === '') return undefined;
  const seconds = Number(trimmed);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return `duration: a number of seconds above 0 is needed, not "${text.trim()}"`;
  }
  return Math.round(seconds * 1e6);
}

export function mountScenarioPanel(
  container: HTMLElement,
  onTrace: (trace: Trace, traceHash: string) => void,
  options: PanelOptions = {},
): ScenarioPanel {
  const onRunStart = options.onRunStart ?? (() => {});
  const root = element('details', { class: 'scenario-panel', 'aria-label': 'Run a scenario' });
  root.open = options.open ?? true;
  root.append(element('summary', {}, 'Run a scenario in the browser'));
  const select = element('select', { 'data-testid': 'scenario-select' });
  for (const name of Object.keys(BUNDLED)) select.append(element('option', { value: name }, name));
  select.append(element('option', { value: EDITED }, 'your own text'));
  const editor = element('textarea', {
    'data-testid': 'scenario-text',
    spellcheck: 'false',
    rows: '24',
    cols: '80',
    'aria-label': 'Scenario (YAML or JSON)',
  });
  const seed = element('input', { 'data-testid': 'seed', inputmode: 'numeric', size: '8' });
  seed.placeholder = "scenario's";
  const duration = element('input', { 'data-testid': 'duration', size: '8' });
  duration.placeholder = "scenario's";
  const runButton = element('button', { type: 'button', 'data-testid': 'run' }, 'Run');
  const cancelButton = element('button', { type: 'button', 'data-testid': 'cancel' }, 'Cancel');
  cancelButton.disabled = true;
  const progress = element('progress', { 'data-testid': 'progress', max: '1', value: '0' });
  const status = element('p', { 'data-testid': 'run-status', role: 'status' });
  const errors = element('ul', { 'data-testid': 'scenario-errors', class: 'errors' });
  const controls = element('div', { class: 'controls' });
  controls.append(
    labelled('Scenario', select),
    labelled('Seed', seed),
    labelled('Duration (s)', duration),
    runButton,
    cancelButton,
    progress,
  );
  root.append(controls, editor, status, errors);
  container.append(root);

  let fileName = DEFAULT_SCENARIO;
  let running: AbortController | null = null;

  const showErrors = (lines: readonly string[]): void => {
    errors.replaceChildren(...lines.map((line) => element('li', {}, line)));
  };
  const setScenario = (text: string, name: string): void => {
    editor.value = text;
    fileName = name;
    select.value = BUNDLED[name] === text ? name : EDITED;
    showErrors([]);
  };
  select.addEventListener('change', () => {
    const text = BUNDLED[select.value];
    if (text !== undefined) setScenario(text, select.value);
  });
  editor.addEventListener('input', () => {
    if (select.value !== EDITED) select.value = EDITED;
  });

  const run = (): void => {
    running?.abort();
    const seedValue = readSeed(seed.value);
    const durationUs = readDurationUs(duration.value);
    const inputErrors = [seedValue, durationUs].filter((v): v is string => typeof v === 'string');
    if (inputErrors.length > 0) {
      showErrors(inputErrors);
      return;
    }
    const controller = new AbortController();
    running = controller;
    onRunStart();
    showErrors([]);
    progress.value = 0;
    status.textContent = `running ${fileName} in a Web Worker...`;
    runButton.disabled = true;
    cancelButton.disabled = false;
    const started = performance.now();
    runScenario(
      editor.value,
      {
        fileName,
        signal: controller.signal,
        ...(typeof seedValue === 'number' ? { seed: seedValue } : {}),
        ...(typeof durationUs === 'number' ? { durationUs } : {}),
      },
      (fraction) => {
        if (running === controller) progress.value = fraction;
      },
    )
      .then(({ trace, traceHash }) => {
        if (running !== controller) return;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        status.textContent =
          `${trace.summary.scenario}: ${trace.summary.virtualMs / 1000} s of virtual time in ` +
          `${seconds} s, seed ${trace.seed}, trace hash ${traceHash}`;
        onTrace(trace, traceHash);
      })
      .catch((error: unknown) => {
        if (running !== controller) return;
        if (error instanceof RunError) {
          status.textContent =
            error.kind === 'invalid'
              ? `${fileName}: ${error.lines.length} error${error.lines.length === 1 ? '' : 's'}`
              : error.kind === 'cancelled'
                ? 'cancelled'
                : 'the simulation failed';
          showErrors(error.kind === 'cancelled' ? [] : error.lines);
        } else {
          status.textContent = 'the simulation failed';
          showErrors([error instanceof Error ? error.message : String(error)]);
        }
      })
      .finally(() => {
        if (running !== controller) return;
        running = null;
        runButton.disabled = false;
        cancelButton.disabled = true;
      });
  };
  const cancel = (): void => running?.abort();
  runButton.addEventListener('click', run);
  cancelButton.addEventListener('click', cancel);
  setScenario(BUNDLED[DEFAULT_SCENARIO] ?? '', DEFAULT_SCENARIO);
  return { setScenario, run, cancel };
}
