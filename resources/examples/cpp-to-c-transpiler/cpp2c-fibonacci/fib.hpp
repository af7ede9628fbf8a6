#pragma once
#include <cstdint>

namespace fib {

// F(0) = 0, F(1) = 1; exact for n <= 93 (F(94) overflows 64 bits).
std::uint64_t iterative(unsigned n);
std::uint64_t recursive(unsigned n);

}  // namespace fib
