import path from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';
import { projectRoot } from './project-root';

type BundleOptions = Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'>;

/**
 * Where the workflow code is and how to bundle it: from dist/ when running compiled
 * (aliases already rewritten by tsc-alias), from source under jest (aliases mapped here).
 */
export function workflowBundleOptions(): BundleOptions {
  const root = projectRoot();
  const fromSource = __filename.endsWith('.ts');
  if (!fromSource) return { workflowsPath: path.join(root, 'dist', 'workflows', 'index.js') };
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
    bundlerOptions: {
      webpackConfigHook: (config) => ({
        ...config,
        resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...alias } },
      }),
    },
  };
}
