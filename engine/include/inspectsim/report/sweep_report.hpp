#pragma once
/// @file
/// A sweep's output, line by line: a header, then one line per point with every metric's mean
/// and 95% CI. Lines are appended as points finish, so an interrupted sweep leaves a valid file
/// (CSV with its header, JSON Lines, or a fixed-width table), and resume_sweep_output finds where
/// to continue so that the finished file equals an uninterrupted run's, byte for byte.

#include <cstddef>
#include <string>
#include <vector>

#include "inspectsim/experiment/sweep.hpp"
#include "inspectsim/report/report.hpp"

namespace inspectsim {

/// How a sweep's lines look: the format, the axes, and (tables only) the metric columns.
struct SweepLayout {
  ReportFormat format = ReportFormat::csv;
  std::vector<SweepAxis> axes;
  /// Metric names for a table's columns (see find_metric); empty: a default set. CSV and JSON
  /// always hold every metric.
  std::vector<std::string> table_metrics;
};

/// The metric columns a table shows by default.
const std::vector<std::string>& default_sweep_table_metrics();

/// What a sweep's file was written by, so that a resume never mixes two sweeps' rows: the
/// fingerprints of the points' resolved scenarios (files, --set, seed, replications, years) and of
/// the options (format, axes, table metrics), and the engine's version.
struct SweepFingerprint {
  std::string scenario;
  std::string options;
  std::string engine;

  /// "scenario=HEX options=HEX engine=VERSION", as the header carries it.
  std::string text() const;
  /// Reads text() back from anywhere in `line`; throws std::invalid_argument when it is not there.
  static SweepFingerprint parse(const std::string& line);
};

SweepFingerprint sweep_fingerprint(const SweepLayout& layout, const std::vector<SweepPoint>& grid,
                                   const DesignScenarios& scenarios);

/// The header: CSV column names after a `# inspectsim sweep: FINGERPRINT` line; the JSON Lines
/// object {"sweep": {..., "fingerprint": ...}}; the table's title (with the fingerprint) and
/// column heads. Reads the first point's scenario (title, seed, replications, years).
std::string sweep_header(const SweepLayout& layout, const std::vector<SweepPoint>& grid,
                         const DesignScenarios& scenarios);

/// The start of a point's line, which names the point (index and settings, and in CSV the seed,
/// replications and years): what resume checks.
std::string sweep_row_prefix(const SweepLayout& layout, const SweepPoint& point, const Scenario& scenario);

/// A point's whole line, ending in a newline.
std::string sweep_row(const SweepLayout& layout, const SweepPoint& point, const RunResult& result);

/// Where an interrupted sweep's file stands.
struct SweepResume {
  std::size_t points_done = 0;  ///< rows of points 0 .. points_done-1, in order
  std::size_t keep_bytes = 0;   ///< the header and those rows; a cut last line comes after
};

/// Reads `existing` (the file's text) against the sweep the command would write: it must start
/// with `header` and hold whole rows of the grid's first points, in order; a last line without its
/// newline (cut by a kill or a power loss) is dropped. Throws std::invalid_argument saying what
/// differs (the scenario, the options or the engine version) when the file holds another sweep.
SweepResume resume_sweep_output(const std::string& existing, const SweepLayout& layout, const std::string& header,
                                const std::vector<SweepPoint>& grid, const DesignScenarios& scenarios);

}  // namespace inspectsim
