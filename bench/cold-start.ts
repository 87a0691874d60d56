/**
 * Cold start of the production bundle: how long a fresh Node.js process takes to import it (config, clients, logger,
 * metrics: the responder's whole init), with the deployed function's environment.
 *
 * Two figures, each the median of `runs` fresh processes, measured alternately so that drift hits both sides:
 * - spawn: wall time of `node --input-type=module -e "await import(bundle)"` minus that of an empty script;
 * - in-process: `performance.now()` around the `import()` inside the process (no process start-up at all).
 * Both are measured without runtime source maps, as the construct deploys the function by default, and with
 * `NODE_OPTIONS=--enable-source-maps` (the construct's `sourceMapsAtRuntime` prop).
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { median, TOPIC_ARN } from './support.js';

export interface ColdStartReport {
  readonly runs: number;
  readonly node: string;
  /** Median init, spawn method (bundle process − empty process), milliseconds. */
  readonly initMs: number;
  /** Median time of the `import()` inside the process, milliseconds. */
  readonly importMs: number;
  /** Median CPU time (user + system, all threads) of that `import()`: steadier than wall time on a busy machine. */
  readonly importCpuMs: number;
  readonly emptyProcessMs: number;
  readonly bundleProcessMs: number;
  /** The same without `--enable-source-maps`. */
  readonly withoutSourceMaps: { readonly initMs: number; readonly importMs: number; readonly importCpuMs: number };
}

/** The responder environment as the construct sets it on the function (with Lambda's own AWS_REGION). */
function deployedEnv(sourceMaps: boolean): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
  return {
    PATH: inherited.PATH,
    HOME: inherited.HOME,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ALERT_TOPIC_ARN: TOPIC_ARN,
    POWERTOOLS_SERVICE_NAME: 'replication-doctor',
    POWERTOOLS_METRICS_NAMESPACE: 'S3ReplicationDoctor',
    INCIDENT_TABLE_NAME: 'ReplicationDoctor-IncidentTable',
    DIGEST_INTERVAL_SECONDS: '900',
    CHECK_CACHE_TTL_SECONDS: '300',
    LIVE_CHECKS: 'true',
    ...(sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
  };
}

function timedRun(script: string, env: NodeJS.ProcessEnv): { wallMs: number; stdout: string } {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (run.status !== 0) throw new Error(`cold-start run failed (${run.status}): ${run.stderr.slice(0, 500)}`);
  return { wallMs, stdout: run.stdout };
}

function measure(bundleFile: string, runs: number, sourceMaps: boolean) {
  const url = JSON.stringify(pathToFileURL(bundleFile).href);
  const env = deployedEnv(sourceMaps);
  const empty: number[] = [];
  const bundle: number[] = [];
  const imports: number[] = [];
  const cpu: number[] = [];
  const importScript = [
    'const c0 = process.cpuUsage();',
    'const t0 = performance.now();',
    `const m = await import(${url});`,
    'const t1 = performance.now();',
    'const c1 = process.cpuUsage(c0);',
    "if (typeof m.handler !== 'function') throw new Error('no handler export');",
    "process.stdout.write(String(t1 - t0) + ' ' + String((c1.user + c1.system) / 1000));",
  ].join('');
  // One warm-up of each: the first spawn pays for the file system cache.
  timedRun('', env);
  timedRun(importScript, env);
  for (let i = 0; i < runs; i++) {
    empty.push(timedRun('', env).wallMs);
    const run = timedRun(importScript, env);
    const [importMs, cpuMs] = run.stdout.split(' ').map(Number);
    bundle.push(run.wallMs);
    imports.push(importMs ?? Number.NaN);
    cpu.push(cpuMs ?? Number.NaN);
  }
  return {
    emptyProcessMs: median(empty),
    bundleProcessMs: median(bundle),
    initMs: median(bundle) - median(empty),
    importMs: median(imports),
    importCpuMs: median(cpu),
  };
}

/** Measures the bundle's init `runs` times per variant (≥ 20 for a stable median). */
export function measureColdStart(bundleFile: string, runs = 21): ColdStartReport {
  const deployed = measure(bundleFile, runs, true);
  const plain = measure(bundleFile, runs, false);
  return {
    runs,
    node: process.version,
    ...deployed,
    withoutSourceMaps: { initMs: plain.initMs, importMs: plain.importMs, importCpuMs: plain.importCpuMs },
  };
}
