import { existsSync } from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import { projectRoot } from './project-root';

type BundleOptions = Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions' | 'workflowBundle'> & { interceptors?: { workflowModules: string[] } };

/** Workflow interceptor modules in every bundle: the trace carried from acts to their activities (workflows/tracing.interceptors.ts). */
export const workflowInterceptorModules = (fromSource = __filename.endsWith('.ts')): string[] => [
  fromSource ? path.join(projectRoot(), 'workflows', 'tracing.interceptors.ts') : path.join(projectRoot(), 'dist', 'workflows', 'tracing.interceptors.js'),
];

/** Written by `npm run build` (scripts/bundle-workflows.ts), loaded by the compiled worker. */
export const prebuiltWorkflowBundlePath = (): string => path.join(projectRoot(), 'dist', 'workflow-bundle.js');

/** The compiled workflows that `npm run build` bundles. */
export const compiledWorkflowsPath = (): string => path.join(projectRoot(), 'dist', 'workflows', 'index.js');

/**
 * Where the workflow code is. The compiled worker loads the bundle `npm run build` made, so a
 * start costs no webpack run and every worker of a release runs the same code; production
 * refuses to start without it. Under jest (from source) the workflows are bundled on the fly,
 * with the tsconfig path aliases mapped here.
 */
export function workflowBundleOptions(options: { requirePrebuilt?: boolean } = {}): BundleOptions {
  const root = projectRoot();
  const fromSource = __filename.endsWith('.ts');
  if (!fromSource) {
    const codePath = prebuiltWorkflowBundlePath();
    if (existsSync(codePath)) return { workflowBundle: { codePath } };
    if (options.requirePrebuilt) throw new Error(`no prebuilt workflow bundle at ${codePath}: run npm run build`);
    return { workflowsPath: compiledWorkflowsPath(), interceptors: { workflowModules: workflowInterceptorModules(false) } };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const paths = (require(path.join(root, 'tsconfig.json')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
  // webpack aliases match prefixes, so 'x' also serves 'x/sub'; tsconfig's 'x/*' entries are not needed.
  const alias = Object.fromEntries(
    Object.entries(paths)
      .filter(([name]) => !name.endsWith('/*'))
      .map(([name, [target]]) => [name, path.join(root, target)]),
  );
  return {
    workflowsPath: path.join(root, 'workflows', 'index.ts'),
    interceptors: { workflowModules: workflowInterceptorModules(true) },
    bundlerOptions: {
      webpackConfigHook: (config) => ({
        ...config,
        resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...alias } },
      }),
    },
  };
}
