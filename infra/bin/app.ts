#!/usr/bin/env node
/**
 * CDK entry (cdk.json `app`). Configuration problems print one line to stderr and exit 1, without a stack trace.
 */
import { App } from 'aws-cdk-lib';
import { ConfigError, oneLine } from '../../lambdas/core/errors.js';
import { buildApp, environmentFromProcess } from '../build-app.js';

const app = new App();
try {
  buildApp(app, { cwd: process.cwd(), env: environmentFromProcess() });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${oneLine(error)}\n`);
  process.exit(1);
}
