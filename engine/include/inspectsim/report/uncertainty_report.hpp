#pragma once
/// @file
/// The uncertainty answer as a terminal table, JSON or CSV: per metric (or paired difference), the
/// median and 90% interval over plausible assumptions, the variance split into assumptions and
/// simulation noise, and for a difference the share of points that keep the median's sign.

#include <string>

#include "inspectsim/experiment/uncertainty.hpp"
#include "inspectsim/report/report.hpp"

namespace inspectsim {

std::string render(const UncertaintyAnswer& answer, ReportFormat format);

}  // namespace inspectsim
