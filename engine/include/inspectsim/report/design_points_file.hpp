#pragma once
/// @file
/// The file of finished design points that `uncertainty` and `sensitivity` keep (--points-file),
/// so that a killed run resumes where it stopped. CSV: a fingerprint line, the column names, then
/// one row per point with each metric's mean and noise variance written exactly (17 significant
/// digits), so the values read back on a resume are the values computed, bit for bit, and the
/// finished report equals an uninterrupted run's.

#include <cstddef>
#include <string>
#include <vector>

#include "inspectsim/experiment/design.hpp"
#include "inspectsim/metrics/metric_name.hpp"

namespace inspectsim {

/// A short hash of what a design's values depend on: the method's own description (design, sizes,
/// seed), every point's scenarios (scenario_fingerprint) and the metrics; "HEX engine=VERSION".
std::string design_fingerprint(const std::string& method, const DesignScenarios& scenarios,
                               const std::vector<MetricRef>& metrics);

/// "# inspectsim design points: fingerprint=..." and the CSV column names.
std::string design_points_header(const std::string& fingerprint, const std::vector<MetricRef>& metrics);

/// A point's row, ending in a newline.
std::string design_points_row(const DesignPoint& point, const PointValues& values);

/// What an interrupted run left in the file.
struct DesignPointsResume {
  std::vector<PointValues> done;  ///< points 0 .. done.size()-1
  std::size_t keep_bytes = 0;     ///< the header and those rows; a cut last line comes after
};

/// Reads the file's text back. It must start with `header`; a last line without its newline is
/// dropped. Throws std::invalid_argument saying what differs when it holds another design.
DesignPointsResume read_design_points(const std::string& existing, const std::string& header, std::size_t points,
                                      std::size_t metrics);

}  // namespace inspectsim
