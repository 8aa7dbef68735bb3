#include "base/threads.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace kitwatch {
namespace {

TEST(ParallelForTest, RunsEveryTaskExactlyOnceOnAWorkerBelowTheWorkerCount) {
  for (unsigned threads = 1; threads <= 8; ++threads) {
    for (std::size_t tasks = 0; tasks <= 100; ++tasks) {
      const unsigned workers = parallel_workers(tasks, threads);
      EXPECT_EQ(workers, tasks == 0 ? 1u : std::min<std::size_t>(threads, tasks));
      std::vector<std::atomic<int>> runs(tasks);
      std::atomic<bool> worker_in_range{true};
      parallel_for(tasks, threads, [&](std::size_t task, unsigned worker) {
        runs[task].fetch_add(1);
        if (worker >= workers) worker_in_range = false;
      });
      for (std::size_t task = 0; task < tasks; ++task) {
        ASSERT_EQ(runs[task].load(), 1) << "task " << task << " of " << tasks << " on " << threads << " threads";
      }
      EXPECT_TRUE(worker_in_range) << tasks << " tasks on " << threads << " threads";
    }
  }
}

TEST(ParallelForTest, OneThreadRunsTheTasksInOrderOnTheCallingThread) {
  std::vector<std::size_t> order;
  const std::thread::id caller = std::this_thread::get_id();
  bool on_caller = true;
  parallel_for(5, 1, [&](std::size_t task, unsigned worker) {
    order.push_back(task);
    on_caller = on_caller && worker == 0 && std::this_thread::get_id() == caller;
  });
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  EXPECT_TRUE(on_caller);
}

// Other workers are still busy in slow tasks when one throws: parallel_for must wait for them
// (every started task has finished once the exception arrives).
TEST(ParallelForTest, AnExceptionPropagatesAfterEveryThreadJoined) {
  for (unsigned threads : {1u, 2u, 4u, 8u}) {
    std::atomic<int> started{0}, finished{0};
    const std::size_t tasks = 64;
    try {
      parallel_for(tasks, threads, [&](std::size_t task, unsigned) {
        started.fetch_add(1);
        if (task == 3) throw std::runtime_error("task 3 failed");
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        finished.fetch_add(1);
      });
      ADD_FAILURE() << "no exception on " << threads << " threads";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "task 3 failed");
    }
    EXPECT_EQ(finished.load(), started.load() - 1) << threads << " threads";  // all but the thrower
    if (threads == 1) {
      EXPECT_EQ(started.load(), 4);  // tasks 0 to 3, and none after the throw
    }
  }
}

TEST(ParallelForTest, TheFirstOfSeveralExceptionsIsRethrown) {
  std::atomic<int> thrown{0};
  try {
    parallel_for(16, 4, [&](std::size_t, unsigned) {
      thrown.fetch_add(1);
      throw std::runtime_error("boom");
    });
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "boom");
  }
  EXPECT_GE(thrown.load(), 1);
  EXPECT_LE(thrown.load(), 4);  // each worker stops at its first failure
}

}  // namespace
}  // namespace kitwatch
