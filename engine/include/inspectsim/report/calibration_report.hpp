#pragma once
/// @file
/// A calibration's answer as a terminal table or JSON: the free parameters (start, fitted value,
/// whether the targets identify it), the fit table of every target at the fitted values, and how
/// the search went.

#include <string>

#include "inspectsim/experiment/calibrate.hpp"
#include "inspectsim/report/report.hpp"

namespace inspectsim {

/// Throws std::invalid_argument for csv and xlsx (a fit is not a table of rows).
std::string render(const CalibrationAnswer& answer, ReportFormat format);

}  // namespace inspectsim
