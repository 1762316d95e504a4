#include "inspectsim/model/model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "inspectsim/kernel/cancelled.hpp"

namespace inspectsim {

namespace {

int index_of_size_class(const Scenario& s, const std::string& name) {
  for (std::size_t i = 0; i < s.size_classes.size(); ++i)
    if (s.size_classes[i].name == name) return static_cast<int>(i);
  return -1;
}

bool contains(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

/// An empty list covers everything.
bool covers(const std::vector<std::string>& list, const std::string& name) {
  return list.empty() || contains(list, name);
}

ViolationParams violation_params(const Sanctions& sanctions, const ViolationType& v, double cumulative_weight) {
  const double reduction =
      v.specific_deterrence_reduction >= 0 ? v.specific_deterrence_reduction : sanctions.specific_deterrence_reduction;
  return {v.mean_duration_days, 1.0 / v.mean_duration_days, v.detection_probability,
          v.concealability,     v.breaches_per_find - 1.0,  1.0 - reduction,
          cumulative_weight};
}

/// The share of would-be complaints made, after fear of retaliation (more when notice tells
/// the employer, and among migrants).
double complaint_spoken(const Complaints& c, const NoticePolicy& notice, const Segment& seg) {
  const double fear = notice.complaint == NoticeMode::prior && c.retaliation_fear_announced >= 0
                          ? c.retaliation_fear_announced
                          : c.retaliation_fear;
  return (1 - fear) * (1 - seg.migrant_share * c.retaliation_fear_migrant);
}

YearRules year_rules(const Scenario& s, const Policy& policy) {
  YearRules r;
  r.notice = policy.notice;
  r.plan = policy.plan;
  r.inspectors = policy.inspectors;
  const Moratorium& m = policy.moratorium;
  for (const Segment& seg : s.segments) {
    const bool exempt =
        contains(policy.exempt_size_classes, seg.size_class) || contains(policy.exempt_sectors, seg.sector);
    const bool paused = m.active && covers(m.size_classes, seg.size_class) && covers(m.sectors, seg.sector);
    r.plannable.push_back(!exempt && !paused);
    r.complaint_spoken.push_back(complaint_spoken(s.complaints, policy.notice, seg));
    r.complaints_blocked.push_back((exempt && !policy.complaints_override_exemption) ||
                                   (paused && !policy.moratorium.complaints_override));
  }
  std::vector<double> shares;
  for (const Region& region : s.regions) shares.push_back(region.inspector_share);
  for (long long n : split_by_shares(policy.inspectors, shares)) r.inspectors_by_region.push_back(static_cast<int>(n));
  return r;
}

}  // namespace

SegmentParams segment_params(const Scenario& s, const Segment& seg) {
  SegmentParams p;
  p.size_class = static_cast<std::uint16_t>(index_of_size_class(s, seg.size_class));
  p.workers = seg.workers_per_entity;
  for (const ViolationType& v : s.violations) {
    const auto m = seg.onset_multiplier.find(v.name);
    const double multiplier = seg.risk * (m == seg.onset_multiplier.end() ? 1.0 : m->second);
    const double onset_per_year = v.onset_rate_per_year * multiplier;
    const double exposed = seg.workers_per_entity * v.exposed_share;
    p.onset_rate_per_day.push_back(onset_per_year / days_per_year);
    p.exposed_workers.push_back(exposed);
    p.complaint_rate_per_day.push_back(s.complaints.rate_per_exposed_worker_year * s.complaints.awareness *
                                       v.complaint_weight * exposed / days_per_year);
    p.risk_score += onset_per_year;
  }
  p.union_visited = covers(s.union_inspectorate.sectors, seg.sector);
  const auto& reference = s.sanctions.general_deterrence_reference;
  if (const auto r = reference.find(seg.size_class); r != reference.end()) p.deterrence_reference_visits = r->second;
  return p;
}

std::vector<long long> split_by_shares(long long total, const std::vector<double>& shares) {
  const double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
  std::vector<long long> parts(shares.size(), 0);
  std::vector<std::pair<double, std::size_t>> remainders;
  long long assigned = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const double exact = sum > 0 ? static_cast<double>(total) * shares[i] / sum : 0.0;
    parts[i] = static_cast<long long>(std::floor(exact));
    assigned += parts[i];
    remainders.emplace_back(exact - static_cast<double>(parts[i]), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; assigned < total && k < remainders.size(); ++k, ++assigned) ++parts[remainders[k].second];
  return parts;
}

Model build_model(const Scenario& s, const std::atomic<bool>* cancel) {
  Model m;
  m.scenario = &s;
  m.violation_count = static_cast<int>(s.violations.size());
  m.year_count = s.simulation.warmup_years + s.simulation.years;
  m.warmup_years = s.simulation.warmup_years;
  m.yearly_onset_rates = s.sanctions.general_deterrence_elasticity > 0;
  m.horizon_days = m.year_count * days_per_year;
  m.window_start_days = s.simulation.warmup_years * days_per_year;
  m.days_per_visit_factor =
      days_per_year / (s.inspectorate.working_days_per_year * s.inspectorate.inspection_time_share);
  m.fatigue.keep_per_earlier_visit = 1.0 - s.inspectorate.fatigue_per_earlier_visit;
  m.complaints = {s.complaints.triage_share,
                  s.complaints.unfounded_rate_per_entity_year,
                  s.complaints.scope == ComplaintScope::complaint,
                  s.complaints.visit_length_factor,
                  s.complaints.credibility_elasticity,
                  s.complaints.credibility_reference};
  m.sanctions = s.sanctions;
  for (const SizeClass& c : s.size_classes) m.inspection_days.push_back(c.inspection_days);
  m.travel_days = s.inspectorate.travel_days;
  double cumulative_weight = 0;
  for (const ViolationType& v : s.violations)
    m.violations.push_back(violation_params(s.sanctions, v, cumulative_weight += v.complaint_weight));

  std::vector<double> entity_shares;
  for (const Region& r : s.regions) entity_shares.push_back(r.entity_share);
  m.region_entities.resize(s.regions.size());
  const long long n = s.total_entities();
  m.entity_segment.reserve(n);
  m.entity_region.reserve(n);
  for (std::size_t g = 0; g < s.segments.size(); ++g) {
    m.segments.push_back(segment_params(s, s.segments[g]));
    m.segment_entities.push_back(s.segments[g].entities);
    const std::vector<long long> per_region = split_by_shares(s.segments[g].entities, entity_shares);
    for (std::size_t r = 0; r < per_region.size(); ++r) {
      m.block_begin.push_back(static_cast<std::uint32_t>(m.entity_segment.size()));
      for (long long i = 0; i < per_region[r]; ++i) {
        if ((i & 0xFFFFF) == 0) throw_if_cancelled(cancel);  // 10^8 entities take seconds
        m.region_entities[r].push_back(static_cast<std::uint32_t>(m.entity_segment.size()));
        m.entity_segment.push_back(static_cast<std::uint16_t>(g));
        m.entity_region.push_back(static_cast<std::uint16_t>(r));
      }
    }
  }
  m.block_begin.push_back(static_cast<std::uint32_t>(m.entity_segment.size()));
  double union_entities = 0;
  for (std::size_t g = 0; g < m.segments.size(); ++g)
    if (m.segments[g].union_visited) union_entities += static_cast<double>(m.segment_entities[g]);
  const UnionInspectorate& u = s.union_inspectorate;
  m.union_visits.detection_factor = u.detection_factor;
  m.union_visits.referral_probability = u.referral_probability;
  if (union_entities > 0)
    m.union_visits.rate_per_entity_day =
        u.inspectors * u.visits_per_inspector_per_year / union_entities / days_per_year;
  for (int y = 0; y < m.year_count; ++y) m.years.push_back(year_rules(s, s.policy_for(y)));
  return m;
}

}  // namespace inspectsim
