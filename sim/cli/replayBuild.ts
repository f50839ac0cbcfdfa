/**
 * Builds the browser app (ui/) with Vite's JS API: the replay page (ui/index.html, when the app
 * has one) and the run page (ui/run.html), whose Web Worker bundles the simulator from sim/.
 * When ui/vite.config.ts exists it is used and run.html is added to its inputs; otherwise an
 * inline config does the same job (root ui/, relative base). `ensureAppBuilt` rebuilds ui/dist
 * only when it is missing or older than a source it is built from (ui/, sim/, scenarios/), and
 * builds into a temporary directory renamed into place, so a failed build leaves the old one.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InlineConfig, Plugin, UserConfig } from 'vite';

export const REPOSITORY = fileURLToPath(new URL('../..', import.meta.url));
export const UI_ROOT = join(REPOSITORY, 'ui');
export const UI_DIST = join(UI_ROOT, 'dist');
const STAMP = '.kafkasim-build';
const SOURCE_DIRECTORIES = ['ui', 'sim', 'scenarios'];
const SKIPPED = new Set(['dist', 'node_modules']);

type Inputs = Record<string, string>;

function inputsOf(value: unknown): Inputs {
  if (typeof value === 'string')
    return { [value.replace(/^.*\//, '').replace(/\.html$/, '')]: value };
  if (Array.isArray(value)) return Object.assign({}, ...value.map((item) => inputsOf(item)));
  if (typeof value === 'object' && value !== null) return { ...(value as Inputs) };
  return {};
}

/** Adds ui/run.html (and ui/index.html when present) to whatever inputs the config names. */
function runPagePlugin(): Plugin {
  return {
    name: 'kafkasim-run-page',
    config(config: UserConfig) {
      const build = (config.build ??= {});
      const options = (build.rolldownOptions ??= {});
      const inputs = { ...inputsOf(build.rollupOptions?.input), ...inputsOf(options.input) };
      const index = join(UI_ROOT, 'index.html');
      if (existsSync(index) && !Object.values(inputs).some((path) => /index\.html$/.test(path))) {
        inputs['index'] = index;
      }
      inputs['run'] = join(UI_ROOT, 'run.html');
      options.input = inputs;
    },
  };
}

/** Builds the app into `outDir`; quiet prints only Vite's errors. */
export async function buildApp(outDir: string, quiet = true): Promise<void> {
  const { build } = await import('vite');
  const configFile = join(UI_ROOT, 'vite.config.ts');
  const hasConfig = existsSync(configFile);
  const config: InlineConfig = {
    configFile: hasConfig ? configFile : false,
    root: UI_ROOT,
    logLevel: quiet ? 'error' : 'info',
    ...(hasConfig ? {} : { base: './' }),
    plugins: [runPagePlugin()],
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true },
  };
  await build(config);
}

/** The newest modification time of the files the app is built from. */
export function newestSourceMs(): number {
  let newest = 0;
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (SKIPPED.has(entry.name) || entry.name.startsWith('.')) continue;
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const directory of SOURCE_DIRECTORIES) {
    const path = join(REPOSITORY, directory);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

/** Whether `dist` holds a build at least as new as every source. */
export function isBuildCurrent(dist: string): boolean {
  const stamp = join(dist, STAMP);
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestSourceMs();
}

/** Builds ui/dist when it is missing or stale; returns whether it built. */
export async function ensureAppBuilt(dist = UI_DIST): Promise<boolean> {
  if (isBuildCurrent(dist)) return false;
  const temporary = `${dist}.${process.pid}.tmp`;
  try {
    await buildApp(temporary);
    await writeFile(join(temporary, STAMP), `built from ${REPOSITORY}\n`);
    await rm(dist, { recursive: true, force: true });
    await rename(temporary, dist);
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  return true;
}
