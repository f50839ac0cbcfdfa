#!/usr/bin/env node
// The `kafkasim` command: runs sim/cli.ts through tsx's loader, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../sim/cli.ts');
