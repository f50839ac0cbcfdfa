/**
 * Reads a trace from text, a File (picker or drop; `.gz` is gunzipped with the browser's
 * DecompressionStream) or a URL, checks that it is a kafkasim trace this app reads, and hashes
 * it. Errors are TraceLoadError with a sentence naming the source and the field.
 */
import { TRACE_FORMAT_NAME, TRACE_VERSION_READ } from './version.ts';
import { traceHash } from './hash.ts';
import { LoadedTrace } from './loadedTrace.ts';
import type { Trace } from '../../../sim/trace/types.ts';

export class TraceLoadError extends Error {}

export function parseTrace(text: string, source: string): LoadedTrace {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new TraceLoadError(`${source}: not JSON (${(error as Error).message})`);
  }
  return traceFromDocument(document, source);
}

export function traceFromDocument(document: unknown, source: string): LoadedTrace {
  const fail = (what: string): never => {
    throw new TraceLoadError(`${source}: ${what}`);
  };
  if (typeof document !== 'object' || document === null) fail('not a JSON object');
  const trace = document as Partial<Trace>;
  if (trace.format !== TRACE_FORMAT_NAME) {
    fail(`format is ${JSON.stringify(trace.format)}, expected "${TRACE_FORMAT_NAME}"`);
  }
  if (trace.version !== TRACE_VERSION_READ) {
    fail(`version ${JSON.stringify(trace.version)}; this app reads version ${TRACE_VERSION_READ}`);
  }
  const series = trace.series;
  if (typeof series !== 'object' || series === null) fail('series is missing');
  if (!Array.isArray(series?.timeUs)) fail('series.timeUs is not an array');
  if (typeof series?.columns !== 'object' || series.columns === null) {
    fail('series.columns is missing');
  }
  if (!Array.isArray(trace.events)) fail('events is not an array');
  for (const [name, values] of Object.entries(series?.columns ?? {})) {
    if (!Array.isArray(values) || values.length !== series?.timeUs.length) {
      fail(`series.columns["${name}"] does not have one value per sample`);
    }
  }
  return new LoadedTrace(document as Trace, traceHash(document), source);
}

async function fileText(file: File): Promise<string> {
  if (!file.name.endsWith('.gz')) return file.text();
  const stream = file.stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

export async function loadTraceFile(file: File): Promise<LoadedTrace> {
  return parseTrace(await fileText(file), file.name);
}

export async function loadTraceUrl(url: string): Promise<LoadedTrace> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new TraceLoadError(`${url}: could not fetch (${(error as Error).message})`);
  }
  if (!response.ok) throw new TraceLoadError(`${url}: HTTP ${response.status}`);
  if (url.endsWith('.gz') && response.headers.get('content-encoding') !== 'gzip') {
    const body = response.body;
    if (body === null) throw new TraceLoadError(`${url}: empty response`);
    const text = await new Response(body.pipeThrough(new DecompressionStream('gzip'))).text();
    return parseTrace(text, url);
  }
  return parseTrace(await response.text(), url);
}
