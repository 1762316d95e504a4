#pragma once
/// @file
/// Elementary functions that give the same bits on every machine. glibc picks its `log` at
/// load time by CPU (an FMA variant on recent x86-64, another elsewhere), and the variants
/// may differ in the last bit: enough to change a simulation's checksum. These use only
/// IEEE-754 +, -, *, / in a fixed order, compiled without contraction into FMA.

namespace inspectsim {

/// Natural logarithm of a positive, finite, normal x, within 1 ulp of the true value
/// (fdlibm's reduction and polynomial: x = 2^k (1 + f), log(1 + f) = 2 atanh(f / (2 + f))).
double portable_log(double x);

}  // namespace inspectsim
