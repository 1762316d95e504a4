// Loads a scenario by applying YAML maps onto a Scenario value: the `extends:` base first,
// then the file itself, then each --set. Every file is read by the same code, so every
// error names the file and line it came from.

#include "inspectsim/scenario/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "inspectsim/scenario/choices.hpp"
#include "inspectsim/scenario/error.hpp"
#include "inspectsim/scenario/schema.hpp"
#include "scenario/keys.hpp"

namespace inspectsim {

namespace fs = std::filesystem;

/// The parsed files of a scenario, bases first, as read once.
struct ScenarioFiles::Documents {
  struct Document {
    std::string path;
    std::string text;  ///< parsed anew for each load: YAML nodes are not shared between loads or threads
  };
  std::string path;
  std::vector<Document> documents;
  std::vector<std::string> input_files;  ///< the file and its bases, the file first
};

namespace {

/// A timeline entry kept as YAML until the base policy is final (a later file may change it).
struct TimelineEntry {
  int year = 1;
  std::optional<int> inspectors;
  std::optional<YAML::Node> policy;
  std::string file;
  SourceLocation where;
};

struct LoadState {
  Scenario scenario;
  std::vector<TimelineEntry> timeline;
  std::map<std::string, SourceLocation> locations;  ///< where each key and named item was last written
};

/// The most files an `extends:` chain may hold: deep enough for any real family of scenarios,
/// shallow enough that loading never runs out of stack.
constexpr std::size_t max_extends_depth = 64;

std::string join(const std::string& path, const std::string& key);

/// Reads one YAML document (or one --set) into the load state.
class Reader {
 public:
  Reader(LoadState& state, std::string file, bool has_marks)
      : state_(state), s_(state.scenario), file_(std::move(file)), has_marks_(has_marks) {}

  void apply_root(const YAML::Node& root);
  void apply_policy(const YAML::Node& node, const std::string& path, Policy& policy);

 private:
  SourceLocation at(const YAML::Node& node) const {
    if (!has_marks_ || !node.IsDefined() || node.Mark().is_null()) return {file_, 0, 0};
    return {file_, node.Mark().line + 1, node.Mark().column + 1};
  }
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key, const std::string& problem) const {
    throw ScenarioError(at(node), key, problem);
  }

  void require_map(const YAML::Node& node, const std::string& path) const;
  /// The schema's path of a key as written: list items become `*`, timeline entries too, and a
  /// timeline entry's policy is checked as `policy`.
  std::string spec_path(const std::string& path) const;
  const KeySpec& spec_of(const std::string& path) const;
  /// Checks `map`'s keys against the schema's keys under `path`.
  void check_keys(const YAML::Node& map, const std::string& path) const;
  void check_keys(const YAML::Node& map, const KeyList& allowed, const std::string& path) const;
  /// `numeric`: the key is a number, so it may carry a plausible range.
  YAML::Node unwrap(const YAML::Node& node, const std::string& path, bool numeric = false);
  PlausibleRange uniform_range(const YAML::Node& node, const std::string& path) const;
  PlausibleRange distribution(const YAML::Node& node, const std::string& path) const;
  double bound(const YAML::Node& node, const std::string& path) const;
  /// Checks a number's stated range against the key and its value, or gives an assumption the
  /// default range.
  void vary(const YAML::Node& raw, const std::string& path, double value, const KeySpec& key,
            const std::string& expected);
  void forget_provenance(const std::string& path);
  std::string scalar_text(const YAML::Node& node, const std::string& path, const char* expected) const;

  double number(const YAML::Node& node, const std::string& path);
  /// A map of names (a violation type, a size class) to numbers, each checked as `path.NAME`.
  void read_named_numbers(const YAML::Node& map, const std::string& path, const char* name_kind,
                          std::map<std::string, double>& out);
  long long integer(const YAML::Node& node, const std::string& path);
  bool boolean(const YAML::Node& node, const std::string& path);
  std::string text(const YAML::Node& node, const std::string& path) const;
  std::string label(const YAML::Node& node, const std::string& path) const;
  std::vector<std::string> names(const YAML::Node& node, const std::string& path);
  /// Reads `map[key]`, if given, into `field`, as the schema's key parent.key says.
  void read(const YAML::Node& map, const std::string& parent, const char* key, double& field);
  void read(const YAML::Node& map, const std::string& parent, const char* key, int& field);
  void read(const YAML::Node& map, const std::string& parent, const char* key, long long& field);
  void read(const YAML::Node& map, const std::string& parent, const char* key, unsigned long long& field);
  void read(const YAML::Node& map, const std::string& parent, const char* key, std::optional<int>& field);
  void read(const YAML::Node& map, const std::string& parent, const char* key, bool& field);
  void read(const YAML::Node& map, const std::string& parent, const char* key, std::string& field);
  void read(const YAML::Node& map, const std::string& parent, const char* key, std::vector<std::string>& field);
  template <typename Enum>
  requires std::is_enum_v<Enum>
  void read(const YAML::Node& map, const std::string& parent, const char* key, Enum& field) {
    if (map[key]) field = choice<Enum>(map[key], join(parent, key));
  }

  /// One of the words ChoiceWords<Enum> declares.
  template <typename Enum>
  Enum choice(const YAML::Node& node, const std::string& path);

  template <typename Item, typename Apply>
  void named_list(const YAML::Node& node, const std::string& path, std::vector<Item>& items, Apply apply);

  void apply_simulation(const YAML::Node& node);
  void apply_size_class(const YAML::Node& node, const std::string& path, SizeClass& c);
  void apply_duration(const YAML::Node& node, const std::string& path, DurationDistribution& d);
  void apply_segment(const YAML::Node& node, const std::string& path, Segment& seg);
  void apply_violation(const YAML::Node& node, const std::string& path, ViolationType& v);
  void apply_inspectorate(const YAML::Node& node);
  void apply_complaints(const YAML::Node& node);
  void apply_sanctions(const YAML::Node& node);
  void apply_calibration(const YAML::Node& node);
  void apply_calibration_targets(const YAML::Node& targets);
  void apply_calibration_free(const YAML::Node& free);
  FreeParameter free_parameter(const YAML::Node& key, const YAML::Node& range);
  void apply_union_inspectorate(const YAML::Node& node);
  void apply_notice(const YAML::Node& node, const std::string& path, NoticePolicy& notice);
  void apply_timeline(const YAML::Node& node);

  LoadState& state_;
  Scenario& s_;
  std::string file_;
  bool has_marks_;
  std::string item_path_;  ///< the list item being read ("segments.micro"), for spec_path
  std::string item_list_;  ///< its list ("segments")
};

bool is_number(const std::string& text) {
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size();
}

std::string join(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

/// What a node holds, for the "found ..." part of a message.
std::string describe(const YAML::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  if (node.IsScalar()) return fmt::format("'{}'", node.Scalar());
  return "nothing";
}

void Reader::require_map(const YAML::Node& node, const std::string& path) const {
  if (!node.IsMap()) fail(node, path, "expected a map of keys, found " + describe(node));
}

std::string Reader::spec_path(const std::string& path) const {
  if (!item_path_.empty() && path.starts_with(item_path_) &&
      (path.size() == item_path_.size() || path[item_path_.size()] == '.'))
    return item_list_ + ".*" + path.substr(item_path_.size());
  if (path.starts_with("calibration.targets[")) return "calibration.targets.*" + path.substr(path.find(']') + 1);
  if (path.starts_with("timeline[") || path.starts_with("timeline(")) {  // "timeline[0]", "timeline(year 3)"
    const std::string rest = path.substr(path.find(path[8] == '[' ? ']' : ')') + 1);
    if (rest == ".policy" || rest.starts_with(".policy.")) return rest.substr(1);
    return "timeline.*" + rest;
  }
  return path;
}

const KeySpec& Reader::spec_of(const std::string& path) const {
  const std::string spec = spec_path(path);
  if (const KeySpec* key = find_key(spec)) return *key;
  // A key the user names (a violation type under onset_multiplier): the capitals child of the
  // declared parent it falls under. The name may hold any character, dots included.
  for (const KeySpec& key : scenario_keys()) {
    const std::size_t dot = key.path.rfind('.');
    if (dot == std::string_view::npos || !std::isupper(static_cast<unsigned char>(key.path[dot + 1]))) continue;
    if (spec.size() > dot + 1 && std::string_view(spec).substr(0, dot + 1) == key.path.substr(0, dot + 1)) return key;
  }
  throw std::logic_error("scenario/schema.cpp declares no key " + spec);
}

void Reader::check_keys(const YAML::Node& map, const std::string& path) const {
  check_keys(map, keys_under(spec_path(path)), path);
}

void Reader::check_keys(const YAML::Node& map, const KeyList& allowed, const std::string& path) const {
  require_map(map, path);
  std::map<std::string, int> seen;  // key -> line, since yaml-cpp keeps duplicate keys silently
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) fail(kv.first, path, "expected a key name, found " + describe(kv.first));
    const std::string key = kv.first.Scalar();
    if (const auto [first, fresh] = seen.emplace(key, at(kv.first).line); !fresh)
      fail(kv.first, join(path, key),
           fmt::format("duplicate key '{}' (first at line {}): expected each key once", key, first->second));
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string problem = fmt::format("unknown key '{}'", key);
    if (const auto near = closest_key(key, allowed); !near.empty())
      problem += fmt::format(" (did you mean '{}'?)", near);
    problem += fmt::format("; expected one of: {}", fmt::join(allowed, ", "));
    fail(kv.first, join(path, key), problem);
  }
}

/// A key set again loses what was said of it and of its sub-keys (a scalar `notice` replaces
/// `notice.complaint`, `notice.planned`, ...).
void Reader::forget_provenance(const std::string& path) {
  auto& provenance = state_.scenario.provenance;
  auto it = provenance.lower_bound(path);
  while (it != provenance.end() && it->first.compare(0, path.size(), path) == 0 &&
         (it->first.size() == path.size() || it->first[path.size()] == '.'))
    it = provenance.erase(it);
}

/// Returns the value of a leaf, unwrapping {value, source|assumption, range|distribution} and
/// recording provenance.
YAML::Node Reader::unwrap(const YAML::Node& node, const std::string& path, bool numeric) {
  Provenance p;
  p.file = file_;
  YAML::Node value = node;
  if (node.IsMap() && node["value"]) {
    check_keys(node, provenance_keys, path);
    value.reset(node["value"]);  // operator= would write through to `node`
    const int said = (node["source"] ? 1 : 0) + (node["assumption"] ? 1 : 0) + (node["calibrated"] ? 1 : 0);
    if (said > 1) fail(node, path, "expected one of 'source', 'assumption' or 'calibrated', not several");
    if (node["source"]) p.kind = Provenance::Kind::source, p.note = text(node["source"], join(path, "source"));
    if (node["assumption"])
      p.kind = Provenance::Kind::assumption, p.note = text(node["assumption"], join(path, "assumption"));
    if (node["calibrated"])
      p.kind = Provenance::Kind::calibrated, p.note = text(node["calibrated"], join(path, "calibrated"));
    if (node["range"] && node["distribution"])
      fail(node["distribution"], join(path, "distribution"), "expected either 'range' or 'distribution', not both");
    const char* stated = node["range"] ? "range" : node["distribution"] ? "distribution" : nullptr;
    if (stated) {
      if (!numeric)
        fail(node[stated], join(path, stated),
             "found a plausible range on a key that is not a number: expected ranges on numbers only");
      if (p.kind == Provenance::Kind::unannotated)
        fail(node[stated], join(path, stated),
             "found a range without its reason: expected 'source', 'assumption' or 'calibrated' beside it");
      p.range = node["range"] ? uniform_range(node["range"], join(path, "range"))
                              : distribution(node["distribution"], join(path, "distribution"));
      p.spread = Provenance::Spread::ranged;
    }
  }
  p.value = value.IsScalar() ? value.Scalar() : YAML::Dump(value);
  state_.locations[path] = at(node);
  p.line = state_.locations[path].line;
  p.column = state_.locations[path].column;
  forget_provenance(path);
  // Bare numbers are listed so reports can flag them; bare words (gamma, prior) are choices, not data.
  if (p.kind != Provenance::Kind::unannotated || is_number(p.value)) state_.scenario.provenance[path] = p;
  return value;
}

double Reader::bound(const YAML::Node& node, const std::string& path) const {
  const std::string found = scalar_text(node, path, "a number");
  double x = 0;
  try {
    x = node.as<double>();
  } catch (const YAML::Exception&) {
    fail(node, path, fmt::format("expected a number, found '{}'", found));
  }
  if (!std::isfinite(x)) fail(node, path, fmt::format("expected a finite number, found '{}'", found));
  return x;
}

/// `range: [low, high]`: uniform between the two.
PlausibleRange Reader::uniform_range(const YAML::Node& node, const std::string& path) const {
  if (!node.IsSequence() || node.size() != 2)
    fail(node, path, fmt::format("expected [low, high], two numbers, found {}", describe(node)));
  PlausibleRange r{PlausibleRange::Shape::uniform, bound(node[0], path), bound(node[1], path)};
  if (r.low > r.high)
    fail(node, path, fmt::format("expected [low, high] with low <= high, found [{}, {}]", r.low, r.high));
  return r;
}

/// `distribution: {shape: uniform | triangular | lognormal, ...}`.
PlausibleRange Reader::distribution(const YAML::Node& node, const std::string& path) const {
  using Shape = PlausibleRange::Shape;
  require_map(node, path);
  const std::string expected_shape = expected_words<Shape>();
  if (!node["shape"]) fail(node, join(path, "shape"), fmt::format("missing: expected a shape, {}", expected_shape));
  const std::string word = text(node["shape"], join(path, "shape"));
  const std::optional<Shape> shape = choice_of<Shape>(word);
  if (!shape) fail(node["shape"], join(path, "shape"), fmt::format("expected {}, found '{}'", expected_shape, word));
  const KeyList& keys = *shape == Shape::uniform      ? uniform_keys
                        : *shape == Shape::triangular ? triangular_keys
                                                      : lognormal_keys;
  check_keys(node, keys, path);
  const auto field = [&](const char* key) {
    if (!node[key])
      fail(node, join(path, key),
           fmt::format("missing: expected a {} distribution to give {}", word, fmt::join(keys, ", ")));
    return bound(node[key], join(path, key));
  };
  PlausibleRange r{*shape};
  if (*shape == Shape::lognormal) {
    r.median = field("median"), r.low = field("p05"), r.high = field("p95");
    if (!(0 < r.low && r.low < r.median && r.median < r.high))
      fail(node, path,
           fmt::format("expected 0 < p05 < median < p95, found p05 {}, median {}, p95 {}", r.low, r.median, r.high));
    const double middle = std::sqrt(r.low * r.high);  // a lognormal's 90% interval is symmetric on a log scale
    if (std::abs(r.median / middle - 1) > 0.05)
      fail(node["median"], join(path, "median"),
           fmt::format(
               "expected a median within 5% of sqrt(p05 x p95) = {:.4g} (a lognormal's interval is symmetric on a "
               "log scale), found {}",
               middle, r.median));
    return r;
  }
  r.low = field("low"), r.high = field("high");
  if (*shape == Shape::triangular) r.mode = field("mode");
  const bool ordered = *shape == Shape::triangular ? r.low <= r.mode && r.mode <= r.high : r.low <= r.high;
  if (!ordered)
    fail(node, path,
         *shape == Shape::triangular
             ? fmt::format("expected low <= mode <= high, found low {}, mode {}, high {}", r.low, r.mode, r.high)
             : fmt::format("expected low <= high, found low {}, high {}", r.low, r.high));
  return r;
}

bool allows(const NumberRange& range, double x) {
  const bool below = range.lo_open ? !(x > range.lo) : !(x >= range.lo);
  return std::isfinite(x) && !below && x <= range.hi;
}

/// Run settings (years, replications, seed) and a timeline entry's year are chosen, not uncertain.
bool is_setting(const KeySpec& key) { return key.path.starts_with("simulation.") || key.path == "timeline.*.year"; }

/// x0.5 to x1.5 of the value, uniform, within the key's allowed values.
PlausibleRange default_range(double value, const NumberRange& allowed) {
  double low = value * default_range_low_factor, high = value * default_range_high_factor;
  if (low > high) std::swap(low, high);
  return {PlausibleRange::Shape::uniform, std::max(low, allowed.lo), std::min(high, allowed.hi)};
}

void Reader::vary(const YAML::Node& raw, const std::string& path, double value, const KeySpec& key,
                  const std::string& expected) {
  const auto it = state_.scenario.provenance.find(path);
  if (it == state_.scenario.provenance.end()) return;
  Provenance& p = it->second;
  if (p.spread == Provenance::Spread::ranged) {
    const char* stated = raw["range"] ? "range" : "distribution";
    const YAML::Node where = raw[stated];
    const std::string at_key = join(path, stated);
    const std::string found = fmt::format("[{}, {}]", p.range.low, p.range.high);
    if (is_setting(key))
      fail(where, at_key,
           fmt::format(
               "found the range {} on a setting of the run: expected no range (a setting is chosen, not uncertain)",
               found));
    if (!allows(key.range, p.range.low) || !allows(key.range, p.range.high))
      fail(where, at_key, fmt::format("expected a range within the key's values, {}, found {}", expected, found));
    if (value < p.range.low || value > p.range.high)
      fail(where, at_key, fmt::format("expected a range that holds the value {}, found {}", value, found));
    return;
  }
  if (p.kind == Provenance::Kind::assumption && !is_setting(key)) {
    p.spread = Provenance::Spread::defaulted;
    p.range = default_range(value, key.range);
  }
}

std::string Reader::scalar_text(const YAML::Node& node, const std::string& path, const char* expected) const {
  if (!node.IsScalar())
    fail(node, path,
         fmt::format("expected {}, found a {}", expected,
                     node.IsMap()        ? "map"
                     : node.IsSequence() ? "list"
                                         : "null"));
  return node.Scalar();
}

/// The schema's key for `path`, which must be declared of `kind` (a mismatch is a bug here).
const KeySpec& declared(const KeySpec& key, KeyKind kind) {
  if (key.kind != kind)
    throw std::logic_error(fmt::format("scenario/schema.cpp declares {} as another kind", key.path));
  return key;
}

double Reader::number(const YAML::Node& raw, const std::string& path) {
  const KeySpec& key = declared(spec_of(path), KeyKind::number);
  const NumberRange& range = key.range;
  const YAML::Node node = unwrap(raw, path, true);
  const std::string found = scalar_text(node, path, range.expected);
  double value = 0;
  try {
    value = node.as<double>();
  } catch (const YAML::Exception&) {
    fail(node, path, fmt::format("expected {}, found '{}'", range.expected, found));
  }
  if (!allows(range, value)) fail(node, path, fmt::format("expected {}, found '{}'", range.expected, found));
  vary(raw, path, value, key, range.expected);
  return value;
}

void Reader::read_named_numbers(const YAML::Node& map, const std::string& path, const char* name_kind,
                                std::map<std::string, double>& out) {
  require_map(map, path);
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) fail(kv.first, path, fmt::format("expected {}, found {}", name_kind, describe(kv.first)));
    out[kv.first.Scalar()] = number(kv.second, join(path, kv.first.Scalar()));
  }
}

long long Reader::integer(const YAML::Node& raw, const std::string& path) {
  const KeySpec& key = declared(spec_of(path), KeyKind::integer);
  const NumberRange& range = key.range;
  const auto lo = static_cast<long long>(range.lo), hi = static_cast<long long>(range.hi);
  const YAML::Node node = unwrap(raw, path, true);
  const std::string expected = fmt::format("a whole number in [{}, {}]", lo, hi);
  const std::string found = scalar_text(node, path, expected.c_str());
  long long value = 0;
  try {
    value = node.as<long long>();
  } catch (const YAML::Exception&) {
    fail(node, path, fmt::format("expected {}, found '{}'", expected, found));
  }
  if (value < lo || value > hi) fail(node, path, fmt::format("expected {}, found '{}'", expected, found));
  vary(raw, path, static_cast<double>(value), key, expected);
  return value;
}

bool Reader::boolean(const YAML::Node& raw, const std::string& path) {
  const YAML::Node node = unwrap(raw, path);
  const std::string found = scalar_text(node, path, "true or false");
  try {
    return node.as<bool>();
  } catch (const YAML::Exception&) {
    fail(node, path, fmt::format("expected true or false, found '{}'", found));
  }
}

std::string Reader::text(const YAML::Node& node, const std::string& path) const {
  return scalar_text(node, path, "text");
}

/// Where `text` holds a control character (a C0 or C1 code, DEL), which would let a name
/// rewrite the user's terminal through an escape sequence; npos when it holds none.
std::size_t control_character_at(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return i;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F &&
        static_cast<unsigned char>(text[i + 1]) >= 0x80)
      return i;  // U+0080..U+009F in UTF-8
  }
  return std::string::npos;
}

/// A name or title: text printed in reports and on the terminal, so without control characters.
std::string Reader::label(const YAML::Node& node, const std::string& path) const {
  std::string value = text(node, path);
  if (const std::size_t at = control_character_at(value); at != std::string::npos)
    fail(node, path,
         fmt::format("expected a name without control characters (they can rewrite a terminal), found byte 0x{:02X} "
                     "at position {}",
                     static_cast<unsigned char>(value[at]), at + 1));
  return value;
}

std::vector<std::string> Reader::names(const YAML::Node& raw, const std::string& path) {
  const YAML::Node node = unwrap(raw, path);
  if (node.IsNull()) return {};
  if (!node.IsSequence()) fail(node, path, "expected a list of names, e.g. [micro, small], found " + describe(node));
  std::vector<std::string> out;
  for (const auto& item : node) out.push_back(label(item, path));
  return out;
}

void Reader::read(const YAML::Node& map, const std::string& parent, const char* key, double& field) {
  if (map[key]) field = number(map[key], join(parent, key));
}

void Reader::read(const YAML::Node& map, const std::string& parent, const char* key, int& field) {
  if (map[key]) field = static_cast<int>(integer(map[key], join(parent, key)));
}

void Reader::read(const YAML::Node& map, const std::string& parent, const char* key, long long& field) {
  if (map[key]) field = integer(map[key], join(parent, key));
}

void Reader::read(const YAML::Node& map, const std::string& parent, const char* key, unsigned long long& field) {
  if (map[key]) field = static_cast<unsigned long long>(integer(map[key], join(parent, key)));
}

void Reader::read(const YAML::Node& map, const std::string& parent, const char* key, std::optional<int>& field) {
  if (map[key]) field = static_cast<int>(integer(map[key], join(parent, key)));
}

void Reader::read(const YAML::Node& map, const std::string& parent, const char* key, bool& field) {
  if (map[key]) field = boolean(map[key], join(parent, key));
}

void Reader::read(const YAML::Node& map, const std::string& parent, const char* key, std::string& field) {
  if (!map[key]) return;
  const std::string path = join(parent, key);
  field = spec_of(path).kind == KeyKind::label ? label(map[key], path) : text(map[key], path);
}

void Reader::read(const YAML::Node& map, const std::string& parent, const char* key, std::vector<std::string>& field) {
  if (map[key]) field = names(map[key], join(parent, key));
}

template <typename Enum>
Enum Reader::choice(const YAML::Node& raw, const std::string& path) {
  const YAML::Node node = unwrap(raw, path);
  const std::string expected = expected_words<Enum>();
  const std::string word = scalar_text(node, path, expected.c_str());
  if (const std::optional<Enum> value = choice_of<Enum>(word)) return *value;
  fail(node, path, fmt::format("expected {}, found '{}'", expected, word));
}

/// Lists of named items merge by name: a known name is updated, a new one appended.
template <typename Item, typename Apply>
void Reader::named_list(const YAML::Node& node, const std::string& path, std::vector<Item>& items, Apply apply) {
  if (!node.IsSequence()) fail(node, path, "expected a list of items, each with a 'name', found " + describe(node));
  state_.locations[path] = at(node);
  std::unordered_map<std::string, int> seen;  // name -> line: a name twice in one list is a mistake, not a merge
  std::unordered_map<std::string, std::size_t> index;  // name -> position in items (a list may hold 10^5)
  for (std::size_t i = 0; i < items.size(); ++i) index.emplace(items[i].name, i);
  for (const auto& entry : node) {
    check_keys(entry, path);
    if (!entry["name"]) fail(entry, path, "missing: expected each item to have a 'name'");
    const std::string name = label(entry["name"], join(path, "name"));
    if (const auto [first, fresh] = seen.emplace(name, at(entry).line); !fresh)
      fail(entry, join(path, name),
           fmt::format("duplicate name '{}' (first at line {}): expected each name once in {}", name, first->second,
                       path));
    const auto [position, added] = index.emplace(name, items.size());
    if (added) {
      items.push_back(Item{});
      items.back().name = name;
    }
    state_.locations[join(path, name)] = at(entry);
    item_path_ = join(path, name);
    item_list_ = path;
    apply(entry, item_path_, items[position->second]);
    item_path_.clear();
  }
}

void Reader::apply_root(const YAML::Node& root) {
  check_keys(root, "");
  read(root, "", "name", s_.name);
  read(root, "", "title", s_.title);
  read(root, "", "country", s_.country);
  read(root, "", "description", s_.description);
  read(root, "", "employed", s_.employed);
  if (root["simulation"]) apply_simulation(root["simulation"]);
  if (root["regions"])
    named_list(root["regions"], "regions", s_.regions, [&](const YAML::Node& n, const std::string& p, Region& r) {
      read(n, p, "entity_share", r.entity_share);
      read(n, p, "inspector_share", r.inspector_share);
    });
  if (root["size_classes"])
    named_list(root["size_classes"], "size_classes", s_.size_classes,
               [&](const YAML::Node& n, const std::string& p, SizeClass& c) { apply_size_class(n, p, c); });
  if (root["segments"])
    named_list(root["segments"], "segments", s_.segments,
               [&](const YAML::Node& n, const std::string& p, Segment& seg) { apply_segment(n, p, seg); });
  if (root["violations"])
    named_list(root["violations"], "violations", s_.violations,
               [&](const YAML::Node& n, const std::string& p, ViolationType& v) { apply_violation(n, p, v); });
  if (root["inspectorate"]) apply_inspectorate(root["inspectorate"]);
  if (root["complaints"]) apply_complaints(root["complaints"]);
  if (root["sanctions"]) apply_sanctions(root["sanctions"]);
  if (root["calibration"]) apply_calibration(root["calibration"]);
  if (root["union_inspectorate"]) apply_union_inspectorate(root["union_inspectorate"]);
  if (root["policy"]) apply_policy(root["policy"], "policy", s_.base_policy);
  if (root["timeline"]) apply_timeline(root["timeline"]);
}

void Reader::apply_simulation(const YAML::Node& node) {
  check_keys(node, "simulation");
  Simulation& sim = s_.simulation;
  read(node, "simulation", "years", sim.years);
  read(node, "simulation", "warmup_years", sim.warmup_years);
  read(node, "simulation", "replications", sim.replications);
  read(node, "simulation", "seed", sim.seed);
  read(node, "simulation", "threads", sim.threads);
}

void Reader::apply_duration(const YAML::Node& node, const std::string& path, DurationDistribution& d) {
  check_keys(node, path);
  read(node, path, "distribution", d.shape);
  read(node, path, "mean", d.mean_days);
  read(node, path, "cv", d.cv);
}

void Reader::apply_size_class(const YAML::Node& node, const std::string& path, SizeClass& c) {
  if (node["inspection_days"])
    apply_duration(node["inspection_days"], join(path, "inspection_days"), c.inspection_days);
}

void Reader::apply_segment(const YAML::Node& node, const std::string& path, Segment& seg) {
  read(node, path, "sector", seg.sector);
  read(node, path, "size_class", seg.size_class);
  read(node, path, "entities", seg.entities);
  read(node, path, "workers_per_entity", seg.workers_per_entity);
  read(node, path, "risk", seg.risk);
  read(node, path, "migrant_share", seg.migrant_share);
  if (node["onset_multiplier"])
    read_named_numbers(node["onset_multiplier"], join(path, "onset_multiplier"), "a violation type",
                       seg.onset_multiplier);
}

void Reader::apply_violation(const YAML::Node& node, const std::string& path, ViolationType& v) {
  read(node, path, "onset_rate_per_year", v.onset_rate_per_year);
  read(node, path, "mean_duration_days", v.mean_duration_days);
  read(node, path, "exposed_share", v.exposed_share);
  read(node, path, "detection_probability", v.detection_probability);
  read(node, path, "concealability", v.concealability);
  read(node, path, "complaint_weight", v.complaint_weight);
  read(node, path, "breaches_per_find", v.breaches_per_find);
  read(node, path, "severity", v.severity);
  read(node, path, "specific_deterrence_reduction", v.specific_deterrence_reduction);
}

void Reader::apply_inspectorate(const YAML::Node& node) {
  check_keys(node, "inspectorate");
  Inspectorate& i = s_.inspectorate;
  read(node, "inspectorate", "inspectors", s_.base_policy.inspectors);  // staffing is a policy lever
  read(node, "inspectorate", "working_days_per_year", i.working_days_per_year);
  read(node, "inspectorate", "inspection_time_share", i.inspection_time_share);
  read(node, "inspectorate", "travel_days", i.travel_days);
  read(node, "inspectorate", "fatigue_per_earlier_visit", i.fatigue_per_earlier_visit);
}

void Reader::apply_complaints(const YAML::Node& node) {
  check_keys(node, "complaints");
  read(node, "complaints", "awareness", s_.complaints.awareness);
  read(node, "complaints", "rate_per_exposed_worker_year", s_.complaints.rate_per_exposed_worker_year);
  read(node, "complaints", "unfounded_rate_per_entity_year", s_.complaints.unfounded_rate_per_entity_year);
  read(node, "complaints", "triage_share", s_.complaints.triage_share);
  read(node, "complaints", "scope", s_.complaints.scope);
  read(node, "complaints", "visit_length_factor", s_.complaints.visit_length_factor);
  read(node, "complaints", "retaliation_fear", s_.complaints.retaliation_fear);
  read(node, "complaints", "retaliation_fear_announced", s_.complaints.retaliation_fear_announced);
  read(node, "complaints", "retaliation_fear_migrant", s_.complaints.retaliation_fear_migrant);
  read(node, "complaints", "credibility_elasticity", s_.complaints.credibility_elasticity);
  read(node, "complaints", "credibility_reference", s_.complaints.credibility_reference);
}

void Reader::apply_sanctions(const YAML::Node& node) {
  check_keys(node, "sanctions");
  Sanctions& s = s_.sanctions;
  read(node, "sanctions", "order_compliance_probability", s.order_compliance_probability);
  read(node, "sanctions", "remediation_days", s.remediation_days);
  read(node, "sanctions", "fine_probability", s.fine_probability);
  read(node, "sanctions", "fine_basis", s.fine_basis);
  read(node, "sanctions", "unreported_find_probability", s.unreported_find_probability);
  read(node, "sanctions", "follow_up", s.follow_up);
  read(node, "sanctions", "follow_up_days", s.follow_up_days);
  if (const YAML::Node d = node["specific_deterrence"]) {
    check_keys(d, "sanctions.specific_deterrence");
    read(d, "sanctions.specific_deterrence", "reduction", s.specific_deterrence_reduction);
    read(d, "sanctions.specific_deterrence", "years", s.specific_deterrence_years);
    read(d, "sanctions.specific_deterrence", "after", s.specific_deterrence_after);
  }
  if (const YAML::Node g = node["general_deterrence"]) {
    const std::string path = "sanctions.general_deterrence";
    check_keys(g, path);
    read(g, path, "elasticity", s.general_deterrence_elasticity);
    read(g, path, "publicity_visits_per_fine", s.publicity_visits_per_fine);
    if (const YAML::Node r = g["reference_visits_per_entity_year"])
      read_named_numbers(r, join(path, "reference_visits_per_entity_year"), "a size class",
                         s.general_deterrence_reference);
  }
}

void Reader::apply_notice(const YAML::Node& node, const std::string& path, NoticePolicy& n) {
  if (node.IsScalar() || (node.IsMap() && node["value"])) {  // one mode for every kind of visit
    n.complaint = n.planned = n.follow_up = choice<NoticeMode>(node, path);
    return;
  }
  check_keys(node, path);
  read(node, path, "complaint", n.complaint);
  read(node, path, "planned", n.planned);
  read(node, path, "follow_up", n.follow_up);
  read(node, path, "days", n.days);
  read(node, path, "remediation_probability", n.remediation_probability);
  read(node, path, "consent_required", n.consent_required);
  read(node, path, "consent_refusal_probability", n.consent_refusal_probability);
  read(node, path, "consent_delay_days", n.consent_delay_days);
}

void Reader::apply_policy(const YAML::Node& node, const std::string& path, Policy& p) {
  check_keys(node, path);
  if (node["notice"]) apply_notice(node["notice"], join(path, "notice"), p.notice);
  read(node, path, "exempt_size_classes", p.exempt_size_classes);
  read(node, path, "exempt_sectors", p.exempt_sectors);
  read(node, path, "complaints_override_exemption", p.complaints_override_exemption);
  if (const YAML::Node m = node["moratorium"]) {
    const std::string mp = join(path, "moratorium");
    check_keys(m, mp);
    read(m, mp, "active", p.moratorium.active);
    read(m, mp, "size_classes", p.moratorium.size_classes);
    read(m, mp, "sectors", p.moratorium.sectors);
    read(m, mp, "complaints_override", p.moratorium.complaints_override);
  }
  if (const YAML::Node plan = node["plan"]) {
    const std::string pp = join(path, "plan");
    check_keys(plan, pp);
    read(plan, pp, "mode", p.plan.mode);
    read(plan, pp, "inspections_per_inspector_per_year", p.plan.inspections_per_inspector_per_year);
    read(plan, pp, "targeting", p.plan.targeting);
    read(plan, pp, "history_weight", p.plan.history_weight);
    read(plan, pp, "sampling", p.plan.sampling);
    read(plan, pp, "pacing", p.plan.pacing);
  }
}

void Reader::apply_union_inspectorate(const YAML::Node& node) {
  const std::string path = "union_inspectorate";
  check_keys(node, path);
  UnionInspectorate& u = s_.union_inspectorate;
  read(node, path, "inspectors", u.inspectors);
  read(node, path, "visits_per_inspector_per_year", u.visits_per_inspector_per_year);
  read(node, path, "detection_factor", u.detection_factor);
  read(node, path, "referral_probability", u.referral_probability);
  read(node, path, "sectors", u.sectors);
}

void Reader::apply_calibration(const YAML::Node& node) {
  check_keys(node, "calibration");
  if (node["targets"]) apply_calibration_targets(node["targets"]);
  if (node["free"]) apply_calibration_free(node["free"]);
}

/// The schema's declaration of a key as --set names it ("inspectors", "segments.micro.entities",
/// "segments.micro.onset_multiplier.forced_labour"), or nullptr.
const KeySpec* declaration_of_set_key(const std::string& key) {
  if (key == "inspectors") return find_key("inspectorate.inspectors");
  std::string path = key;
  const std::size_t first_dot = key.find('.');
  if (first_dot != std::string::npos && is_named_list(key.substr(0, first_dot))) {
    const std::size_t item_end = key.find('.', first_dot + 1);
    if (item_end == std::string::npos) return nullptr;
    path = key.substr(0, first_dot) + ".*" + key.substr(item_end);
  }
  if (path.starts_with("calibration") || path.starts_with("timeline") || path.starts_with("simulation"))
    return nullptr;  // what a fit may move is the country and its rules, not the run or its targets
  if (const KeySpec* spec = find_key(path)) return spec;
  const std::size_t last_dot = path.rfind('.');
  if (last_dot == std::string::npos) return nullptr;
  for (const char* named : {".VIOLATION", ".SIZE_CLASS"})
    if (const KeySpec* spec = find_key(path.substr(0, last_dot) + named)) return spec;
  return nullptr;
}

FreeParameter Reader::free_parameter(const YAML::Node& key_node, const YAML::Node& range) {
  const std::string key = scalar_text(key_node, "calibration.free", "a key as --set names it");
  const std::string path = join("calibration.free", key);
  const KeySpec* spec = declaration_of_set_key(key);
  if (!spec)
    fail(key_node, path,
         fmt::format("unknown free key '{}': expected a number of the scenario as --set names it, e.g. "
                     "inspectorate.inspection_time_share or violations.NAME.detection_probability",
                     key));
  if (spec->kind != KeyKind::number && spec->kind != KeyKind::integer)
    fail(key_node, path, fmt::format("free key '{}' is not a number: expected a number to fit", key));
  const PlausibleRange r = uniform_range(range, path);
  const std::string expected = spec->kind == KeyKind::number
                                   ? spec->range.expected
                                   : fmt::format("a whole number in [{}, {}]", spec->range.lo, spec->range.hi);
  if (!allows(spec->range, r.low) || !allows(spec->range, r.high))
    fail(range, path,
         fmt::format("expected a range within the key's values, {}, found [{}, {}]", expected, r.low, r.high));
  const SourceLocation where = at(key_node);
  return {key, r.low, r.high, spec->kind == KeyKind::integer, where.file, where.line, where.column};
}

/// `free: {KEY: [low, high], ...}`: a later file's list replaces the earlier one whole.
void Reader::apply_calibration_free(const YAML::Node& free) {
  require_map(free, "calibration.free");
  s_.calibration_free.clear();
  for (const auto& kv : free) s_.calibration_free.push_back(free_parameter(kv.first, kv.second));
}

void Reader::apply_calibration_targets(const YAML::Node& targets) {
  if (!targets.IsSequence())
    fail(targets, "calibration.targets", "expected a list of published figures, found " + describe(targets));
  // A later file's targets replace the earlier ones whole, with their provenance.
  s_.calibration.clear();
  std::erase_if(s_.provenance, [](const auto& kv) { return kv.first.starts_with("calibration.targets["); });
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const YAML::Node entry = targets[i];
    const std::string path = fmt::format("calibration.targets[{}]", i);
    check_keys(entry, path);
    for (const char* required : {"metric", "published"})
      if (!entry[required])
        fail(entry, join(path, required), "missing: expected each target to have a 'metric' and a 'published' figure");
    CalibrationTarget t;
    read(entry, path, "metric", t.metric);
    read(entry, path, "published", t.published);
    read(entry, path, "year", t.year);
    read(entry, path, "tolerance", t.tolerance);
    // A target's year and tolerance say how to read the figure, not what the country is: they
    // are kept out of the provenance of the scenario's numbers.
    s_.provenance.erase(join(path, "year"));
    s_.provenance.erase(join(path, "tolerance"));
    t.source = s_.provenance[join(path, "published")].note;
    const SourceLocation where = at(entry["metric"]);
    t.file = where.file;
    t.line = where.line;
    t.column = where.column;
    s_.calibration.push_back(t);
  }
}

void Reader::apply_timeline(const YAML::Node& node) {
  if (!node.IsSequence())
    fail(node, "timeline", "expected a list of changes, each with a 'year', found " + describe(node));
  state_.timeline.clear();  // a later file's timeline replaces the earlier one whole, with its provenance
  std::erase_if(state_.scenario.provenance, [](const auto& kv) { return kv.first.rfind("timeline[", 0) == 0; });
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node entry = node[i];
    const std::string path = fmt::format("timeline[{}]", i);
    check_keys(entry, path);
    if (!entry["year"])
      fail(entry, path, "missing: expected each change to have a 'year' (the measured year it starts, from 1)");
    TimelineEntry t;
    t.year = static_cast<int>(integer(entry["year"], join(path, "year")));
    read(entry, path, "inspectors", t.inspectors);
    if (entry["policy"]) t.policy = entry["policy"];
    t.file = file_;
    t.where = at(entry);
    state_.timeline.push_back(t);
  }
}

// ---- files, overrides, final checks ----------------------------------------------------

/// Runs `read`, turning a stray yaml-cpp error into a ScenarioError located in `file`.
template <typename Read>
void reading(const std::string& file, Read read) {
  try {
    read();
  } catch (const YAML::Exception& e) {
    throw ScenarioError({file, e.mark.line + 1, e.mark.column + 1}, "", "cannot read this value: " + e.msg);
  }
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf()) || in.bad())
    throw ScenarioError({path, 0, 0}, "", "cannot open the file (does it exist and is it readable?)");
  return text.str();
}

/// Parses a file's text (kept from reading it once); marks give each error its line.
YAML::Node parse_text(const std::string& path, const std::string& text) {
  try {
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ScenarioError({path, e.mark.line + 1, e.mark.column + 1}, "",
                        "YAML syntax error: " + e.msg + " (expected valid YAML)");
  }
}

/// Reads `path` and its bases into `files` (bases first), checking the chain as it goes.
void read_chain(ScenarioFiles::Documents& files, std::vector<std::string>& chain, const std::string& path,
                const SourceLocation& included_from) {
  if (path.find('\0') != std::string::npos)  // the system would read the path only up to it
    throw ScenarioError(included_from.file.empty() ? SourceLocation{path, 0, 0} : included_from,
                        included_from.file.empty() ? "" : "extends",
                        "expected the path of a YAML file, found a NUL character in it");
  if (chain.size() >= max_extends_depth)
    throw ScenarioError(included_from, "extends",
                        fmt::format("expected a chain of at most {} bases, found a longer one (through '{}')",
                                    max_extends_depth, path));
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(fs::path(path), ec);
  const std::string key = canonical.string();
  if (std::find(chain.begin(), chain.end(), key) != chain.end())
    throw ScenarioError(included_from, "extends",
                        fmt::format("expected a chain of bases without cycles, found '{}' extending itself: {} -> {}",
                                    path, fmt::join(chain, " -> "), key));
  const bool top_level = included_from.file.empty();
  if (!fs::exists(canonical))
    throw ScenarioError(top_level ? SourceLocation{path, 0, 0} : included_from, top_level ? "" : "extends",
                        fmt::format("no such scenario file '{}' (expected the path of an existing YAML file)", path));
  if (!fs::is_regular_file(canonical))
    throw ScenarioError(top_level ? SourceLocation{path, 0, 0} : included_from, top_level ? "" : "extends",
                        fmt::format("expected the path of a YAML file, found '{}', which is not a regular file", path));
  chain.push_back(key);
  files.input_files.push_back(path);
  std::string text = read_text(path);
  const YAML::Node root = parse_text(path, text);
  if (!root.IsMap())
    throw ScenarioError({path, 1, 1}, "",
                        "expected a scenario: a map of keys such as name, segments, policy; found " + describe(root));
  if (const YAML::Node ext = root["extends"]) {
    if (!ext.IsScalar())
      throw ScenarioError({path, ext.Mark().line + 1, ext.Mark().column + 1}, "extends",
                          "expected the path of a base scenario");
    const fs::path base = fs::path(path).parent_path() / ext.Scalar();
    read_chain(files, chain, base.string(), {path, ext.Mark().line + 1, ext.Mark().column + 1});
  }
  files.documents.push_back({path, std::move(text)});
  chain.pop_back();
}

/// Turns `a.b.c=v` into the YAML map {a: {b: {c: v}}}; lists of named items take the name
/// as the next segment: `segments.micro.entities=5` is {segments: [{name: micro, entities: 5}]}.
YAML::Node override_node(const Override& o) {
  // `inspectors` is short for the total staff, the key sweeps vary most.
  const std::string key = o.key == "inspectors" ? "inspectorate.inspectors" : o.key;
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  YAML::Node value;
  try {
    value.reset(YAML::Load(o.value));
  } catch (const YAML::Exception& e) {
    throw ScenarioError({o.where(), 0, 0}, o.key, "the value is not valid YAML: " + e.msg);
  }
  for (std::size_t i = parts.size(); i-- > 0;) {
    const bool named_item = i >= 1 && is_named_list(parts[i - 1]) && (i == 1);
    YAML::Node wrapper;
    if (named_item) {
      wrapper["name"] = parts[i];
      if (!value.IsMap())
        throw ScenarioError(
            {o.where(), 0, 0}, o.key,
            fmt::format("name a field of '{}', e.g. {}.{}.<field>=VALUE", parts[i], parts[i - 1], parts[i]));
      for (const auto& kv : value) wrapper[kv.first] = kv.second;
      YAML::Node list;
      list.push_back(wrapper);
      value.reset(list);
      continue;
    }
    wrapper[parts[i]] = value;
    value.reset(wrapper);
  }
  return value;
}

/// Where a key was written: the key itself, else its nearest written parent, else the file.
SourceLocation location_of(const LoadState& state, std::string key) {
  while (true) {
    if (const auto it = state.locations.find(key); it != state.locations.end()) return it->second;
    const std::size_t dot = key.rfind('.');
    if (dot == std::string::npos) return {state.scenario.file, 0, 0};
    key.resize(dot);
  }
}

template <typename Item>
std::string names_of(const std::vector<Item>& items) {
  std::vector<std::string> names;
  for (const Item& i : items) names.push_back(i.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

template <typename Item>
bool has_name(const std::vector<Item>& items, const std::string& name) {
  return std::any_of(items.begin(), items.end(), [&](const Item& i) { return i.name == name; });
}

/// " (did you mean 'X'?)" when `name` is a likely misspelling of an item's name.
template <typename Item>
std::string did_you_mean(const std::vector<Item>& items, const std::string& name) {
  KeyList names;
  for (const Item& i : items) names.push_back(i.name);
  const std::string_view near = closest_key(name, names);
  return near.empty() ? "" : fmt::format(" (did you mean '{}'?)", near);
}

void check_size_classes_exist(const LoadState& state, const std::vector<std::string>& names, const std::string& key) {
  const Scenario& s = state.scenario;
  for (const std::string& n : names)
    if (!has_name(s.size_classes, n))
      throw ScenarioError(location_of(state, key), key,
                          fmt::format("unknown size class '{}'{}: expected one of {}", n,
                                      did_you_mean(s.size_classes, n), names_of(s.size_classes)));
}

void check_sectors_exist(const LoadState& state, const std::vector<std::string>& names, const std::string& key) {
  std::vector<std::string> sectors;  // in order of first appearance, for the message
  std::unordered_set<std::string> known;
  for (const Segment& seg : state.scenario.segments)
    if (known.insert(seg.sector).second) sectors.push_back(seg.sector);
  for (const std::string& n : names)
    if (!known.count(n))
      throw ScenarioError(location_of(state, key), key,
                          fmt::format("unknown sector '{}': expected a sector of some segment, one of [{}]", n,
                                      fmt::join(sectors, ", ")));
}

/// A stated reference for general deterrence names every size class, and only size classes.
void check_deterrence_reference(const LoadState& state) {
  const Scenario& s = state.scenario;
  const auto& reference = s.sanctions.general_deterrence_reference;
  if (reference.empty()) return;
  const std::string key = "sanctions.general_deterrence.reference_visits_per_entity_year";
  for (const auto& [name, rate] : reference)
    if (!has_name(s.size_classes, name))
      throw ScenarioError(location_of(state, key + "." + name), key + "." + name,
                          fmt::format("unknown size class '{}'{}: expected one of {}", name,
                                      did_you_mean(s.size_classes, name), names_of(s.size_classes)));
  for (const SizeClass& c : s.size_classes)  // pointed at the first rate given: the map has no location of its own
    if (!reference.count(c.name))
      throw ScenarioError(location_of(state, key + "." + reference.begin()->first), key,
                          fmt::format("missing size class '{}': expected a reference rate for every size class: {}",
                                      c.name, names_of(s.size_classes)));
}

void check_shares_sum(const LoadState& state, double Region::*field, const char* name) {
  double sum = 0;
  for (const Region& r : state.scenario.regions) sum += r.*field;
  if (std::abs(sum - 1.0) > 1e-6)
    throw ScenarioError(location_of(state, "regions"), fmt::format("regions.*.{}", name),
                        fmt::format("expected shares that sum to 1 over the regions, found {:.6g}", sum));
}

void check_policy(const LoadState& state, const Policy& p, const std::string& path) {
  check_size_classes_exist(state, p.exempt_size_classes, path + ".exempt_size_classes");
  check_size_classes_exist(state, p.moratorium.size_classes, path + ".moratorium.size_classes");
  check_sectors_exist(state, p.exempt_sectors, path + ".exempt_sectors");
  check_sectors_exist(state, p.moratorium.sectors, path + ".moratorium.sectors");
  if (p.plan.sampling == PlanSampling::with_replacement && p.plan.targeting != Targeting::random)
    throw ScenarioError(location_of(state, path + ".plan.sampling"), path + ".plan.sampling",
                        fmt::format("expected targeting: random with sampling: with_replacement (only random draws can "
                                    "repeat), found targeting: {}",
                                    word_of(p.plan.targeting)));
  if (p.plan.mode == PlanMode::capacity && p.plan.pacing == PlanPacing::even)
    throw ScenarioError(location_of(state, path + ".plan.pacing"), path + ".plan.pacing",
                        "expected pacing: asap with mode: capacity (a plan that fills the inspectors' free time has no "
                        "fixed size to spread over the year), found pacing: even");
}

void check_required(const LoadState& state) {
  const Scenario& s = state.scenario;
  // A missing list belongs in the top-level map of the file given, which starts at 1:1.
  const auto list_at = [&](const std::string& key) {
    return state.locations.count(key) ? state.locations.at(key) : SourceLocation{s.file, 1, 1};
  };
  if (s.size_classes.empty())
    throw ScenarioError(list_at("size_classes"), "size_classes", "missing: expected at least one size class");
  if (s.segments.empty())
    throw ScenarioError(list_at("segments"), "segments", "missing: expected at least one segment");
  if (s.violations.empty())
    throw ScenarioError(list_at("violations"), "violations", "missing: expected at least one violation type");
  if (s.violations.size() > static_cast<std::size_t>(max_violation_types))
    throw ScenarioError(
        list_at("violations"), "violations",
        fmt::format("found {} violation types, expected at most {}", s.violations.size(), max_violation_types));
  for (const ViolationType& v : s.violations) {
    const std::string key = "violations." + v.name;
    if (!state.locations.count(key + ".onset_rate_per_year"))
      throw ScenarioError(location_of(state, key), key + ".onset_rate_per_year",
                          "missing: expected the onset rate per entity-year, a number >= 0");
  }
  for (const Segment& seg : s.segments) {
    const std::string key = "segments." + seg.name;
    if (seg.size_class.empty())
      throw ScenarioError(location_of(state, key), key + ".size_class",
                          fmt::format("missing: expected a size_class, one of {}", names_of(s.size_classes)));
    check_size_classes_exist(state, {seg.size_class}, key + ".size_class");
    if (!state.locations.count(key + ".entities"))
      throw ScenarioError(location_of(state, key), key + ".entities",
                          "missing: expected the number of entities, a whole number >= 0");
    for (const auto& [type, factor] : seg.onset_multiplier) {
      const std::string at = key + ".onset_multiplier." + type;
      if (!has_name(s.violations, type))
        throw ScenarioError(location_of(state, at), at,
                            fmt::format("unknown violation type '{}'{}: expected one of {}", type,
                                        did_you_mean(s.violations, type), names_of(s.violations)));
    }
  }
}

void finalize(LoadState& state) {
  Scenario& s = state.scenario;
  if (s.regions.empty()) s.regions.push_back(Region{"national", 1.0, 1.0});
  check_shares_sum(state, &Region::entity_share, "entity_share");
  check_shares_sum(state, &Region::inspector_share, "inspector_share");
  check_required(state);
  check_deterrence_reference(state);
  check_sectors_exist(state, s.union_inspectorate.sectors, "union_inspectorate.sectors");
  check_policy(state, s.base_policy, "policy");

  std::stable_sort(state.timeline.begin(), state.timeline.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) { return a.year < b.year; });
  s.policy_by_year.assign(s.simulation.years, s.base_policy);
  Policy current = s.base_policy;
  std::size_t next = 0;
  for (int year = 1; year <= s.simulation.years; ++year) {
    for (; next < state.timeline.size() && state.timeline[next].year == year; ++next) {
      const TimelineEntry& t = state.timeline[next];
      const std::string path = fmt::format("timeline(year {})", t.year);
      if (t.inspectors) current.inspectors = *t.inspectors;
      if (t.policy)
        reading(t.file, [&] { Reader(state, t.file, true).apply_policy(*t.policy, path + ".policy", current); });
      check_policy(state, current, path + ".policy");
    }
    s.policy_by_year[year - 1] = current;
  }
}

}  // namespace

Override parse_override(const std::string& text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ScenarioError({"--set " + text, 0, 0}, "", "expected KEY=VALUE, e.g. --set policy.notice=unannounced");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

ScenarioFiles::ScenarioFiles(const std::string& path) {
  auto files = std::make_shared<Documents>();
  files->path = path;
  std::vector<std::string> chain;
  read_chain(*files, chain, path, {});
  documents_ = std::move(files);
}

const std::string& ScenarioFiles::path() const { return documents_->path; }

Scenario load_scenario(const ScenarioFiles& files, const std::vector<Override>& overrides) {
  LoadState state;
  state.scenario.file = files.path();
  state.scenario.input_files = files.documents_->input_files;
  for (const ScenarioFiles::Documents::Document& file : files.documents_->documents) {
    const YAML::Node root = parse_text(file.path, file.text);
    reading(file.path, [&] { Reader(state, file.path, true).apply_root(root); });
  }
  for (const Override& o : overrides) {
    const YAML::Node node = override_node(o);
    const std::string where = o.where();
    reading(where, [&] { Reader(state, where, false).apply_root(node); });
  }
  if (state.scenario.name.empty()) state.scenario.name = fs::path(files.path()).stem().string();
  finalize(state);
  return state.scenario;
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides) {
  return load_scenario(ScenarioFiles(path), overrides);
}

}  // namespace inspectsim
