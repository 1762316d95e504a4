#pragma once
// `--plot FILE` of `sweep` and `staff`: the chart is drawn in Python (matplotlib), so the command
// writes its result to a temporary file and runs `python3 -m inspectsim plot` on it, with this
// build's package (as `brief` does). The chart is written whole or not at all by the plotter.

#include <string>
#include <vector>

namespace inspectsim::cli {

/// Refuses a --plot path before the run: it must end in .svg, .png or .pdf and be writable (see
/// check_output_option), and not be one of `inputs`. Throws UsageError.
void check_plot_option(const std::string& plot, const std::vector<std::string>& inputs);

/// Charts `result` (a sweep's JSON Lines or CSV, or staff's JSON) into `plot`: writes it to a
/// temporary file, runs /usr/bin/python3 -m inspectsim plot on it and waits. `metrics`: the
/// metrics to chart (empty: the plotter's default). Throws OutputWriteError when no chart was
/// written (the plotter has said why on stderr).
void write_plot(const std::string& result, const std::string& plot, const std::vector<std::string>& metrics);

/// The same for a result already in a file (a finished sweep's --output).
void write_plot_from_file(const std::string& result_path, const std::string& plot,
                          const std::vector<std::string>& metrics);

}  // namespace inspectsim::cli
