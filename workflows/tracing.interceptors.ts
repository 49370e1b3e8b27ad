// Carries an OpenTelemetry trace from the act that caused it to the activities it schedules
// (issue 20: traces from the API through Temporal to the activities), without spans of its own.
//
// Why not @temporalio/interceptors-opentelemetry's workflow interceptors: they wrap outbound
// calls (timers, child workflows, signals) in spans awaited before the call, which moves those
// commands in the workflow's order and breaks replay of the histories of programmes already
// running (test/workflows/replay.int-spec.ts caught it). This one only copies a header,
// synchronously, so the commands stay exactly as they were.
import { AsyncLocalStorage, type Payload, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The header the client interceptor writes and the activity interceptor reads (the OpenTelemetry package's TRACE_HEADER). */
const TRACE_HEADER = '_tracer-data';

/**
 * The trace of what is running: the workflow's start, an update or a signal. It lasts until
 * that code first waits for time (a timer), so a reminder sent months later is not part of
 * the start's trace.
 */
const current = new AsyncLocalStorage<{ trace: Payload | undefined }>();

const withTrace = <T>(trace: Payload | undefined, run: () => T): T => (trace ? current.run({ trace }, run) : run());
const traced = <I extends { headers: Record<string, Payload> }>(input: I): I => {
  const trace = current.getStore()?.trace;
  return trace ? { ...input, headers: { ...input.headers, [TRACE_HEADER]: trace } } : input;
};

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      execute: (input, next) => withTrace(input.headers[TRACE_HEADER], () => next(input)),
      handleUpdate: (input, next) => withTrace(input.headers[TRACE_HEADER], () => next(input)),
      handleSignal: (input, next) => withTrace(input.headers[TRACE_HEADER], () => next(input)),
    },
  ],
  outbound: [
    {
      scheduleActivity: (input, next) => next(traced(input)),
      scheduleLocalActivity: (input, next) => next(traced(input)),
      startChildWorkflowExecution: (input, next) => next(traced(input)),
      startTimer: (input, next) => {
        const box = current.getStore();
        if (box) box.trace = undefined;
        return next(input);
      },
    },
  ],
});
