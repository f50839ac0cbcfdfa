/**
 * The `kafkasim` command line (bin/kafkasim.js and `npm run kafkasim` run this file through
 * tsx): `run`, `validate` and `help`, implemented under sim/cli/. Sets the exit code rather
 * than calling process.exit, so everything written to stdout is flushed first.
 */
import { main } from './cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
