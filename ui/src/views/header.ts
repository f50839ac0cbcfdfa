/**
 * The header: the trace's scenario name and source, its hash (data-testid="trace-hash"), the
 * compared trace's name and hash with where they first diverge, the load controls (open a trace,
 * compare with another), and the status or error line. Drag-and-drop onto the page loads a trace
 * too (with Shift held: as the compared one). Trace strings are set with textContent.
 */
import { formatTimeUs } from '../format.ts';
import type { Divergence } from '../state/divergence.ts';
import type { LoadedTrace } from '../trace/loadedTrace.ts';

export interface HeaderCallbacks {
  onOpen: (file: File) => void;
  onCompare: (file: File) => void;
  onCloseCompare: () => void;
}

export class Header {
  readonly #name: HTMLElement;
  readonly #hash: HTMLElement;
  readonly #source: HTMLElement;
  readonly #compareInfo: HTMLElement;
  readonly #compareHash: HTMLElement;
  readonly #closeCompare: HTMLButtonElement;
  readonly #status: HTMLElement;

  constructor(root: HTMLElement, callbacks: HeaderCallbacks) {
    const add = <K extends keyof HTMLElementTagNameMap>(
      parent: HTMLElement,
      tag: K,
      className: string,
    ): HTMLElementTagNameMap[K] => {
      const element = parent.appendChild(document.createElement(tag));
      element.className = className;
      return element;
    };
    const title = add(root, 'div', 'title');
    add(title, 'span', 'app-name').textContent = 'kafkasim replay';
    this.#name = add(title, 'span', 'trace-name');
    this.#name.dataset['testid'] = 'trace-name';
    this.#source = add(title, 'span', 'trace-source');
    const hashLine = add(title, 'span', 'hash-line');
    hashLine.appendChild(document.createTextNode('hash '));
    this.#hash = add(hashLine, 'code', 'trace-hash');
    this.#hash.dataset['testid'] = 'trace-hash';
    const compareLine = add(title, 'span', 'compare-line');
    this.#compareInfo = add(compareLine, 'span', 'compare-info');
    this.#compareHash = add(compareLine, 'code', 'compare-hash');
    this.#compareHash.dataset['testid'] = 'compare-hash';
    this.#closeCompare = add(compareLine, 'button', 'close-compare');
    this.#closeCompare.textContent = 'Stop comparing';
    this.#closeCompare.addEventListener('click', callbacks.onCloseCompare);
    const loads = add(root, 'div', 'loads');
    const picker = (label: string, testid: string, onFile: (file: File) => void): void => {
      const wrapper = add(loads, 'label', 'file-button');
      wrapper.appendChild(document.createTextNode(label));
      const input = add(wrapper, 'input', 'file-input');
      input.type = 'file';
      input.accept = '.json,.gz,application/json';
      input.dataset['testid'] = testid;
      input.addEventListener('change', () => {
        const file = input.files?.[0];
        if (file !== undefined) onFile(file);
        input.value = '';
      });
    };
    picker('Open trace…', 'trace-file', callbacks.onOpen);
    picker('Compare with…', 'compare-file', callbacks.onCompare);
    add(loads, 'span', 'drop-hint').textContent = 'or drop trace.json here (Shift: compare)';
    this.#status = add(root, 'div', 'status');
    this.#status.dataset['testid'] = 'status';
    installDrop(callbacks);
  }

  render(
    primary: LoadedTrace | null,
    compare: LoadedTrace | null,
    diverged: Divergence | null,
    status: string,
    error: string | null,
  ): void {
    this.#name.textContent = primary?.name ?? 'no trace';
    this.#source.textContent =
      primary === null ? '' : `(${primary.source}, seed ${primary.trace.seed})`;
    this.#hash.textContent = primary?.hash ?? '';
    this.#compareHash.textContent = compare?.hash ?? '';
    this.#closeCompare.hidden = compare === null;
    this.#compareInfo.textContent =
      compare === null
        ? ''
        : `compared with ${compare.name} (${compare.source}): ${summary(diverged)} `;
    this.#status.textContent = error ?? status;
    this.#status.classList.toggle('error', error !== null);
  }
}

function summary(diverged: Divergence | null): string {
  if (diverged === null) return '';
  const parts: string[] = [];
  if (diverged.firstSample !== null) {
    const columns = diverged.firstSample.columns;
    const more = columns.length > 2 ? ` and ${columns.length - 2} more` : '';
    parts.push(
      `series diverge at ${formatTimeUs(diverged.firstSample.atUs)} ` +
        `(${columns.slice(0, 2).join(', ')}${more})`,
    );
  }
  if (diverged.firstEvent !== null) {
    parts.push(
      `events from #${diverged.firstEvent.index} at ${formatTimeUs(diverged.firstEvent.atUs)}`,
    );
  }
  return parts.length === 0 ? 'identical series and events' : parts.join('; ');
}

function installDrop(callbacks: HeaderCallbacks): void {
  const body = document.body;
  body.addEventListener('dragover', (event) => {
    event.preventDefault();
    body.classList.add('dragging');
  });
  body.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null) body.classList.remove('dragging');
  });
  body.addEventListener('drop', (event) => {
    event.preventDefault();
    body.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file === undefined) return;
    if (event.shiftKey) callbacks.onCompare(file);
    else callbacks.onOpen(file);
  });
}
