#!/usr/bin/env node
// Loads the TypeScript CLI entry through tsx's loader, so `npx --no-install replication-doctor`
// works right after `npm ci` with no build step.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'lambdas', 'cli', 'main.ts');
await import(pathToFileURL(entry).href);
