#pragma once
/// @file
/// The inputs of an experiment over assumptions: every number of a scenario that carries a
/// plausible range (stated, or the default x0.5-x1.5 of an assumption), as `validate` counts them,
/// and how a point of the unit cube becomes a setting of each (`plausible_value` of its range).
///
/// @code
///   const Scenario base = load_scenario("scenarios/kazakhstan/baseline.yaml");
///   const std::vector<RangedInput> inputs = ranged_inputs(base);
///   const DesignPoint point = point_at(inputs, 0, quantiles);   // quantiles in (0, 1), one per input
/// @endcode

#include <cstddef>
#include <string>
#include <vector>

#include "inspectsim/experiment/design.hpp"
#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

/// One number that varies in experiments over assumptions.
struct RangedInput {
  std::string key;   ///< dotted, as --set takes it: "violations.forced_labour.detection_probability"
  double value = 0;  ///< the scenario's own value
  Provenance::Spread spread = Provenance::Spread::ranged;  ///< ranged (stated) or defaulted
  PlausibleRange range;
  std::string note;           ///< the source or the assumption's reason
  std::string where;          ///< file:line of the number
  bool whole_number = false;  ///< an integer key: values are rounded
  double floor = 0;           ///< the key's least allowed value
  double ceiling = 0;         ///< the key's greatest allowed value
  bool in_base = true;        ///< set in the base scenario
  bool in_variant = false;    ///< set in the variant (the same number, unless only the variant has it)
};

/// Every ranged or default-ranged number of `base`, in key order; with a variant, the numbers
/// the two share (the same value in both) are set in both, and a number only the variant ranges,
/// or sets to a value of its own, is an input of the variant alone. Numbers of the timeline stay
/// fixed (a timeline entry cannot be set by key).
std::vector<RangedInput> ranged_inputs(const Scenario& base, const Scenario* variant = nullptr);

/// The input's value at quantile `u` of its range (u clipped into (0, 1)); whole numbers rounded.
double input_value(const RangedInput& input, double u);

/// The input's lower and upper plausible values: the range's ends (a lognormal's 5th and 95th
/// percentiles), within the key's allowed values.
double input_low(const RangedInput& input);
double input_high(const RangedInput& input);

/// The setting "key=value" of an input, as a design point makes it.
Override input_setting(const RangedInput& input, double value);

/// A design point setting each input to `values[i]` (NaN: left at the scenario's value), base
/// and variant as each input says. Regions' shares, which must sum to 1, are scaled so that
/// the ranged ones together keep the share they hold at the scenario's values.
DesignPoint point_with_values(const std::vector<RangedInput>& inputs, std::size_t index, std::vector<double> values);

/// A design point at quantiles `u` (one per input, in [0, 1]).
DesignPoint point_at(const std::vector<RangedInput>& inputs, std::size_t index, const std::vector<double>& u);

}  // namespace inspectsim
