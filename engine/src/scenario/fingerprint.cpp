// Canonical text of a resolved scenario, and its hash.

#include "inspectsim/scenario/fingerprint.hpp"

#include "inspectsim/scenario/choices.hpp"

#include <fmt/format.h>

#include <cstdint>

namespace inspectsim {

namespace {

/// Appends `key=value` lines; doubles are written exactly (shortest round-trip form).
class CanonicalText {
 public:
  template <typename T>
  void add(std::string_view key, const T& value) {
    text_ += fmt::format("{}{}={}\n", prefix_, key, value);
  }
  void add_names(std::string_view key, const std::vector<std::string>& names) {
    text_ += fmt::format("{}{}=[{}]\n", prefix_, key, fmt::join(names, ","));
  }
  void enter(const std::string& prefix) { prefix_ = prefix; }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
  std::string prefix_;
};

void add_duration(CanonicalText& t, const DurationDistribution& d) {
  t.add("shape", static_cast<int>(d.shape));
  t.add("mean_days", d.mean_days);
  t.add("cv", d.cv);
}

void add_policy(CanonicalText& t, const Policy& p) {
  t.add("notice",
        fmt::format("{},{},{}", word_of(p.notice.complaint), word_of(p.notice.planned), word_of(p.notice.follow_up)));
  t.add("notice.days", p.notice.days);
  t.add("notice.remediation_probability", p.notice.remediation_probability);
  t.add("notice.consent_required", p.notice.consent_required);
  t.add("notice.consent_refusal_probability", p.notice.consent_refusal_probability);
  t.add("notice.consent_delay_days", p.notice.consent_delay_days);
  t.add_names("exempt_size_classes", p.exempt_size_classes);
  t.add_names("exempt_sectors", p.exempt_sectors);
  t.add("complaints_override_exemption", p.complaints_override_exemption);
  t.add("moratorium.active", p.moratorium.active);
  t.add_names("moratorium.size_classes", p.moratorium.size_classes);
  t.add_names("moratorium.sectors", p.moratorium.sectors);
  t.add("moratorium.complaints_override", p.moratorium.complaints_override);
  t.add("plan.inspections_per_inspector_per_year", p.plan.inspections_per_inspector_per_year);
  t.add("plan.mode", std::string(word_of(p.plan.mode)));
  t.add("plan.targeting", std::string(word_of(p.plan.targeting)));
  t.add("plan.history_weight", p.plan.history_weight);
  t.add("plan.sampling", static_cast<int>(p.plan.sampling));
  t.add("plan.pacing", static_cast<int>(p.plan.pacing));
  t.add("inspectors", p.inspectors);
}

void add_population(CanonicalText& t, const Scenario& s) {
  for (const Region& r : s.regions) {
    t.enter("regions." + r.name + ".");
    t.add("entity_share", r.entity_share);
    t.add("inspector_share", r.inspector_share);
  }
  for (const SizeClass& c : s.size_classes) {
    t.enter("size_classes." + c.name + ".inspection_days.");
    add_duration(t, c.inspection_days);
  }
  for (const Segment& seg : s.segments) {
    t.enter("segments." + seg.name + ".");
    t.add("sector", seg.sector);
    t.add("size_class", seg.size_class);
    t.add("entities", seg.entities);
    t.add("workers_per_entity", seg.workers_per_entity);
    t.add("risk", seg.risk);
    t.add("migrant_share", seg.migrant_share);
    for (const auto& [type, factor] : seg.onset_multiplier) t.add("onset_multiplier." + type, factor);
  }
  for (const ViolationType& v : s.violations) {
    t.enter("violations." + v.name + ".");
    t.add("onset_rate_per_year", v.onset_rate_per_year);
    t.add("mean_duration_days", v.mean_duration_days);
    t.add("exposed_share", v.exposed_share);
    t.add("detection_probability", v.detection_probability);
    t.add("concealability", v.concealability);
    t.add("complaint_weight", v.complaint_weight);
    t.add("breaches_per_find", v.breaches_per_find);
    t.add("severity", v.severity);
    t.add("specific_deterrence_reduction", v.specific_deterrence_reduction);
  }
}

void add_institutions(CanonicalText& t, const Scenario& s) {
  t.enter("inspectorate.");
  t.add("working_days_per_year", s.inspectorate.working_days_per_year);
  t.add("inspection_time_share", s.inspectorate.inspection_time_share);
  t.add("travel_days", s.inspectorate.travel_days);
  t.add("fatigue_per_earlier_visit", s.inspectorate.fatigue_per_earlier_visit);
  t.enter("complaints.");
  t.add("awareness", s.complaints.awareness);
  t.add("rate_per_exposed_worker_year", s.complaints.rate_per_exposed_worker_year);
  t.add("unfounded_rate_per_entity_year", s.complaints.unfounded_rate_per_entity_year);
  t.add("triage_share", s.complaints.triage_share);
  t.add("scope", std::string(word_of(s.complaints.scope)));
  t.add("visit_length_factor", s.complaints.visit_length_factor);
  t.add("retaliation_fear", s.complaints.retaliation_fear);
  t.add("retaliation_fear_announced", s.complaints.retaliation_fear_announced);
  t.add("retaliation_fear_migrant", s.complaints.retaliation_fear_migrant);
  t.add("credibility_elasticity", s.complaints.credibility_elasticity);
  t.add("credibility_reference", s.complaints.credibility_reference);
  const Sanctions& x = s.sanctions;
  t.enter("sanctions.");
  t.add("order_compliance_probability", x.order_compliance_probability);
  t.add("remediation_days", x.remediation_days);
  t.add("fine_probability", x.fine_probability);
  t.add("fine_basis", std::string(word_of(x.fine_basis)));
  t.add("unreported_find_probability", x.unreported_find_probability);
  t.add("follow_up", x.follow_up);
  t.add("follow_up_days", x.follow_up_days);
  t.add("specific_deterrence_reduction", x.specific_deterrence_reduction);
  t.add("specific_deterrence_years", x.specific_deterrence_years);
  t.add("specific_deterrence_after", std::string(word_of(x.specific_deterrence_after)));
  t.add("general_deterrence_elasticity", x.general_deterrence_elasticity);
  t.add("publicity_visits_per_fine", x.publicity_visits_per_fine);
  const UnionInspectorate& u = s.union_inspectorate;
  t.enter("union_inspectorate.");
  t.add("inspectors", u.inspectors);
  t.add("visits_per_inspector_per_year", u.visits_per_inspector_per_year);
  t.add("detection_factor", u.detection_factor);
  t.add("referral_probability", u.referral_probability);
  t.add_names("sectors", u.sectors);
  for (const auto& [size_class, rate] : x.general_deterrence_reference)
    t.add("general_deterrence_reference." + size_class, rate);
}

}  // namespace

const char* engine_version() { return INSPECTSIM_VERSION; }

std::string canonical_text(const Scenario& s) {
  CanonicalText t;
  t.add("name", s.name);
  t.add("title", s.title);
  t.add("country", s.country);
  t.add("employed", s.employed);
  t.enter("simulation.");
  t.add("years", s.simulation.years);
  t.add("warmup_years", s.simulation.warmup_years);
  t.add("replications", s.simulation.replications);
  t.add("seed", s.simulation.seed);
  add_population(t, s);
  add_institutions(t, s);
  for (const CalibrationTarget& c : s.calibration) {
    t.enter("calibration." + c.metric + ".");
    t.add("published", c.published);
    t.add("year", c.year);
    t.add("tolerance", c.tolerance);
  }
  t.enter("policy.");
  add_policy(t, s.base_policy);
  for (std::size_t y = 0; y < s.policy_by_year.size(); ++y) {
    t.enter(fmt::format("policy_by_year[{}].", y));
    add_policy(t, s.policy_by_year[y]);
  }
  return t.take();
}

std::string fingerprint_of(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", hash);
}

std::string scenario_fingerprint(const Scenario& scenario) { return fingerprint_of(canonical_text(scenario)); }

}  // namespace inspectsim
