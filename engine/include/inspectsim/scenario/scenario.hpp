#pragma once
/// @file
/// The scenario: a country, its inspectorate and its inspection rules, as plain values.
/// Every rate carries its unit in its name; time is in days, a year is 365 days.

#include <map>
#include <string>
#include <vector>

namespace inspectsim {

inline constexpr double days_per_year = 365.0;

/// The values a number might plausibly take, for uncertainty and sensitivity analysis.
/// Written beside a number's `source` or `assumption` as `range: [low, high]` (uniform) or
/// `distribution: {shape: ..., ...}`; see scenarios/README.md, "Plausible ranges".
struct PlausibleRange {
  enum class Shape { uniform, triangular, lognormal };
  Shape shape = Shape::uniform;
  double low = 0;     ///< uniform, triangular: the least value; lognormal: the 5th percentile
  double high = 0;    ///< uniform, triangular: the greatest value; lognormal: the 95th percentile
  double mode = 0;    ///< triangular: the most likely value
  double median = 0;  ///< lognormal: the median (the geometric middle of [low, high])
};

/// The default range of an assumption given none: x0.5 to x1.5 of its value.
inline constexpr double default_range_low_factor = 0.5;
inline constexpr double default_range_high_factor = 1.5;

/// Where a number comes from: a published source, an assumption with its reason, or a fit to
/// published figures (`calibrated:`, written by `inspectsim calibrate`).
struct Provenance {
  enum class Kind { source, assumption, unannotated, calibrated };
  /// How the number may vary in experiments over assumptions: held at its value, over its
  /// stated range, or over the default range (an assumption whose file gives no range).
  enum class Spread { fixed, ranged, defaulted };
  Kind kind = Kind::unannotated;
  std::string note;   ///< the citation, or the reason for the assumption
  std::string value;  ///< the value as written
  std::string file;   ///< the file (or --set) that set it last
  int line = 0;       ///< where in `file` (1-based; 0 for a --set)
  int column = 0;
  Spread spread = Spread::fixed;
  PlausibleRange range;  ///< the plausible values, unless `spread` is fixed
};

/// A distribution of a positive duration in days.
struct DurationDistribution {
  enum class Shape { fixed, exponential, gamma, lognormal };
  Shape shape = Shape::gamma;
  double mean_days = 1.0;
  double cv = 0.5;  ///< coefficient of variation (gamma, lognormal)
};

/// A size class of entities (micro, small, medium, large) and how long one inspection takes.
struct SizeClass {
  std::string name;
  DurationDistribution inspection_days;  ///< inspector working days per visit, travel excluded
};

/// A region: a share of entities and of inspectors. Inspectors serve only their own region.
struct Region {
  std::string name;
  double entity_share = 1.0;
  double inspector_share = 1.0;
};

/// A group of alike entities: one sector in one size class.
struct Segment {
  std::string name;
  std::string sector;
  std::string size_class;
  long long entities = 0;
  double workers_per_entity = 1.0;
  double risk = 1.0;                               ///< multiplies every onset rate
  std::map<std::string, double> onset_multiplier;  ///< per violation type, on top of risk
  double migrant_share = 0.0;                      ///< share of the workers who are migrants
};

/// The most violation types a scenario may have (the simulator keeps one bit per type and entity).
inline constexpr int max_violation_types = 16;

/// A kind of violation and how it behaves at an entity.
struct ViolationType {
  std::string name;
  double onset_rate_per_year = 0.0;    ///< per entity-year, before segment multipliers
  double mean_duration_days = 365.0;   ///< if never detected (exponential)
  double exposed_share = 0.0;          ///< share of the entity's workers exposed
  double detection_probability = 1.0;  ///< an inspector finds it when present and not hidden
  double concealability = 0.0;         ///< probability it is hidden when the entity was warned
  double complaint_weight = 1.0;       ///< how readily exposed workers complain about it
  /// Checklist breaches an episode shows when found, on average (>= 1): a find counts
  /// 1 + Poisson(mean - 1) breaches, as inspectorates count violations.
  double breaches_per_find = 1.0;
  double severity = 1.0;  ///< weight of a worker-year exposed to it, in the severity-weighted exposure
  /// Fall in this type's onset rates at a deterred entity; negative: the scenario's
  /// sanctions.specific_deterrence.reduction.
  double specific_deterrence_reduction = -1.0;
};

/// The inspectorate's means.
struct Inspectorate {
  double working_days_per_year = 230;  ///< days an inspector works in a year
  double inspection_time_share = 1.0;  ///< share of working time spent on inspections
  double travel_days = 0.0;            ///< working days per visit spent travelling
  /// Inspector fatigue: the share of the detection probability lost for each visit the same
  /// inspector began earlier the same day (0: none).
  double fatigue_per_earlier_visit = 0.0;
};

/// What a complaint visit examines: every violation type (the whole checklist), or only the
/// types complained of (a complaint with no violation behind it names one type at random,
/// in proportion to the complaint weights).
enum class ComplaintScope { checklist, complaint };

/// How workers' complaints arise and are handled.
struct Complaints {
  double awareness = 0.5;                            ///< 0..1: workers who know their rights and how to complain
  double rate_per_exposed_worker_year = 0.0;         ///< at full awareness, per exposed worker-year
  double unfounded_rate_per_entity_year = 0.0;       ///< complaints with no violation behind them (Poisson)
  double triage_share = 0.0;                         ///< complaints resolved without a visit (letter, call)
  ComplaintScope scope = ComplaintScope::checklist;  ///< what a complaint visit examines
  double visit_length_factor = 1.0;                  ///< a complaint visit's working days, relative to its size class's
  double retaliation_fear = 0.0;                     ///< share of would-be complaints not made for fear of retaliation
  /// The same when complaint visits are announced (notice tells the employer someone complained);
  /// negative: `retaliation_fear`.
  double retaliation_fear_announced = -1.0;
  double retaliation_fear_migrant = 0.0;  ///< further share of migrants' complaints not made
  /// Complaints kept back when complaining seems to lead nowhere: each year, the share of
  /// complaints made is ((f + 0.01) / (f_ref + 0.01))^elasticity (at most 1), f being the share
  /// of last year's complaint visits that found a violation (0: off).
  double credibility_elasticity = 0.0;
  double credibility_reference = -1.0;  ///< f_ref; negative: the run's first year
};

/// What a fine is counted per: each find (violation episode found), each breach, or each visit
/// with a find.
enum class FineBasis { find, breach, visit };

/// What starts specific deterrence at an entity: any find, or a visit that ended in a fine.
enum class DeterrenceTrigger { detection, fine };

/// Sanctions after a detection, and their deterrent effect.
struct Sanctions {
  double order_compliance_probability = 1.0;  ///< the entity obeys the order to remediate
  double remediation_days = 0.0;              ///< days from detection to remediation (0: at once)
  double fine_probability = 0.0;              ///< each unit of `fine_basis` is fined
  FineBasis fine_basis = FineBasis::find;
  double unreported_find_probability = 0.0;    ///< a find goes unreported (an informal payment)
  bool follow_up = true;                       ///< a detection brings a follow-up visit
  double follow_up_days = 60;                  ///< days after detection the follow-up is due
  double specific_deterrence_reduction = 0.0;  ///< onset rates at a sanctioned entity fall by this share
  double specific_deterrence_years = 0.0;      ///< ... for this long after the detection
  DeterrenceTrigger specific_deterrence_after = DeterrenceTrigger::detection;
  double general_deterrence_elasticity = 0.0;  ///< segment onset vs perceived inspection risk (0: off)
  /// Visits per entity-year each size class expects (by name): the perceived risk general
  /// deterrence compares last year's visits with. Empty: the run's own first year.
  std::map<std::string, double> general_deterrence_reference;
  /// Each fine adds this many visits to its segment's perceived inspection risk (publicity).
  double publicity_visits_per_fine = 0.0;
};

/// A second inspectorate without sanctioning power (trade-union labour inspectors): its visits
/// find violations but neither fine nor order; what they find they may refer to the state
/// inspectorate, which treats a referral as a complaint.
struct UnionInspectorate {
  int inspectors = 0;
  double visits_per_inspector_per_year = 0.0;  ///< at entities of `sectors`, chosen at random
  double detection_factor = 1.0;               ///< of each type's detection probability
  double referral_probability = 1.0;           ///< a find is referred to the state inspectorate
  std::vector<std::string> sectors;            ///< where it visits (empty: every sector)
};

/// Whether a kind of visit is announced in advance.
enum class NoticeMode { unannounced, prior };

/// How the annual plan picks entities.
enum class Targeting { random, risk, longest_since_inspection };

/// Whether the plan may pick an entity more than once in a year.
enum class PlanSampling { distinct, with_replacement };

/// When planned visits may start: as soon as inspectors are free, or spread evenly over the year.
enum class PlanPacing { asap, even };

/// How many planned visits a year: a fixed count per inspector, or as many as the inspectors'
/// time allows once complaints and follow-ups are served.
enum class PlanMode { fixed, capacity };

/// Rules on notice, per kind of visit, and what notice lets an entity do.
struct NoticePolicy {
  NoticeMode complaint = NoticeMode::prior;
  NoticeMode planned = NoticeMode::prior;
  NoticeMode follow_up = NoticeMode::prior;
  double days = 10;                          ///< notice period for announced visits
  double remediation_probability = 0.0;      ///< an active violation is genuinely fixed on notice
  bool consent_required = true;              ///< announced visits need the entity's consent
  double consent_refusal_probability = 0.0;  ///< consent refused at first asking
  double consent_delay_days = 30;            ///< delay a refusal causes
};

/// A suspension of inspections for some size classes and sectors.
struct Moratorium {
  bool active = false;
  std::vector<std::string> size_classes;  ///< empty: every size class
  std::vector<std::string> sectors;       ///< empty: every sector (both lists must cover a segment)
  bool complaints_override = true;        ///< complaint visits still happen
};

/// The annual plan of inspections.
struct Plan {
  PlanMode mode = PlanMode::fixed;
  double inspections_per_inspector_per_year = 0.0;  ///< fixed mode only
  Targeting targeting = Targeting::random;
  double history_weight = 1.0;  ///< risk targeting: extra weight of a past detection
  PlanSampling sampling = PlanSampling::distinct;
  PlanPacing pacing = PlanPacing::asap;
};

/// The rules in force in a year. Any field may change in the timeline.
struct Policy {
  NoticePolicy notice;
  std::vector<std::string> exempt_size_classes;  ///< not in the annual plan
  std::vector<std::string> exempt_sectors;       ///< not in the annual plan either
  bool complaints_override_exemption = true;     ///< exempt entities still get complaint visits
  Moratorium moratorium;
  Plan plan;
  int inspectors = 1;  ///< staffing in force, split over regions by inspector_share: the key
                       ///< inspectorate.inspectors, changed from a year on by the timeline
};

/// The horizon and the replications.
struct Simulation {
  int years = 5;         ///< measured years
  int warmup_years = 1;  ///< simulated before the measured years, excluded from statistics
  int replications = 20;
  unsigned long long seed = 1;
  int threads = 0;  ///< 0: all cores
};

/// A published figure the model should reproduce (`calibration.targets`), and how close it must come.
struct CalibrationTarget {
  std::string metric;      ///< as tables name it: `inspections`, `forced_labour.detections`
  double published = 0;    ///< in the metric's unit (a year's count for a rate per year)
  int year = 0;            ///< the year the figure describes (0: not given)
  double tolerance = 0.1;  ///< the relative gap accepted
  std::string source;      ///< the citation: the provenance note of `published`
  std::string file;        ///< where the target is written, for messages
  int line = 0;
  int column = 0;
};

/// A number `inspectsim calibrate` may move to meet the targets (`calibration.free`), within its
/// plausible range.
struct FreeParameter {
  std::string key;  ///< dotted, as --set takes it: "violations.safety_hazard.detection_probability"
  double low = 0;
  double high = 0;
  bool whole_number = false;  ///< an integer key: fitted values are rounded
  std::string file;           ///< where the key is written, for messages
  int line = 0;
  int column = 0;
};

/// A whole scenario, after `extends:` and overrides are applied.
struct Scenario {
  std::string name;
  std::string title;
  std::string country;
  std::string description;
  double employed = 0;                   ///< everyone employed in the country, formal or not (0: not given)
  std::string file;                      ///< the file it was loaded from
  std::vector<std::string> input_files;  ///< every file read: `file`, then its `extends:` chain
  Simulation simulation;
  std::vector<Region> regions;
  std::vector<SizeClass> size_classes;
  std::vector<Segment> segments;
  std::vector<ViolationType> violations;
  Inspectorate inspectorate;
  Complaints complaints;
  Sanctions sanctions;
  UnionInspectorate union_inspectorate;
  /// policy_by_year[y] is the policy of measured year y+1; warm-up years use policy_by_year[0]'s
  /// base (the policy before any timeline change). Built by the loader from `policy` and `timeline`.
  Policy base_policy;
  std::vector<Policy> policy_by_year;
  std::map<std::string, Provenance> provenance;  ///< dotted key -> where its number comes from
  std::vector<CalibrationTarget> calibration;    ///< published figures to compare runs with
  std::vector<FreeParameter> calibration_free;   ///< what `calibrate` may move to meet them

  long long total_entities() const;
  double total_workers() const;
  /// How many numbers are sourced, assumed or unannotated (what `validate` prints).
  /// Also how many vary over a stated range, over the default range, or not at all.
  struct ProvenanceTally {
    int sourced = 0;
    int assumed = 0;
    int unannotated = 0;
    int calibrated = 0;
    int ranged = 0;
    int defaulted = 0;
    int fixed = 0;
  };
  ProvenanceTally provenance_tally() const;
  /// The policy in force in simulated year index `year_index` (0 = first warm-up year).
  const Policy& policy_for(int year_index) const;
};

}  // namespace inspectsim
