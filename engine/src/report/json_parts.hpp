#pragma once
// Pieces of the JSON reports shared by run, compare and sweep reports (json.cpp, sweep.cpp).

#include <nlohmann/json.hpp>

#include "inspectsim/report/report.hpp"

namespace inspectsim::json_parts {

using ordered_json = nlohmann::ordered_json;

ordered_json estimate_json(const Estimate& e, const std::string& unit);
ordered_json metrics_json(const std::vector<MetricInfo>& info, const std::vector<Estimate>& values, bool units);
ordered_json by_violation_json(const Scenario& s, const Summary& summary, bool units);
ordered_json by_size_class_json(const Scenario& s, const Summary& summary, bool units);
ordered_json yearly_json(const Summary& summary, bool units);
/// A plausible range: its shape and the numbers that shape takes.
ordered_json range_json(const PlausibleRange& r);
/// Every number's value, provenance and spread (with its range unless fixed), sorted by key.
ordered_json provenance_json(const Scenario& s);
/// What every report says first about its scenario: name, title, file, seed, replications, years.
ordered_json scenario_header(const Scenario& s);
/// A run's report object: scenario, seed, replications, every summary and the provenance.
ordered_json run_object(const RunResult& run);

}  // namespace inspectsim::json_parts
