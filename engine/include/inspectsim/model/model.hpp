#pragma once
/// @file
/// The Model: a Scenario turned into the compact tables the event loop reads. Built once,
/// shared read-only by every replication.

#include <atomic>
#include <cmath>
#include <cstdint>
#include <vector>

#include "inspectsim/kernel/portable_math.hpp"
#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

/// Per-segment constants, with rates already converted to per day.
struct SegmentParams {
  std::uint16_t size_class = 0;
  double workers = 0;
  double risk_score = 0;                       ///< what risk targeting ranks by
  std::vector<double> onset_rate_per_day;      ///< per violation type
  std::vector<double> complaint_rate_per_day;  ///< per active episode, per violation type
  std::vector<double> exposed_workers;         ///< per violation type
  /// General deterrence: the visits per entity-year firms of the segment expect (their size
  /// class's stated reference), or a negative number: the run's own first year.
  double deterrence_reference_visits = -1;
  bool union_visited = false;  ///< in the union inspectorate's sectors
};

/// What a year's policy means for each segment (its size class and sector), precomputed, and
/// the parts of it a visit reads as they are.
struct YearRules {
  NoticePolicy notice;                           ///< which visits are announced, and what notice and consent bring
  Plan plan;                                     ///< how the annual plan is drawn
  int inspectors = 0;                            ///< the staffing in force (split over regions below)
  std::vector<std::uint8_t> plannable;           ///< per segment: may be in the annual plan
  std::vector<std::uint8_t> complaints_blocked;  ///< per segment: complaints are not acted on
  std::vector<double> complaint_spoken;          ///< per segment: share of would-be complaints made (fear)
  std::vector<int> inspectors_by_region;
};

/// Inspector fatigue (Ibanez and Toffel 2020): each visit an inspector began earlier the same
/// day multiplies the chance of finding a violation by `keep_per_earlier_visit`.
struct InspectorFatigue {
  double keep_per_earlier_visit = 1.0;
  double detection_factor(int earlier_visits_today) const {
    return earlier_visits_today == 0 ? 1.0 : portable_pow(keep_per_earlier_visit, earlier_visits_today);
  }
};

/// Per violation type: what a find and a deterrent sanction mean.
struct ViolationParams {
  double mean_duration_days = 365;
  double end_rate_per_day = 1.0 / 365;  ///< 1 / mean_duration_days
  double detection_probability = 1;
  double concealability = 0;
  double extra_breaches_mean = 0;          ///< a find shows 1 + Poisson(this) checklist breaches
  double deterred_onset_factor = 1;        ///< onset rate multiplier at a deterred entity
  double cumulative_complaint_weight = 0;  ///< unfounded complaints name a type by these (scope: complaint)
};

/// How complaints are handled once made.
struct ComplaintHandling {
  double triage_share = 0;                    ///< resolved without a visit
  double unfounded_rate_per_entity_year = 0;  ///< complaints with no violation behind them
  bool scoped = false;                        ///< a complaint visit examines only the types complained of
  double visit_length_factor = 1;             ///< of the size class's inspection days
  double credibility_elasticity = 0;          ///< complaints kept back when they seem to lead nowhere (0: off)
  double credibility_reference = -1;          ///< the finding share workers expect (negative: the first year's)
};

/// The union inspectorate's visits, if any.
struct UnionVisits {
  double rate_per_entity_day = 0;   ///< visits per eligible entity-day (0: none)
  double detection_factor = 1;      ///< of each type's detection probability
  double referral_probability = 1;  ///< a find is referred to the state inspectorate as a complaint
};

/// A scenario ready to simulate.
/// The simulation (engine/src/simulation/) reads only this; `scenario` is for summaries and estimates.
struct Model {
  const Scenario* scenario = nullptr;
  int violation_count = 0;
  int year_count = 0;  ///< warm-up plus measured years
  int warmup_years = 0;
  /// Onset rates change from year to year (general deterrence), so laws split at year starts.
  bool yearly_onset_rates = false;
  double horizon_days = 0;
  double window_start_days = 0;      ///< statistics start here (after warm-up)
  double days_per_visit_factor = 1;  ///< calendar days per inspector working day
  InspectorFatigue fatigue;
  ComplaintHandling complaints;
  Sanctions sanctions;  ///< what follows a find, and deterrence
  UnionVisits union_visits;
  std::vector<DurationDistribution> inspection_days;  ///< per size class: an inspection's working days
  double travel_days = 0;                             ///< working days per visit spent travelling
  std::vector<ViolationParams> violations;

  std::vector<SegmentParams> segments;
  std::vector<std::uint16_t> entity_segment;  ///< per entity
  std::vector<std::uint16_t> entity_region;   ///< per entity
  std::vector<std::vector<std::uint32_t>> region_entities;
  /// Entities are numbered by segment, then region: block g * regions + r holds the entities of
  /// segment g in region r, ids block_begin[b] to block_begin[b + 1] - 1.
  std::vector<std::uint32_t> block_begin;
  std::vector<long long> segment_entities;
  std::vector<YearRules> years;  ///< per simulated year (warm-up first)

  std::uint32_t entity_count() const { return static_cast<std::uint32_t>(entity_segment.size()); }
  int region_count() const { return static_cast<int>(region_entities.size()); }
  std::uint32_t block_count() const { return static_cast<std::uint32_t>(block_begin.size() - 1); }
};

/// Builds the model. Whether it fits in memory is checked before (experiment/resource_budget.hpp).
/// If `cancel` becomes true while entities are numbered, throws Cancelled within a fraction of a second.
Model build_model(const Scenario& scenario, const std::atomic<bool>* cancel = nullptr);

/// Splits `total` into whole parts proportional to `shares` (largest remainder, ties to the first).
std::vector<long long> split_by_shares(long long total, const std::vector<double>& shares);

/// A segment's constants, as the model compiles them (also what a run's footprint is estimated from).
SegmentParams segment_params(const Scenario& scenario, const Segment& segment);

}  // namespace inspectsim
