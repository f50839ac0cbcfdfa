/**
 * Loading a scenario file: read its bytes (bounded, UTF-8 checked), then parse, check and resolve
 * the text (parse.ts, which holds everything that needs no file system and is re-exported here).
 * A file that cannot be read is one error value naming the file, like any other scenario error.
 */
import { readFile } from 'node:fs/promises';
import { MAX_TEXT_CHARS, parseScenarioText, type LoadOptions, type LoadResult } from './parse.ts';
import { invalidUtf8Offset } from './textGuards.ts';

export * from './parse.ts';

export async function loadScenarioFile(
  path: string,
  options: LoadOptions = {},
): Promise<LoadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      errors: [{ file: path, line: 0, column: 0, path: '', message: `cannot read: ${reason}` }],
    };
  }
  if (bytes.length > MAX_TEXT_CHARS * 4) {
    const message = `file larger than ${MAX_TEXT_CHARS} characters`;
    return { ok: false, errors: [{ file: path, line: 1, column: 1, path: '', message }] };
  }
  const text = bytes.toString('utf8');
  const invalidAt = invalidUtf8Offset(bytes);
  if (invalidAt !== null) {
    const before = text.slice(0, invalidAt);
    const line = before.split('\n').length;
    const column = invalidAt - before.lastIndexOf('\n');
    const message = 'not valid UTF-8 text: save the file as UTF-8';
    return { ok: false, errors: [{ file: path, line, column, path: '', message }] };
  }
  return parseScenarioText(text, path, options);
}
