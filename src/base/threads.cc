#include "base/threads.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace kitwatch {
namespace {

// What the workers of one parallel_for share: the next task, and the first failure.
class TaskQueue {
 public:
  explicit TaskQueue(std::size_t tasks) : tasks_(tasks) {}

  void run(const std::function<void(std::size_t, unsigned)>& body, unsigned worker) {
    try {
      for (std::size_t task = next_++; task < tasks_ && !stopped_; task = next_++) body(task, worker);
    } catch (...) {
      fail(std::current_exception());
    }
  }
  void fail(std::exception_ptr error) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!error_) error_ = std::move(error);
    stopped_ = true;
  }
  void rethrow_first() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  const std::size_t tasks_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> stopped_{false};
  std::mutex mutex_;
  std::exception_ptr error_;
};

}  // namespace

unsigned worker_threads(unsigned requested) {
  if (requested != 0) return requested;
  if (const char* env = std::getenv("KITWATCH_THREADS"); env != nullptr && std::atoi(env) > 0) {
    return static_cast<unsigned>(std::atoi(env));
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

unsigned parallel_workers(std::size_t tasks, unsigned threads) {
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, tasks)));
}

void parallel_for(std::size_t tasks, unsigned threads,
                  const std::function<void(std::size_t task, unsigned worker)>& body) {
  const unsigned workers = parallel_workers(tasks, threads);
  if (workers == 1) {
    for (std::size_t task = 0; task < tasks; ++task) body(task, 0);
    return;
  }
  TaskQueue queue(tasks);
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  try {
    for (unsigned worker = 1; worker < workers; ++worker) pool.emplace_back([&, worker] { queue.run(body, worker); });
  } catch (const std::system_error&) {
    // A thread that cannot start leaves its tasks to the workers that did: every task still runs.
  }
  queue.run(body, 0);
  for (std::thread& t : pool) t.join();
  queue.rethrow_first();
}

}  // namespace kitwatch
