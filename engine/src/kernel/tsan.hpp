#pragma once
// ThreadSanitizer cannot see synchronisation done inside a library it did not instrument, such
// as Debian's libtbb.so: it would report the results a TBB task wrote and its caller read after
// parallel_for as races. These calls tell it the happens-before edges TBB guarantees; they are
// no-ops in every other build. Give each edge its own address, so that tasks do not appear
// ordered with each other (which would hide real races between them).

#if defined(__SANITIZE_THREAD__)
#define INSPECTSIM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define INSPECTSIM_TSAN 1
#endif
#endif

#ifdef INSPECTSIM_TSAN
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace inspectsim::tsan {

/// What this thread wrote so far happens before whatever later acquires `address`.
inline void release([[maybe_unused]] void* address) {
#ifdef INSPECTSIM_TSAN
  __tsan_release(address);
#endif
}

/// What was released on `address` happens before what this thread does next.
inline void acquire([[maybe_unused]] void* address) {
#ifdef INSPECTSIM_TSAN
  __tsan_acquire(address);
#endif
}

/// Releases `address` when the scope ends, by return or by exception.
class ReleaseOnExit {
 public:
  explicit ReleaseOnExit(void* address) : address_(address) {}
  ~ReleaseOnExit() { release(address_); }
  ReleaseOnExit(const ReleaseOnExit&) = delete;
  ReleaseOnExit& operator=(const ReleaseOnExit&) = delete;

 private:
  void* address_;
};

/// Acquires `address` when the scope ends, by return or by exception.
class AcquireOnExit {
 public:
  explicit AcquireOnExit(void* address) : address_(address) {}
  ~AcquireOnExit() { acquire(address_); }
  AcquireOnExit(const AcquireOnExit&) = delete;
  AcquireOnExit& operator=(const AcquireOnExit&) = delete;

 private:
  void* address_;
};

}  // namespace inspectsim::tsan
