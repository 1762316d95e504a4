// Loads a scenario by applying YAML maps onto a Scenario value: the `extends:` base first,
// then the file itself, then each --set. Every file is read by the same code, so every
// error names the file and line it came from.

#include "inspectsim/scenario/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <optional>

#include "inspectsim/scenario/error.hpp"
#include "scenario/keys.hpp"

namespace inspectsim {

namespace fs = std::filesystem;

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
  std::vector<std::string> chain;  ///< files being loaded, for cycle detection
};

/// The most files an `extends:` chain may hold: deep enough for any real family of scenarios,
/// shallow enough that loading never runs out of stack.
constexpr std::size_t max_extends_depth = 64;

/// A range a number must lie in, and how to say it.
struct Range {
  double lo;
  double hi;
  bool lo_open;
  const char* text;
};

constexpr Range probability{0.0, 1.0, false, "a probability in [0, 1]"};
constexpr Range share{0.0, 1.0, false, "a share in [0, 1]"};
constexpr Range non_negative{0.0, HUGE_VAL, false, "a number >= 0"};
constexpr Range positive{0.0, HUGE_VAL, true, "a number > 0"};

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
  void check_keys(const YAML::Node& map, const KeyList& allowed, const std::string& path) const;
  YAML::Node unwrap(const YAML::Node& node, const std::string& path);
  void forget_provenance(const std::string& path);
  std::string scalar_text(const YAML::Node& node, const std::string& path, const char* expected) const;

  double number(const YAML::Node& node, const std::string& path, const Range& range);
  long long integer(const YAML::Node& node, const std::string& path, long long lo, long long hi);
  bool boolean(const YAML::Node& node, const std::string& path);
  std::string text(const YAML::Node& node, const std::string& path) const;
  std::string label(const YAML::Node& node, const std::string& path) const;
  std::vector<std::string> names(const YAML::Node& node, const std::string& path);
  NoticeMode notice_mode(const YAML::Node& node, const std::string& path);

  template <typename Item, typename Apply>
  void named_list(const YAML::Node& node, const std::string& path, std::vector<Item>& items,
                  const KeyList& keys, Apply apply);

  void apply_simulation(const YAML::Node& node);
  void apply_size_class(const YAML::Node& node, const std::string& path, SizeClass& c);
  void apply_duration(const YAML::Node& node, const std::string& path, DurationDistribution& d);
  void apply_segment(const YAML::Node& node, const std::string& path, Segment& seg);
  void apply_violation(const YAML::Node& node, const std::string& path, ViolationType& v);
  void apply_inspectorate(const YAML::Node& node);
  void apply_complaints(const YAML::Node& node);
  void apply_sanctions(const YAML::Node& node);
  void apply_notice(const YAML::Node& node, const std::string& path, NoticePolicy& notice);
  void apply_timeline(const YAML::Node& node);

  LoadState& state_;
  Scenario& s_;
  std::string file_;
  bool has_marks_;
};

bool is_number(const std::string& text) {
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return !text.empty() && end == text.c_str() + text.size();
}

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

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

void Reader::check_keys(const YAML::Node& map, const KeyList& allowed, const std::string& path) const {
  require_map(map, path);
  std::map<std::string, int> seen;  // key -> line, since yaml-cpp keeps duplicate keys silently
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) fail(kv.first, path, "expected a key name, found " + describe(kv.first));
    const std::string key = kv.first.Scalar();
    if (const auto [first, fresh] = seen.emplace(key, at(kv.first).line); !fresh)
      fail(kv.first, join(path, key), fmt::format("duplicate key '{}' (first at line {}): expected each key once", key, first->second));
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string problem = fmt::format("unknown key '{}'", key);
    if (const auto near = closest_key(key, allowed); !near.empty()) problem += fmt::format(" (did you mean '{}'?)", near);
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

/// Returns the value of a leaf, unwrapping {value, source|assumption} and recording provenance.
YAML::Node Reader::unwrap(const YAML::Node& node, const std::string& path) {
  Provenance p;
  p.file = file_;
  YAML::Node value = node;
  if (node.IsMap() && node["value"]) {
    check_keys(node, provenance_keys, path);
    value.reset(node["value"]);  // operator= would write through to `node`
    if (node["source"] && node["assumption"]) fail(node, path, "expected either 'source' or 'assumption', not both");
    if (node["source"]) p = {Provenance::Kind::source, text(node["source"], join(path, "source")), "", file_};
    if (node["assumption"])
      p = {Provenance::Kind::assumption, text(node["assumption"], join(path, "assumption")), "", file_};
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

std::string Reader::scalar_text(const YAML::Node& node, const std::string& path, const char* expected) const {
  if (!node.IsScalar()) fail(node, path, fmt::format("expected {}, found a {}", expected, node.IsMap() ? "map" : node.IsSequence() ? "list" : "null"));
  return node.Scalar();
}

double Reader::number(const YAML::Node& raw, const std::string& path, const Range& range) {
  const YAML::Node node = unwrap(raw, path);
  const std::string found = scalar_text(node, path, range.text);
  double value = 0;
  try {
    value = node.as<double>();
  } catch (const YAML::Exception&) {
    fail(node, path, fmt::format("expected {}, found '{}'", range.text, found));
  }
  const bool below = range.lo_open ? !(value > range.lo) : !(value >= range.lo);
  if (!std::isfinite(value) || below || value > range.hi)
    fail(node, path, fmt::format("expected {}, found '{}'", range.text, found));
  return value;
}

long long Reader::integer(const YAML::Node& raw, const std::string& path, long long lo, long long hi) {
  const YAML::Node node = unwrap(raw, path);
  const std::string expected = fmt::format("a whole number in [{}, {}]", lo, hi);
  const std::string found = scalar_text(node, path, expected.c_str());
  long long value = 0;
  try {
    value = node.as<long long>();
  } catch (const YAML::Exception&) {
    fail(node, path, fmt::format("expected {}, found '{}'", expected, found));
  }
  if (value < lo || value > hi) fail(node, path, fmt::format("expected {}, found '{}'", expected, found));
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

NoticeMode Reader::notice_mode(const YAML::Node& raw, const std::string& path) {
  const YAML::Node node = unwrap(raw, path);
  const std::string value = scalar_text(node, path, "'unannounced' or 'prior'");
  if (value == "unannounced") return NoticeMode::unannounced;
  if (value == "prior") return NoticeMode::prior;
  fail(node, path, fmt::format("expected 'unannounced' or 'prior', found '{}'", value));
}

/// Lists of named items merge by name: a known name is updated, a new one appended.
template <typename Item, typename Apply>
void Reader::named_list(const YAML::Node& node, const std::string& path, std::vector<Item>& items,
                        const KeyList& keys, Apply apply) {
  if (!node.IsSequence()) fail(node, path, "expected a list of items, each with a 'name', found " + describe(node));
  state_.locations[path] = at(node);
  std::map<std::string, int> seen;  // name -> line: a name twice in one list is a mistake, not a merge
  for (const auto& entry : node) {
    check_keys(entry, keys, path);
    if (!entry["name"]) fail(entry, path, "missing: expected each item to have a 'name'");
    const std::string name = label(entry["name"], join(path, "name"));
    if (const auto [first, fresh] = seen.emplace(name, at(entry).line); !fresh)
      fail(entry, join(path, name),
           fmt::format("duplicate name '{}' (first at line {}): expected each name once in {}", name, first->second,
                       path));
    auto it = std::find_if(items.begin(), items.end(), [&](const Item& i) { return i.name == name; });
    if (it == items.end()) {
      items.push_back(Item{});
      items.back().name = name;
      it = items.end() - 1;
    }
    state_.locations[join(path, name)] = at(entry);
    apply(entry, join(path, name), *it);
  }
}

void Reader::apply_root(const YAML::Node& root) {
  check_keys(root, root_keys, "");
  if (root["name"]) s_.name = label(root["name"], "name");
  if (root["title"]) s_.title = label(root["title"], "title");
  if (root["country"]) s_.country = label(root["country"], "country");
  if (root["description"]) s_.description = text(root["description"], "description");
  if (root["simulation"]) apply_simulation(root["simulation"]);
  if (root["regions"])
    named_list(root["regions"], "regions", s_.regions, region_keys, [&](const YAML::Node& n, const std::string& p, Region& r) {
      if (n["entity_share"]) r.entity_share = number(n["entity_share"], join(p, "entity_share"), share);
      if (n["inspector_share"]) r.inspector_share = number(n["inspector_share"], join(p, "inspector_share"), share);
    });
  if (root["size_classes"])
    named_list(root["size_classes"], "size_classes", s_.size_classes, size_class_keys,
               [&](const YAML::Node& n, const std::string& p, SizeClass& c) { apply_size_class(n, p, c); });
  if (root["segments"])
    named_list(root["segments"], "segments", s_.segments, segment_keys,
               [&](const YAML::Node& n, const std::string& p, Segment& seg) { apply_segment(n, p, seg); });
  if (root["violations"])
    named_list(root["violations"], "violations", s_.violations, violation_keys,
               [&](const YAML::Node& n, const std::string& p, ViolationType& v) { apply_violation(n, p, v); });
  if (root["inspectorate"]) apply_inspectorate(root["inspectorate"]);
  if (root["complaints"]) apply_complaints(root["complaints"]);
  if (root["sanctions"]) apply_sanctions(root["sanctions"]);
  if (root["policy"]) apply_policy(root["policy"], "policy", s_.base_policy);
  if (root["timeline"]) apply_timeline(root["timeline"]);
}

void Reader::apply_simulation(const YAML::Node& node) {
  check_keys(node, simulation_keys, "simulation");
  Simulation& sim = s_.simulation;
  if (node["years"]) sim.years = static_cast<int>(integer(node["years"], "simulation.years", 1, 200));
  if (node["warmup_years"]) sim.warmup_years = static_cast<int>(integer(node["warmup_years"], "simulation.warmup_years", 0, 200));
  if (node["replications"]) sim.replications = static_cast<int>(integer(node["replications"], "simulation.replications", 2, 1'000'000));
  if (node["seed"]) sim.seed = static_cast<unsigned long long>(integer(node["seed"], "simulation.seed", 0, 0xFFFFFFFFLL));
  if (node["threads"]) sim.threads = static_cast<int>(integer(node["threads"], "simulation.threads", 0, 4096));
}

void Reader::apply_duration(const YAML::Node& node, const std::string& path, DurationDistribution& d) {
  check_keys(node, duration_keys, path);
  if (node["distribution"]) {
    const YAML::Node v = unwrap(node["distribution"], join(path, "distribution"));
    const std::string shape = scalar_text(v, join(path, "distribution"), "fixed, exponential, gamma or lognormal");
    if (shape == "fixed") d.shape = DurationDistribution::Shape::fixed;
    else if (shape == "exponential") d.shape = DurationDistribution::Shape::exponential;
    else if (shape == "gamma") d.shape = DurationDistribution::Shape::gamma;
    else if (shape == "lognormal") d.shape = DurationDistribution::Shape::lognormal;
    else fail(v, join(path, "distribution"), fmt::format("expected fixed, exponential, gamma or lognormal, found '{}'", shape));
  }
  if (node["mean"]) d.mean_days = number(node["mean"], join(path, "mean"), positive);
  if (node["cv"]) d.cv = number(node["cv"], join(path, "cv"), {0.0, 10.0, false, "a coefficient of variation in [0, 10]"});
}

void Reader::apply_size_class(const YAML::Node& node, const std::string& path, SizeClass& c) {
  if (node["inspection_days"]) apply_duration(node["inspection_days"], join(path, "inspection_days"), c.inspection_days);
}

void Reader::apply_segment(const YAML::Node& node, const std::string& path, Segment& seg) {
  if (node["sector"]) seg.sector = label(node["sector"], join(path, "sector"));
  if (node["size_class"]) seg.size_class = label(node["size_class"], join(path, "size_class"));
  if (node["entities"]) seg.entities = integer(node["entities"], join(path, "entities"), 0, 1'000'000'000'000LL);
  if (node["workers_per_entity"]) seg.workers_per_entity = number(node["workers_per_entity"], join(path, "workers_per_entity"), non_negative);
  if (node["risk"]) seg.risk = number(node["risk"], join(path, "risk"), non_negative);
  if (node["onset_multiplier"]) {
    const YAML::Node m = node["onset_multiplier"];
    require_map(m, join(path, "onset_multiplier"));
    for (const auto& kv : m) {
      if (!kv.first.IsScalar()) fail(kv.first, join(path, "onset_multiplier"), "expected a violation type, found " + describe(kv.first));
      const std::string type = kv.first.Scalar();
      seg.onset_multiplier[type] = number(kv.second, join(join(path, "onset_multiplier"), type), non_negative);
    }
  }
}

void Reader::apply_violation(const YAML::Node& node, const std::string& path, ViolationType& v) {
  if (node["onset_rate_per_year"]) v.onset_rate_per_year = number(node["onset_rate_per_year"], join(path, "onset_rate_per_year"), non_negative);
  if (node["mean_duration_days"]) v.mean_duration_days = number(node["mean_duration_days"], join(path, "mean_duration_days"), positive);
  if (node["exposed_share"]) v.exposed_share = number(node["exposed_share"], join(path, "exposed_share"), share);
  if (node["detection_probability"]) v.detection_probability = number(node["detection_probability"], join(path, "detection_probability"), probability);
  if (node["concealability"]) v.concealability = number(node["concealability"], join(path, "concealability"), probability);
  if (node["complaint_weight"]) v.complaint_weight = number(node["complaint_weight"], join(path, "complaint_weight"), non_negative);
}

void Reader::apply_inspectorate(const YAML::Node& node) {
  check_keys(node, inspectorate_keys, "inspectorate");
  Inspectorate& i = s_.inspectorate;
  if (node["inspectors"]) i.inspectors = static_cast<int>(integer(node["inspectors"], "inspectorate.inspectors", 0, 10'000'000));
  if (node["working_days_per_year"]) i.working_days_per_year = number(node["working_days_per_year"], "inspectorate.working_days_per_year", {0.0, 365.0, true, "days in (0, 365]"});
  if (node["inspection_time_share"]) i.inspection_time_share = number(node["inspection_time_share"], "inspectorate.inspection_time_share", {0.0, 1.0, true, "a share in (0, 1]"});
  if (node["travel_days"]) i.travel_days = number(node["travel_days"], "inspectorate.travel_days", non_negative);
}

void Reader::apply_complaints(const YAML::Node& node) {
  check_keys(node, complaints_keys, "complaints");
  if (node["awareness"]) s_.complaints.awareness = number(node["awareness"], "complaints.awareness", share);
  if (node["rate_per_exposed_worker_year"])
    s_.complaints.rate_per_exposed_worker_year = number(node["rate_per_exposed_worker_year"], "complaints.rate_per_exposed_worker_year", non_negative);
  if (node["unfounded_rate_per_entity_year"])
    s_.complaints.unfounded_rate_per_entity_year = number(node["unfounded_rate_per_entity_year"], "complaints.unfounded_rate_per_entity_year", non_negative);
}

void Reader::apply_sanctions(const YAML::Node& node) {
  check_keys(node, sanctions_keys, "sanctions");
  Sanctions& s = s_.sanctions;
  if (node["order_compliance_probability"]) s.order_compliance_probability = number(node["order_compliance_probability"], "sanctions.order_compliance_probability", probability);
  if (node["remediation_days"]) s.remediation_days = number(node["remediation_days"], "sanctions.remediation_days", non_negative);
  if (node["fine_probability"]) s.fine_probability = number(node["fine_probability"], "sanctions.fine_probability", probability);
  if (node["follow_up"]) s.follow_up = boolean(node["follow_up"], "sanctions.follow_up");
  if (node["follow_up_days"]) s.follow_up_days = number(node["follow_up_days"], "sanctions.follow_up_days", non_negative);
  if (const YAML::Node d = node["specific_deterrence"]) {
    check_keys(d, specific_deterrence_keys, "sanctions.specific_deterrence");
    if (d["reduction"]) s.specific_deterrence_reduction = number(d["reduction"], "sanctions.specific_deterrence.reduction", share);
    if (d["years"]) s.specific_deterrence_years = number(d["years"], "sanctions.specific_deterrence.years", non_negative);
  }
  if (const YAML::Node g = node["general_deterrence"]) {
    check_keys(g, general_deterrence_keys, "sanctions.general_deterrence");
    if (g["elasticity"]) s.general_deterrence_elasticity = number(g["elasticity"], "sanctions.general_deterrence.elasticity", {0.0, 5.0, false, "an elasticity in [0, 5]"});
  }
}

void Reader::apply_notice(const YAML::Node& node, const std::string& path, NoticePolicy& n) {
  if (node.IsScalar() || (node.IsMap() && node["value"])) {  // one mode for every kind of visit
    n.complaint = n.planned = n.follow_up = notice_mode(node, path);
    return;
  }
  check_keys(node, notice_keys, path);
  if (node["complaint"]) n.complaint = notice_mode(node["complaint"], join(path, "complaint"));
  if (node["planned"]) n.planned = notice_mode(node["planned"], join(path, "planned"));
  if (node["follow_up"]) n.follow_up = notice_mode(node["follow_up"], join(path, "follow_up"));
  if (node["days"]) n.days = number(node["days"], join(path, "days"), non_negative);
  if (node["remediation_probability"]) n.remediation_probability = number(node["remediation_probability"], join(path, "remediation_probability"), probability);
  if (node["consent_required"]) n.consent_required = boolean(node["consent_required"], join(path, "consent_required"));
  if (node["consent_refusal_probability"]) n.consent_refusal_probability = number(node["consent_refusal_probability"], join(path, "consent_refusal_probability"), probability);
  if (node["consent_delay_days"]) n.consent_delay_days = number(node["consent_delay_days"], join(path, "consent_delay_days"), non_negative);
}

void Reader::apply_policy(const YAML::Node& node, const std::string& path, Policy& p) {
  check_keys(node, policy_keys, path);
  if (node["notice"]) apply_notice(node["notice"], join(path, "notice"), p.notice);
  if (node["exempt_size_classes"]) p.exempt_size_classes = names(node["exempt_size_classes"], join(path, "exempt_size_classes"));
  if (node["complaints_override_exemption"]) p.complaints_override_exemption = boolean(node["complaints_override_exemption"], join(path, "complaints_override_exemption"));
  if (const YAML::Node m = node["moratorium"]) {
    const std::string mp = join(path, "moratorium");
    check_keys(m, moratorium_keys, mp);
    if (m["active"]) p.moratorium.active = boolean(m["active"], join(mp, "active"));
    if (m["size_classes"]) p.moratorium.size_classes = names(m["size_classes"], join(mp, "size_classes"));
    if (m["complaints_override"]) p.moratorium.complaints_override = boolean(m["complaints_override"], join(mp, "complaints_override"));
  }
  if (const YAML::Node plan = node["plan"]) {
    const std::string pp = join(path, "plan");
    check_keys(plan, plan_keys, pp);
    if (plan["inspections_per_inspector_per_year"])
      p.plan.inspections_per_inspector_per_year = number(plan["inspections_per_inspector_per_year"], join(pp, "inspections_per_inspector_per_year"), non_negative);
    if (plan["targeting"]) {
      const YAML::Node v = unwrap(plan["targeting"], join(pp, "targeting"));
      const std::string t = scalar_text(v, join(pp, "targeting"), "random, risk or longest_since_inspection");
      if (t == "random") p.plan.targeting = Targeting::random;
      else if (t == "risk") p.plan.targeting = Targeting::risk;
      else if (t == "longest_since_inspection") p.plan.targeting = Targeting::longest_since_inspection;
      else fail(v, join(pp, "targeting"), fmt::format("expected random, risk or longest_since_inspection, found '{}'", t));
    }
    if (plan["history_weight"]) p.plan.history_weight = number(plan["history_weight"], join(pp, "history_weight"), non_negative);
    if (plan["sampling"]) {
      const std::string key = join(pp, "sampling");
      const YAML::Node v = unwrap(plan["sampling"], key);
      const std::string t = scalar_text(v, key, "distinct or with_replacement");
      if (t == "distinct") p.plan.sampling = PlanSampling::distinct;
      else if (t == "with_replacement") p.plan.sampling = PlanSampling::with_replacement;
      else fail(v, key, fmt::format("expected distinct or with_replacement, found '{}'", t));
    }
    if (plan["pacing"]) {
      const std::string key = join(pp, "pacing");
      const YAML::Node v = unwrap(plan["pacing"], key);
      const std::string t = scalar_text(v, key, "asap or even");
      if (t == "asap") p.plan.pacing = PlanPacing::asap;
      else if (t == "even") p.plan.pacing = PlanPacing::even;
      else fail(v, key, fmt::format("expected asap or even, found '{}'", t));
    }
  }
}

void Reader::apply_timeline(const YAML::Node& node) {
  if (!node.IsSequence()) fail(node, "timeline", "expected a list of changes, each with a 'year', found " + describe(node));
  state_.timeline.clear();  // a later file's timeline replaces the earlier one whole, with its provenance
  std::erase_if(state_.scenario.provenance, [](const auto& kv) { return kv.first.rfind("timeline[", 0) == 0; });
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node entry = node[i];
    const std::string path = fmt::format("timeline[{}]", i);
    check_keys(entry, timeline_keys, path);
    if (!entry["year"]) fail(entry, path, "missing: expected each change to have a 'year' (the measured year it starts, from 1)");
    TimelineEntry t;
    t.year = static_cast<int>(integer(entry["year"], join(path, "year"), 1, 200));
    if (entry["inspectors"]) t.inspectors = static_cast<int>(integer(entry["inspectors"], join(path, "inspectors"), 0, 10'000'000));
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

YAML::Node parse_file(const std::string& path) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw ScenarioError({path, 0, 0}, "", "cannot open the file (does it exist and is it readable?)");
  } catch (const YAML::ParserException& e) {
    throw ScenarioError({path, e.mark.line + 1, e.mark.column + 1}, "", "YAML syntax error: " + e.msg + " (expected valid YAML)");
  }
}

void apply_file(LoadState& state, const std::string& path, const SourceLocation& included_from) {
  if (path.find('\0') != std::string::npos)  // the system would read the path only up to it
    throw ScenarioError(included_from.file.empty() ? SourceLocation{path, 0, 0} : included_from,
                        included_from.file.empty() ? "" : "extends",
                        "expected the path of a YAML file, found a NUL character in it");
  if (state.chain.size() >= max_extends_depth)
    throw ScenarioError(included_from, "extends",
                        fmt::format("expected a chain of at most {} bases, found a longer one (through '{}')",
                                    max_extends_depth, path));
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(fs::path(path), ec);
  const std::string key = canonical.string();
  if (std::find(state.chain.begin(), state.chain.end(), key) != state.chain.end())
    throw ScenarioError(included_from, "extends",
                        fmt::format("expected a chain of bases without cycles, found '{}' extending itself: {} -> {}", path,
                                    fmt::join(state.chain, " -> "), key));
  const bool top_level = included_from.file.empty();
  if (!fs::exists(canonical))
    throw ScenarioError(top_level ? SourceLocation{path, 0, 0} : included_from, top_level ? "" : "extends",
                        fmt::format("no such scenario file '{}' (expected the path of an existing YAML file)", path));
  if (!fs::is_regular_file(canonical))
    throw ScenarioError(top_level ? SourceLocation{path, 0, 0} : included_from, top_level ? "" : "extends",
                        fmt::format("expected the path of a YAML file, found '{}', which is not a regular file", path));
  state.chain.push_back(key);
  state.scenario.input_files.push_back(path);
  const YAML::Node root = parse_file(path);
  if (!root.IsMap())
    throw ScenarioError({path, 1, 1}, "", "expected a scenario: a map of keys such as name, segments, policy; found " + describe(root));
  if (const YAML::Node ext = root["extends"]) {
    if (!ext.IsScalar()) throw ScenarioError({path, ext.Mark().line + 1, ext.Mark().column + 1}, "extends", "expected the path of a base scenario");
    const fs::path base = fs::path(path).parent_path() / ext.Scalar();
    apply_file(state, base.string(), {path, ext.Mark().line + 1, ext.Mark().column + 1});
  }
  reading(path, [&] { Reader(state, path, true).apply_root(root); });
  state.chain.pop_back();
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
        throw ScenarioError({o.where(), 0, 0}, o.key,
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
                          fmt::format("unknown size class '{}'{}: expected one of {}", n, did_you_mean(s.size_classes, n),
                                      names_of(s.size_classes)));
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
  if (p.plan.sampling == PlanSampling::with_replacement && p.plan.targeting != Targeting::random)
    throw ScenarioError(location_of(state, path + ".plan.sampling"), path + ".plan.sampling",
                        fmt::format("expected targeting: random with sampling: with_replacement (only random draws can "
                                    "repeat), found targeting: {}", to_string(p.plan.targeting)));
}

void check_required(const LoadState& state) {
  const Scenario& s = state.scenario;
  // A missing list belongs in the top-level map of the file given, which starts at 1:1.
  const auto list_at = [&](const std::string& key) {
    return state.locations.count(key) ? state.locations.at(key) : SourceLocation{s.file, 1, 1};
  };
  if (s.size_classes.empty()) throw ScenarioError(list_at("size_classes"), "size_classes", "missing: expected at least one size class");
  if (s.segments.empty()) throw ScenarioError(list_at("segments"), "segments", "missing: expected at least one segment");
  if (s.violations.empty()) throw ScenarioError(list_at("violations"), "violations", "missing: expected at least one violation type");
  if (s.violations.size() > static_cast<std::size_t>(max_violation_types))
    throw ScenarioError(list_at("violations"), "violations",
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
      throw ScenarioError(location_of(state, key), key + ".entities", "missing: expected the number of entities, a whole number >= 0");
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
  s.base_policy.inspectors = s.inspectorate.inspectors;
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
      if (t.policy) reading(t.file, [&] { Reader(state, t.file, true).apply_policy(*t.policy, path + ".policy", current); });
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

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides) {
  LoadState state;
  state.scenario.file = path;
  apply_file(state, path, {});
  for (const Override& o : overrides) {
    const YAML::Node node = override_node(o);
    const std::string where = o.where();
    reading(where, [&] { Reader(state, where, false).apply_root(node); });
  }
  if (state.scenario.name.empty()) state.scenario.name = fs::path(path).stem().string();
  finalize(state);
  return state.scenario;
}

}  // namespace inspectsim
