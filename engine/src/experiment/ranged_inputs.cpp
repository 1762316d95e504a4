// The ranged numbers of a scenario as inputs of a design, and a unit-cube row as their settings.

#include "inspectsim/experiment/ranged_inputs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "inspectsim/scenario/schema.hpp"
#include "inspectsim/stats/sensitivity.hpp"

namespace inspectsim {

namespace {

bool is_named_list(const std::string& word) {
  return word == "regions" || word == "size_classes" || word == "segments" || word == "violations";
}

/// The schema's declaration of a provenance key ("segments.farms.entities" is declared as
/// "segments.*.entities"), or nullptr for a key no --set can reach (the timeline's) or that is
/// no input of the model (a calibration target's published figure).
const KeySpec* declaration_of(const std::string& key) {
  if (key.starts_with("timeline") || key.starts_with("calibration.")) return nullptr;
  const std::size_t first_dot = key.find('.');
  std::string path = key;
  if (first_dot != std::string::npos && is_named_list(key.substr(0, first_dot))) {
    const std::size_t item_end = key.find('.', first_dot + 1);
    if (item_end == std::string::npos) return nullptr;
    path = key.substr(0, first_dot) + ".*" + key.substr(item_end);
  }
  if (const KeySpec* spec = find_key(path)) return spec;
  // A violation type named under a segment's onset_multiplier.
  const std::size_t last_dot = path.rfind('.');
  if (last_dot == std::string::npos) return nullptr;
  return find_key(path.substr(0, last_dot) + ".VIOLATION");
}

RangeShape shape_of(PlausibleRange::Shape shape) {
  switch (shape) {
    case PlausibleRange::Shape::triangular: return RangeShape::triangular;
    case PlausibleRange::Shape::lognormal: return RangeShape::lognormal;
    case PlausibleRange::Shape::uniform: break;
  }
  return RangeShape::uniform;
}

bool varies(const Provenance& p) { return p.spread != Provenance::Spread::fixed; }

/// An input from a provenance entry, or nothing when the number cannot be set by key.
std::optional<RangedInput> input_of(const std::string& key, const Provenance& p) {
  const KeySpec* spec = declaration_of(key);
  if (!spec || (spec->kind != KeyKind::number && spec->kind != KeyKind::integer)) return std::nullopt;
  RangedInput in;
  in.key = key;
  try {
    in.value = std::stod(p.value);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  in.spread = p.spread;
  in.range = p.range;
  in.note = p.note;
  in.where = p.line > 0 ? fmt::format("{}:{}", p.file, p.line) : p.file;
  in.whole_number = spec->kind == KeyKind::integer;
  in.floor = spec->range.lo;
  in.ceiling = spec->range.hi;
  return in;
}

bool same_number(const Provenance& a, const Provenance& b) {
  return a.value == b.value && a.spread == b.spread && a.range.shape == b.range.shape && a.range.low == b.range.low &&
         a.range.high == b.range.high && a.range.mode == b.range.mode && a.range.median == b.range.median;
}

std::string number_text(const RangedInput& input, double value) {
  return input.whole_number ? fmt::format("{:.0f}", value) : fmt::format("{:.17g}", value);
}

/// Whether `key` is the `field` of a region: "regions.north.entity_share".
bool is_region_share(const std::string& key, const std::string& field) {
  return key.starts_with("regions.") && key.ends_with("." + field);
}

/// Regions' shares must sum to 1: the ranged shares of one kind, drawn independently, are scaled
/// so that together they keep the share they hold at the scenario's values (the regions they
/// leave fixed keep theirs). An input left at its value (NaN) takes part at that value.
void keep_region_shares_whole(const std::vector<RangedInput>& inputs, std::vector<double>& values) {
  for (const std::string field : {"entity_share", "inspector_share"}) {
    double at_values = 0, drawn = 0;
    bool any_drawn = false;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!is_region_share(inputs[i].key, field)) continue;
      at_values += inputs[i].value;
      drawn += std::isnan(values[i]) ? inputs[i].value : values[i];
      any_drawn = any_drawn || !std::isnan(values[i]);
    }
    if (!any_drawn || !(drawn > 0)) continue;
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (is_region_share(inputs[i].key, field))
        values[i] = (std::isnan(values[i]) ? inputs[i].value : values[i]) * at_values / drawn;
  }
}

}  // namespace

std::vector<RangedInput> ranged_inputs(const Scenario& base, const Scenario* variant) {
  std::vector<RangedInput> inputs;
  for (const auto& [key, p] : base.provenance) {  // std::map: key order
    if (!varies(p)) continue;
    std::optional<RangedInput> in = input_of(key, p);
    if (!in) continue;
    if (variant) {
      const auto there = variant->provenance.find(key);
      in->in_variant = there != variant->provenance.end() && same_number(p, there->second);
    }
    inputs.push_back(std::move(*in));
  }
  if (!variant) return inputs;
  for (const auto& [key, p] : variant->provenance) {
    if (!varies(p)) continue;
    const auto here = base.provenance.find(key);
    if (here != base.provenance.end() && same_number(here->second, p)) continue;  // shared, listed above
    std::optional<RangedInput> in = input_of(key, p);
    if (!in) continue;
    in->in_base = false;
    in->in_variant = true;
    inputs.push_back(std::move(*in));
  }
  return inputs;
}

double input_value(const RangedInput& input, double u) {
  // Sobol and Morris points may sit on the cube's faces; a quantile needs the open interval.
  constexpr double edge = 1e-9;
  u = std::clamp(u, edge, 1 - edge);
  const PlausibleRange& r = input.range;
  double value = plausible_value(u, shape_of(r.shape), r.low, r.high, r.mode, r.median, input.floor, input.ceiling);
  value = std::clamp(value, input.floor, input.ceiling);
  return input.whole_number ? std::round(value) : value;
}

double input_low(const RangedInput& input) {
  const double low = std::clamp(input.range.low, input.floor, input.ceiling);
  return input.whole_number ? std::round(low) : low;
}

double input_high(const RangedInput& input) {
  const double high = std::clamp(input.range.high, input.floor, input.ceiling);
  return input.whole_number ? std::round(high) : high;
}

Override input_setting(const RangedInput& input, double value) {
  const std::string text = number_text(input, value);
  return {input.key, text,
          fmt::format("a plausible value {}={} (range of the number at {})", input.key, text, input.where)};
}

DesignPoint point_with_values(const std::vector<RangedInput>& inputs, std::size_t index, std::vector<double> values) {
  if (values.size() != inputs.size()) throw std::invalid_argument("point_with_values: one value per input expected");
  keep_region_shares_whole(inputs, values);
  DesignPoint point{index, {}, std::vector<Override>{}};
  bool shared = true;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (std::isnan(values[i])) continue;
    const Override setting = input_setting(inputs[i], values[i]);
    if (inputs[i].in_base) point.settings.push_back(setting);
    if (inputs[i].in_variant) point.variant_settings->push_back(setting);
    shared = shared && inputs[i].in_base && inputs[i].in_variant;
  }
  if (shared) point.variant_settings.reset();
  return point;
}

DesignPoint point_at(const std::vector<RangedInput>& inputs, std::size_t index, const std::vector<double>& u) {
  if (u.size() != inputs.size()) throw std::invalid_argument("point_at: one quantile per input expected");
  std::vector<double> values(u.size());
  for (std::size_t i = 0; i < u.size(); ++i) values[i] = input_value(inputs[i], u[i]);
  return point_with_values(inputs, index, values);
}

}  // namespace inspectsim
