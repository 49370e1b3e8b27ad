import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { compiledWorkflowsPath, prebuiltWorkflowBundlePath, workflowInterceptorModules } from '@fullfolj/runtime';

/** Part of `npm run build`: the workflow bundle the compiled worker loads (no webpack at start). */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: compiledWorkflowsPath(), workflowInterceptorModules: workflowInterceptorModules(false), logger: undefined });
  await writeFile(prebuiltWorkflowBundlePath(), code);
  console.log(`workflow bundle: ${prebuiltWorkflowBundlePath()} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
