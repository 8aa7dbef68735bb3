// How many threads an analysis may use, and the one way the engine runs work on them. One knob for
// the whole engine: KITWATCH_THREADS=1 gives the one-threaded run everywhere, so a result can
// always be checked against it (parallel results are required to equal serial ones; each parallel
// stage has a test that proves it).
#pragma once

#include <cstddef>
#include <functional>

namespace kitwatch {

// requested when it is not 0, else KITWATCH_THREADS when set to a positive number, else one per
// hardware thread. Never 0.
unsigned worker_threads(unsigned requested = 0);

// How many workers parallel_for(tasks, threads, ...) runs: min(threads, tasks), at least 1. The
// worker indices it passes are below this, so callers size per-worker scratch with it.
unsigned parallel_workers(std::size_t tasks, unsigned threads);

// Runs body(task, worker) exactly once for every task in [0, tasks). The calling thread is worker 0
// and parallel_workers() - 1 more threads are started; each worker takes the next task not yet
// taken, so tasks run in no fixed order and a result must not depend on which worker ran a task
// (write it to the task's own slot; worker is for scratch the worker alone uses). With one worker
// every task runs inline, in order. Every started thread is joined before this returns. When a
// body throws, no further task is started and the first exception is rethrown after the join.
// Thread safety: bodies run concurrently; what they share must be read-only or per task.
void parallel_for(std::size_t tasks, unsigned threads,
                  const std::function<void(std::size_t task, unsigned worker)>& body);

}  // namespace kitwatch
