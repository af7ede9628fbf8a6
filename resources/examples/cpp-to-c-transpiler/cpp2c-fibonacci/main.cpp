#include <cstdio>
#include "fib.hpp"

int main() {
    for (unsigned n = 0; n <= 20; ++n) {
        std::printf("F(%u) = %llu\n", n, static_cast<unsigned long long>(fib::iterative(n)));
    }
    // Both versions agree on the small values.
    return fib::recursive(20) == fib::iterative(20) ? 0 : 1;
}
