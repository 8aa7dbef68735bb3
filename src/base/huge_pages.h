// Memory for large tables probed at random (hash tables, lookup arrays). A probe into a table of
// hundreds of megabytes misses the TLB on almost every access with 4 KiB pages; backed by 2 MiB
// pages (transparent huge pages, which Debian enables on request: `madvise`), the same table
// needs a few hundred TLB entries and a probe costs one memory access instead of a page walk too.
#pragma once

#include <cstddef>

namespace kitwatch {

// Below this, allocations go to operator new unchanged.
inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// Allocates bytes (>= kHugePageBytes: 2 MiB-aligned and marked MADV_HUGEPAGE); throws
// std::bad_alloc when out of memory. Free with free_huge_page_aware(p, bytes), same bytes.
void* allocate_huge_page_aware(std::size_t bytes);
void free_huge_page_aware(void* p, std::size_t bytes) noexcept;

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  explicit HugePageAllocator(const HugePageAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(allocate_huge_page_aware(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { free_huge_page_aware(p, n * sizeof(T)); }
  friend bool operator==(const HugePageAllocator&, const HugePageAllocator&) { return true; }
};

}  // namespace kitwatch
