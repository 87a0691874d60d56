/**
 * Builds the responder's production bundle exactly as the CDK construct does (`infra/functions.ts` `BUNDLING`, which
 * `NodejsFunction` turns into `esbuild --bundle <entry> --target=… --platform=node --format=esm --outfile=…/index.mjs
 * --minify --sourcemap --sources-content=false --main-fields=module,main --banner:js=…`), to
 * `bench/results/bundle/index.mjs`, and reports its size and its largest inputs.
 *
 *   tsx bench/build-bundle.ts [--entry lambdas/responder/handler.ts] [--out bench/results/bundle]
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { BUNDLING, REPO_ROOT } from '../infra/functions.js';
import { flag } from './support.js';

export const RESPONDER_ENTRY = 'lambdas/responder/handler.ts';
export const BUNDLE_DIR = resolve(REPO_ROOT, 'bench/results/bundle');

export interface BundleReport {
  readonly entry: string;
  readonly file: string;
  readonly bytes: number;
  readonly sourceMapBytes: number;
  /** The esbuild options used, as CDK would pass them. */
  readonly options: Record<string, unknown>;
  /** Bytes in the output per package (or `(project)` for the repository's own code), largest first. */
  readonly topInputs: readonly { readonly name: string; readonly bytes: number }[];
}

/** The esbuild options `NodejsFunction` derives from the construct's bundling options. */
export function esbuildOptionsFromCdk(entry: string, outdir: string): BuildOptions {
  const format = BUNDLING.format === 'esm' ? 'esm' : 'cjs';
  const externals = BUNDLING.externalModules ?? (BUNDLING.bundleAwsSDK ? [] : ['@aws-sdk/*']);
  return {
    absWorkingDir: REPO_ROOT,
    entryPoints: [resolve(REPO_ROOT, entry)],
    bundle: true,
    target: BUNDLING.target ?? 'node24',
    platform: 'node',
    format,
    outfile: join(outdir, format === 'esm' ? 'index.mjs' : 'index.js'),
    minify: BUNDLING.minify ?? false,
    ...(BUNDLING.sourceMap ? { sourcemap: true } : {}),
    sourcesContent: BUNDLING.sourcesContent ?? true,
    external: [...externals, ...(BUNDLING.nodeModules ?? [])],
    ...(BUNDLING.mainFields ? { mainFields: [...BUNDLING.mainFields] } : {}),
    ...(BUNDLING.banner ? { banner: { js: BUNDLING.banner } } : {}),
    ...(BUNDLING.footer ? { footer: { js: BUNDLING.footer } } : {}),
    ...(BUNDLING.define ? { define: BUNDLING.define } : {}),
    ...(BUNDLING.keepNames ? { keepNames: true } : {}),
    ...(BUNDLING.tsconfig ? { tsconfig: resolve(REPO_ROOT, BUNDLING.tsconfig) } : {}),
    logLevel: 'warning',
    metafile: true,
  };
}

/** The package an input file belongs to, e.g. `@aws-sdk/client-s3`, or `(project)`. */
function packageOf(input: string): string {
  const parts = input.split('node_modules/');
  if (parts.length < 2) return '(project)';
  const path = parts.at(-1) ?? '';
  const [scope, name] = path.split('/');
  return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? path);
}

function topInputs(metafile: Metafile, outfile: string): { name: string; bytes: number }[] {
  const output = Object.entries(metafile.outputs).find(([file]) => resolve(REPO_ROOT, file) === outfile)?.[1];
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals.entries()]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 12);
}

/** Builds the bundle into `outdir` (emptied first). */
export async function buildBundle(entry = RESPONDER_ENTRY, outdir = BUNDLE_DIR): Promise<BundleReport> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const options = esbuildOptionsFromCdk(entry, outdir);
  const result = await build(options);
  const file = options.outfile ?? '';
  const { absWorkingDir: _cwd, entryPoints: _entries, outfile: _out, metafile: _meta, ...shown } = options;
  return {
    entry,
    file: relative(REPO_ROOT, file),
    bytes: statSync(file).size,
    sourceMapBytes: BUNDLING.sourceMap ? statSync(`${file}.map`).size : 0,
    options: shown,
    topInputs: result.metafile ? topInputs(result.metafile, file) : [],
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const report = await buildBundle(flag(argv, 'entry', RESPONDER_ENTRY), resolve(flag(argv, 'out', BUNDLE_DIR)));
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  process.stdout.write(`${report.file}: ${kb(report.bytes)} (source map ${kb(report.sourceMapBytes)})\n`);
  for (const input of report.topInputs) process.stdout.write(`  ${input.name.padEnd(44)} ${kb(input.bytes)}\n`);
}
