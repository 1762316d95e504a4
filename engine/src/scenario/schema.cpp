// The scenario's keys, one row each. Adding a key: a row here (with its README text), the
// field in scenario.hpp, one line in loader.cpp that stores the value, and the README row
// (schema_test fails until the README says what this table says).

#include "inspectsim/scenario/schema.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace inspectsim {

namespace {

constexpr NumberRange none{};
constexpr NumberRange probability{0.0, 1.0, false, "a probability in [0, 1]"};
constexpr NumberRange share{0.0, 1.0, false, "a share in [0, 1]"};
// Every number has a finite upper bound: far beyond any plausible value, near enough that the
// arithmetic stays finite and a run's work bounded (scenarios/README.md, "Units and conventions").
constexpr NumberRange multiplier{0.0, 1000.0, false, "a multiplier in [0, 1000]"};
constexpr NumberRange rate_per_year{0.0, 1000.0, false, "a rate in [0, 1000] a year"};
constexpr NumberRange days{0.0, 36500.0, false, "days in [0, 36500] (100 years)"};
constexpr NumberRange positive_days{0.0, 36500.0, true, "days in (0, 36500] (100 years)"};
constexpr NumberRange days_in_a_year{0.0, 365.0, false, "days in [0, 365]"};

std::string_view parent_of(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : path.substr(0, dot);
}

std::string_view last_of(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  return dot == std::string_view::npos ? path : path.substr(dot + 1);
}

bool is_section(KeyKind kind) { return kind == KeyKind::section || kind == KeyKind::list; }

}  // namespace

const std::vector<KeySpec>& scenario_keys() {
  static const std::vector<KeySpec> keys{
      {"extends", KeyKind::text, none,
       "path of a base scenario, relative to this file (see [Extends](#extends-and-merging))", "none", ""},
      {"name", KeyKind::label, none, "short id, e.g. `kazakhstan-baseline`", "the file name without `.yaml`", ""},
      {"title", KeyKind::label, none, "one line for reports", "empty", ""},
      {"country", KeyKind::label, none, "country name", "empty", ""},
      {"description", KeyKind::text, none, "a few lines for reports", "empty", ""},
      {"employed",
       KeyKind::number,
       {0.0, 1e10, false, "a number of workers in [0, 10^10]"},
       "everyone employed in the country, formal or informal, for the ILO benchmarks on total employment "
       "(`ilo_inspectors_*_employed`); the segments' workers are those of registered entities only",
       "0: not given",
       ""},
      {"simulation", KeyKind::section, none, "", "", ""},
      {"simulation.years",
       KeyKind::integer,
       {1.0, 200.0, false, ""},
       "measured years",
       "5",
       "integer >= 1 (at most 200)"},
      {"simulation.warmup_years",
       KeyKind::integer,
       {0.0, 200.0, false, ""},
       "years simulated before statistics start",
       "1",
       "integer >= 0 (at most 200)"},
      {"simulation.replications",
       KeyKind::integer,
       {2.0, 1000000.0, false, ""},
       "independent runs",
       "20",
       "integer >= 2"},
      {"simulation.seed",
       KeyKind::integer,
       {0.0, 4294967295.0, false, ""},
       "random seed",
       "1",
       "integer in [0, 4294967295]"},
      {"simulation.threads",
       KeyKind::integer,
       {0.0, 4096.0, false, ""},
       "worker threads (0: all cores); does not change results",
       "0",
       "integer in [0, 4096]"},
      {"regions", KeyKind::list, none, "", "", ""},
      {"regions.*.name", KeyKind::label, none, "id", "*required*", "text"},
      {"regions.*.entity_share", KeyKind::number, share, "share of every segment's entities in this region", "1.0",
       "[0, 1]; all regions sum to 1"},
      {"regions.*.inspector_share", KeyKind::number, share, "share of the inspectors in this region", "1.0",
       "[0, 1]; all regions sum to 1"},
      {"size_classes", KeyKind::list, none, "", "", ""},
      {"size_classes.*.name", KeyKind::label, none, "id, e.g. `micro`, `small`, `medium`, `large`", "*required*",
       "text"},
      {"size_classes.*.inspection_days", KeyKind::section, none, "", "", ""},
      {"size_classes.*.inspection_days.distribution", KeyKind::choice, none, "shape of the visit length", "`gamma`",
       "`fixed`, `exponential`, `gamma`, `lognormal`"},
      {"size_classes.*.inspection_days.mean",
       KeyKind::number,
       {0.0, 365.0, true, "days in (0, 365]"},
       "inspector working days per visit, preparation and report included, travel excluded",
       "1.0",
       "(0, 365]"},
      {"size_classes.*.inspection_days.cv",
       KeyKind::number,
       {0.0, 10.0, false, "a coefficient of variation in [0, 10]"},
       "coefficient of variation (gamma, lognormal); below 1e-4 the length is fixed at the mean",
       "0.5",
       "[0, 10]"},
      {"segments", KeyKind::list, none, "", "", ""},
      {"segments.*.name", KeyKind::label, none, "id, e.g. `construction-small`", "*required*", "text"},
      {"segments.*.sector", KeyKind::label, none, "label used in reports", "empty", "text"},
      {"segments.*.size_class", KeyKind::label, none, "a `size_classes` name", "*required*", "an existing size class"},
      {"segments.*.entities",
       KeyKind::integer,
       {0.0, 1000000000000.0, false, ""},
       "firms",
       "*required*",
       "integer >= 0 (at most 10^12; the run refuses more than memory allows)"},
      {"segments.*.workers_per_entity",
       KeyKind::number,
       {0.0, 1000000.0, false, "a number of workers in [0, 1000000]"},
       "workers",
       "1.0",
       "[0, 10^6]"},
      {"segments.*.risk", KeyKind::number, multiplier, "multiplier on every onset rate", "1.0", "[0, 1000]"},
      {"segments.*.migrant_share", KeyKind::number, share,
       "share of the workers who are migrants (they complain less: `complaints.retaliation_fear_migrant`)", "0.0",
       "[0, 1]"},
      {"segments.*.onset_multiplier", KeyKind::section, none, "", "", ""},
      {"segments.*.onset_multiplier.VIOLATION", KeyKind::number, multiplier,
       "extra multiplier on one violation type's onset rate", "1.0",
       "[0, 1000]; `VIOLATION` must be a `violations` name"},
      {"violations", KeyKind::list, none, "", "", ""},
      {"violations.*.name", KeyKind::label, none, "id, e.g. `wage_arrears`", "*required*", "text"},
      {"violations.*.onset_rate_per_year", KeyKind::number, rate_per_year,
       "episodes per entity-year, before multipliers", "*required*", "[0, 1000]"},
      {"violations.*.mean_duration_days", KeyKind::number, positive_days, "days, if never detected", "365",
       "(0, 36500]"},
      {"violations.*.exposed_share", KeyKind::number, share, "share of the entity's workers exposed", "0.0", "[0, 1]"},
      {"violations.*.detection_probability", KeyKind::number, probability,
       "the inspector finds it when present and not hidden", "1.0", "[0, 1]"},
      {"violations.*.concealability", KeyKind::number, probability,
       "probability it is hidden at a visit the entity was warned of", "0.0", "[0, 1]"},
      {"violations.*.complaint_weight", KeyKind::number, multiplier,
       "relative readiness of exposed workers to complain about it", "1.0", "[0, 1000]"},
      {"violations.*.breaches_per_find",
       KeyKind::number,
       {1.0, 100.0, false, "a mean number of breaches in [1, 100]"},
       "checklist breaches an episode shows when found, on average: each find counts 1 + Poisson(mean - 1) breaches "
       "(`violations_found`), as inspectorates count violations; `detections` counts episodes",
       "1.0",
       "[1, 100]"},
      {"violations.*.severity", KeyKind::number, multiplier,
       "weight of a worker-year exposed to it in `severity_weighted_exposure`", "1.0", "[0, 1000]"},
      {"violations.*.specific_deterrence_reduction", KeyKind::number, share,
       "fall in this type's onset rate at a deterred entity", "`sanctions.specific_deterrence.reduction`", "[0, 1]"},
      {"inspectorate", KeyKind::section, none, "", "", ""},
      {"inspectorate.inspectors",
       KeyKind::integer,
       {0.0, 10000000.0, false, ""},
       "inspectors in total, split over regions",
       "1",
       "integer >= 0"},
      {"inspectorate.working_days_per_year",
       KeyKind::number,
       {0.0, 365.0, true, "days in (0, 365]"},
       "working days",
       "230",
       "(0, 365]"},
      {"inspectorate.inspection_time_share",
       KeyKind::number,
       {0.0, 1.0, true, "a share in (0, 1]"},
       "share of working time on inspections (the rest: other duties, secondments)",
       "1.0",
       "(0, 1]"},
      {"inspectorate.travel_days", KeyKind::number, days_in_a_year, "working days of travel per visit", "0.0",
       "[0, 365]"},
      {"inspectorate.fatigue_per_earlier_visit", KeyKind::number, share,
       "share of the detection probability lost for each visit the same inspector began earlier the same calendar day "
       "(Ibanez and Toffel 2020 measured about 0.032 for restaurant inspections); matters only where visits are "
       "shorter than a day",
       "0.0", "[0, 1]"},
      {"complaints", KeyKind::section, none, "", "", ""},
      {"complaints.awareness", KeyKind::number, share, "share of workers who know their rights and how to complain",
       "0.5", "[0, 1]"},
      {"complaints.rate_per_exposed_worker_year", KeyKind::number, rate_per_year,
       "complaints per exposed worker-year at full awareness", "0.0", "[0, 1000]"},
      {"complaints.unfounded_rate_per_entity_year", KeyKind::number, rate_per_year,
       "complaints with no violation behind them, per entity-year: a Poisson stream at uniformly chosen entities (used "
       "to check the queue against M/M/c)",
       "0.0", "[0, 1000]"},
      {"complaints.triage_share", KeyKind::number, share,
       "share of complaints acted on that are resolved without a visit (by letter or call): `complaints_triaged`",
       "0.0", "[0, 1]"},
      {"complaints.scope", KeyKind::choice, none,
       "what a complaint visit examines: `checklist`, every violation type; `complaint`, only the types complained of "
       "(complaints about an entity already waiting add theirs; a complaint with no violation behind it names a type "
       "drawn in proportion to `complaint_weight`)",
       "`checklist`", "`checklist`, `complaint`"},
      {"complaints.visit_length_factor",
       KeyKind::number,
       {0.0, 100.0, true, "a factor in (0, 100]"},
       "a complaint visit's working days relative to its size class's `inspection_days` (travel not scaled)",
       "1.0",
       "(0, 100]"},
      {"complaints.retaliation_fear", KeyKind::number, share,
       "share of would-be complaints not made for fear of retaliation (`complaints_suppressed`)", "0.0", "[0, 1]"},
      {"complaints.retaliation_fear_announced", KeyKind::number, share,
       "the same share when complaint visits are announced (`policy.notice.complaint: prior`): notice tells the "
       "employer that someone complained",
       "`retaliation_fear`", "[0, 1]"},
      {"complaints.retaliation_fear_migrant", KeyKind::number, share,
       "further share of migrant workers' complaints not made (their stay may hang on the employer), in proportion "
       "to a segment's `migrant_share`",
       "0.0", "[0, 1]"},
      {"complaints.credibility_elasticity",
       KeyKind::number,
       {0.0, 5.0, false, "an elasticity in [0, 5]"},
       "complaints kept back when complaining seems to lead nowhere: each year the share of complaints made is "
       "((f + 0.01) / (f_ref + 0.01))^elasticity, at most 1, f being the share of last year's complaint visits that "
       "found a violation (0: off)",
       "0.0",
       "[0, 5]"},
      {"complaints.credibility_reference", KeyKind::number, share,
       "f_ref: the share of complaint visits finding a violation that workers expect (e.g. the baseline's)",
       "none: the run's own first year", "[0, 1]"},
      {"sanctions", KeyKind::section, none, "", "", ""},
      {"sanctions.order_compliance_probability", KeyKind::number, probability,
       "the entity obeys the order to remediate", "1.0", "[0, 1]"},
      {"sanctions.remediation_days", KeyKind::number, days, "days from detection to remediation (0: at once)", "0.0",
       "[0, 36500]"},
      {"sanctions.fine_probability", KeyKind::number, probability, "each unit of `fine_basis` is fined", "0.0",
       "[0, 1]"},
      {"sanctions.fine_basis", KeyKind::choice, none,
       "what the law fines: `find`, each violation episode found; `breach`, each checklist breach found; `visit`, a "
       "visit with any find (one fine at most)",
       "`find`", "`find`, `breach`, `visit`"},
      {"sanctions.unreported_find_probability", KeyKind::number, probability,
       "a find goes unreported (an informal payment): no fine, order, follow-up or deterrence, and the episode runs "
       "on; counted in `finds_unreported`, not in `detections`",
       "0.0", "[0, 1]"},
      {"sanctions.follow_up", KeyKind::boolean, none, "a detection brings a follow-up visit", "true", "true, false"},
      {"sanctions.follow_up_days", KeyKind::number, days, "days after detection the follow-up is due", "60",
       "[0, 36500]"},
      {"sanctions.specific_deterrence", KeyKind::section, none, "", "", ""},
      {"sanctions.specific_deterrence.reduction", KeyKind::number, share,
       "fall in the deterred entity's onset rates (every type without its own `specific_deterrence_reduction`)", "0.0",
       "[0, 1]"},
      {"sanctions.specific_deterrence.years",
       KeyKind::number,
       {0.0, 200.0, false, "years in [0, 200]"},
       "how long that lasts, in years",
       "0.0",
       "[0, 200]"},
      {"sanctions.specific_deterrence.after", KeyKind::choice, none,
       "what deters: `detection`, any visit that finds a violation; `fine`, a visit that ends in a fine (a penalty "
       "inspection, as Gray and Scholz measured)",
       "`detection`", "`detection`, `fine`"},
      {"sanctions.general_deterrence", KeyKind::section, none, "", "", ""},
      {"sanctions.general_deterrence.elasticity",
       KeyKind::number,
       {0.0, 5.0, false, "an elasticity in [0, 5]"},
       "segment onset rates vs the inspection risk firms perceive (0: off): each year's onset rates are multiplied by "
       "((v + 0.01) / (v_ref + 0.01))^-elasticity, clamped to [0.25, 4], v being last year's visits per entity-year in "
       "the segment",
       "0.0",
       "[0, 5]"},
      {"sanctions.general_deterrence.publicity_visits_per_fine",
       KeyKind::number,
       {0.0, 1000000.0, false, "visits in [0, 1000000]"},
       "each fine adds this many visits to its segment's perceived inspection risk: publicity of sanctions (Johnson "
       "2020: one OSHA press release deterred about as much as 210 inspections, among nearby firms of the industry); "
       "0: off",
       "0.0",
       "[0, 10^6]"},
      {"sanctions.general_deterrence.reference_visits_per_entity_year", KeyKind::section, none, "", "", ""},
      {"sanctions.general_deterrence.reference_visits_per_entity_year.SIZE_CLASS", KeyKind::number, rate_per_year,
       "v_ref: the visits per entity-year firms of that size class expect (e.g. the baseline's `inspections` / "
       "entities of the class), so that scenarios which visit more deter more; every size class, or none",
       "none: v_ref is the run's own first year (two scenarios cannot differ by it)", "[0, 1000]"},
      {"union_inspectorate", KeyKind::section, none, "", "", ""},
      {"union_inspectorate.inspectors",
       KeyKind::integer,
       {0.0, 10000000.0, false, ""},
       "trade-union (or other) inspectors without sanctioning power",
       "0",
       "integer >= 0"},
      {"union_inspectorate.visits_per_inspector_per_year",
       KeyKind::number,
       {0.0, 100000.0, false, "visits in [0, 100000] a year"},
       "visits each makes a year, to entities of `sectors` chosen at random (`union_visits`)",
       "0.0",
       "[0, 100000]"},
      {"union_inspectorate.detection_factor", KeyKind::number, share,
       "share of each violation type's detection probability its inspectors achieve", "1.0", "[0, 1]"},
      {"union_inspectorate.referral_probability", KeyKind::number, probability,
       "a find is referred to the state inspectorate, which treats it as a complaint about that violation "
       "(`union_referrals`); nothing else follows from a find",
       "1.0", "[0, 1]"},
      {"union_inspectorate.sectors", KeyKind::names, none, "the sectors it visits (`[]`: every sector)", "`[]`",
       "list of segment sectors"},
      {"policy", KeyKind::section, none, "", "", ""},
      {"policy.notice", KeyKind::choice, none, "a scalar sets every kind of visit at once", "",
       "`unannounced`, `prior`"},
      {"policy.notice.complaint", KeyKind::choice, none, "notice for complaint visits", "`prior`",
       "`unannounced`, `prior`"},
      {"policy.notice.planned", KeyKind::choice, none, "notice for planned visits", "`prior`",
       "`unannounced`, `prior`"},
      {"policy.notice.follow_up", KeyKind::choice, none, "notice for follow-up visits", "`prior`",
       "`unannounced`, `prior`"},
      {"policy.notice.days", KeyKind::number, days_in_a_year, "days of notice for announced visits", "10", "[0, 365]"},
      {"policy.notice.remediation_probability", KeyKind::number, probability,
       "an active violation is genuinely fixed on notice", "0.0", "[0, 1]"},
      {"policy.notice.consent_required", KeyKind::boolean, none, "announced visits need the entity's consent", "true",
       "true, false"},
      {"policy.notice.consent_refusal_probability", KeyKind::number, probability, "consent refused at first asking",
       "0.0", "[0, 1]"},
      {"policy.notice.consent_delay_days", KeyKind::number, days, "days a refusal delays the visit", "30",
       "[0, 36500]"},
      {"policy.exempt_size_classes", KeyKind::names, none, "size classes left out of the annual plan", "`[]`",
       "list of size class names"},
      {"policy.exempt_sectors", KeyKind::names, none, "sectors left out of the annual plan", "`[]`",
       "list of segment sectors"},
      {"policy.complaints_override_exemption", KeyKind::boolean, none, "exempt entities still get complaint visits",
       "true", "true, false"},
      {"policy.moratorium", KeyKind::section, none, "", "", ""},
      {"policy.moratorium.active", KeyKind::boolean, none, "inspections of some size classes suspended", "false",
       "true, false"},
      {"policy.moratorium.size_classes", KeyKind::names, none, "the classes suspended (`[]`: every class)", "`[]`",
       "list of size class names"},
      {"policy.moratorium.sectors", KeyKind::names, none,
       "the sectors suspended (`[]`: every sector); a segment is suspended when both its class and its sector are",
       "`[]`", "list of segment sectors"},
      {"policy.moratorium.complaints_override", KeyKind::boolean, none,
       "complaint visits still happen under the moratorium", "true", "true, false"},
      {"policy.plan", KeyKind::section, none, "", "", ""},
      {"policy.plan.mode", KeyKind::choice, none,
       "`fixed`: the plan has `inspections_per_inspector_per_year` x inspectors visits; `capacity`: the plan has no "
       "fixed size: an inspector with no complaint or due follow-up waiting takes the next planned visit, so planned "
       "visits are whatever the time left by complaints, follow-ups and other duties allows (the plan is the year's "
       "whole ranking, or endless draws with `sampling: with_replacement`, and goes round again if every eligible "
       "entity has been visited; its first K visits are the fixed plan of size K; `plan_completion` is n/a). As in "
       "fixed mode, an announced plan (`notice.planned: prior`) is published at the year start and its visits start "
       "only after `notice.days`, so in those days inspectors with no complaint wait. Needs `pacing: asap`",
       "`fixed`", "`fixed`, `capacity`"},
      {"policy.plan.inspections_per_inspector_per_year",
       KeyKind::number,
       {0.0, 100000.0, false, "visits in [0, 100000] a year"},
       "planned visits per inspector-year (`mode: fixed`; ignored with `mode: capacity`)",
       "0.0",
       "[0, 100000]"},
      {"policy.plan.targeting", KeyKind::choice, none, "how the plan picks entities", "`random`",
       "`random`, `risk`, `longest_since_inspection`"},
      {"policy.plan.history_weight", KeyKind::number, multiplier, "risk targeting: extra weight of a past detection",
       "1.0", "[0, 1000]"},
      {"policy.plan.sampling", KeyKind::choice, none,
       "`distinct`: the plan visits K different entities; `with_replacement`: each visit draws its entity "
       "independently, so one may come twice (needs `targeting: random`)",
       "`distinct`", "`distinct`, `with_replacement`"},
      {"policy.plan.pacing", KeyKind::choice, none,
       "`asap`: planned visits start whenever inspectors are free; `even`: visit j of K may start only at year start + "
       "D + (j + 1/2) x (365 - D)/K days, D being the notice period of announced plans (0 otherwise), spreading the "
       "plan over the rest of the year",
       "`asap`", "`asap`, `even`"},
      {"calibration", KeyKind::section, none, "", "", ""},
      {"calibration.targets", KeyKind::list, none, "", "", ""},
      {"calibration.targets.*.metric", KeyKind::label, none,
       "a metric as tables name it (`inspections`, `forced_labour.detections`, `micro.coverage`)", "*required*",
       "a metric of the scenario"},
      {"calibration.targets.*.published",
       KeyKind::number,
       {0.0, 1e12, false, "a number in [0, 10^12]"},
       "the published figure, in the metric's unit (a year's count for a rate per year), with its `source`",
       "*required*",
       "[0, 10^12]"},
      {"calibration.targets.*.year",
       KeyKind::integer,
       {1900.0, 2100.0, false, ""},
       "the year the figure describes",
       "none",
       "integer in [1900, 2100]"},
      {"calibration.targets.*.tolerance", KeyKind::number, share,
       "the relative gap accepted between the simulated mean and the published figure", "0.1", "[0, 1]"},
      {"calibration.free", KeyKind::section, none, "", "", ""},
      {"calibration.free.KEY", KeyKind::list, none,
       "a number `inspectsim calibrate` may move to meet the targets, named as `--set` names it "
       "(`inspectorate.inspection_time_share`, `violations.safety_hazard.detection_probability`), with its plausible "
       "range `[low, high]`",
       "none", "`[low, high]`, low <= high, both within the key's values"},
      {"timeline", KeyKind::list, none, "", "", ""},
      {"timeline.*.year",
       KeyKind::integer,
       {1.0, 200.0, false, ""},
       "measured year from which the change applies",
       "*required*",
       "integer from 1 to `simulation.years` (later years never come)"},
      {"timeline.*.inspectors",
       KeyKind::integer,
       {0.0, 10000000.0, false, ""},
       "staffing from that year",
       "unchanged",
       "integer >= 0"},
      {"timeline.*.policy", KeyKind::section, none, "a partial policy, with the keys of `policy` above", "unchanged",
       "as `policy`"},
  };
  return keys;
}

const KeySpec* find_key(std::string_view path) {
  for (const KeySpec& k : scenario_keys())
    if (k.path == path) return &k;
  return nullptr;
}

const std::vector<std::string_view>& keys_under(std::string_view parent) {
  static const std::map<std::string_view, std::vector<std::string_view>, std::less<>> children = [] {
    std::map<std::string_view, std::vector<std::string_view>, std::less<>> out;
    for (const KeySpec& k : scenario_keys()) {
      std::string_view p = parent_of(k.path);
      if (p.ends_with(".*")) p.remove_suffix(2);  // an item's keys: under the list's own path
      out[p.empty() ? std::string_view{} : p].push_back(last_of(k.path));
    }
    return out;
  }();
  static const std::vector<std::string_view> empty;
  // Items of a list are asked for as "segments.*": their keys are filed under "segments".
  std::string_view key = parent;
  if (key.ends_with(".*")) key.remove_suffix(2);
  const auto it = children.find(key);
  if (it == children.end()) return empty;
  return it->second;
}

std::vector<std::string> key_table_rows(std::string_view section) {
  std::vector<std::string> rows;
  const std::string prefix = section.empty() ? "" : std::string(section) + ".";
  std::vector<std::string> sections;
  for (const KeySpec& k : scenario_keys()) {
    if (section.empty()) {
      if (!parent_of(k.path).empty()) continue;
      if (is_section(k.kind)) {
        sections.push_back(fmt::format("`{}`", k.path));
      } else {
        rows.push_back(fmt::format("| `{}` | {} | {} |", k.path, k.meaning, k.default_value));
      }
      continue;
    }
    if (!k.path.starts_with(prefix) || k.meaning.empty()) continue;
    std::string_view key = k.path.substr(prefix.size());
    if (key.starts_with("*.")) key.remove_prefix(2);
    rows.push_back(fmt::format("| `{}` | {} | {} | {} |", key, k.meaning, k.default_value, k.allowed));
  }
  if (!sections.empty()) rows.push_back(fmt::format("| {} | sections below | |", fmt::join(sections, ", ")));
  for (std::string& row : rows)  // an empty cell is written "| |"
    for (std::size_t at; (at = row.find("|  |")) != std::string::npos;) row.replace(at, 4, "| |");
  return rows;
}

}  // namespace inspectsim
