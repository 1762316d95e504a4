#pragma once
/// @file
/// The sensitivity answer as a terminal table, JSON or CSV: per metric, every ranged input ranked
/// by Morris's mu*, with sigma, the tornado's low and high values, and the Sobol indices (with
/// bootstrap intervals) of the top inputs.

#include <string>

#include "inspectsim/experiment/sensitivity_study.hpp"
#include "inspectsim/report/report.hpp"

namespace inspectsim {

std::string render(const SensitivityAnswer& answer, ReportFormat format);

/// "ranged" or "default", and the range as text ("[2, 6]", "triangular 0.1 / 0.25 / 0.4").
std::string range_text(const RangedInput& input);

}  // namespace inspectsim
