// How many threads an analysis may use. One knob for the whole engine: KITWATCH_THREADS=1 gives the
// one-threaded run everywhere, so a result can always be checked against it (parallel results are
// required to equal serial ones; each parallel stage has a test that proves it).
#pragma once

namespace kitwatch {

// requested when it is not 0, else KITWATCH_THREADS when set to a positive number, else one per
// hardware thread. Never 0.
unsigned worker_threads(unsigned requested = 0);

}  // namespace kitwatch
