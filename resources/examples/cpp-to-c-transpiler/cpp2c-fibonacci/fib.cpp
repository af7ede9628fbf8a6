#include "fib.hpp"

namespace fib {

std::uint64_t iterative(unsigned n) {
    std::uint64_t a = 0, b = 1;
    for (unsigned i = 0; i < n; ++i) {
        std::uint64_t next = a + b;
        a = b;
        b = next;
    }
    return a;
}

std::uint64_t recursive(unsigned n) {
    return n < 2 ? n : recursive(n - 1) + recursive(n - 2);
}

}  // namespace fib
