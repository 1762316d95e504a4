#pragma once
// The keys each YAML map of a scenario may hold, and a "did you mean" for misspellings.

#include <string_view>
#include <vector>

namespace inspectsim {

using KeyList = std::vector<std::string_view>;

inline const KeyList root_keys{"extends", "name", "title", "country", "description", "simulation", "regions",
                               "size_classes", "segments", "violations", "inspectorate",
                               "complaints", "sanctions", "policy", "timeline"};
inline const KeyList provenance_keys{"value", "source", "assumption"};
inline const KeyList simulation_keys{"years", "warmup_years", "replications", "seed", "threads"};
inline const KeyList region_keys{"name", "entity_share", "inspector_share"};
inline const KeyList size_class_keys{"name", "inspection_days"};
inline const KeyList duration_keys{"distribution", "mean", "cv"};
inline const KeyList segment_keys{"name", "sector", "size_class", "entities", "workers_per_entity", "risk",
                                  "onset_multiplier"};
inline const KeyList violation_keys{"name", "onset_rate_per_year", "mean_duration_days", "exposed_share",
                                    "detection_probability", "concealability", "complaint_weight"};
inline const KeyList inspectorate_keys{"inspectors", "working_days_per_year", "inspection_time_share", "travel_days"};
inline const KeyList complaints_keys{"awareness", "rate_per_exposed_worker_year", "unfounded_rate_per_entity_year"};
inline const KeyList sanctions_keys{"order_compliance_probability", "remediation_days", "fine_probability",
                                    "follow_up", "follow_up_days", "specific_deterrence", "general_deterrence"};
inline const KeyList specific_deterrence_keys{"reduction", "years"};
inline const KeyList general_deterrence_keys{"elasticity"};
inline const KeyList policy_keys{"notice", "exempt_size_classes", "complaints_override_exemption", "moratorium", "plan"};
inline const KeyList notice_keys{"complaint", "planned", "follow_up", "days", "remediation_probability",
                                 "consent_required", "consent_refusal_probability", "consent_delay_days"};
inline const KeyList moratorium_keys{"active", "size_classes", "complaints_override"};
inline const KeyList plan_keys{"mode", "inspections_per_inspector_per_year", "targeting", "history_weight", "sampling", "pacing"};
inline const KeyList timeline_keys{"year", "inspectors", "policy"};

/// Lists whose items are addressed by name in --set paths.
inline bool is_named_list(std::string_view key) {
  return key == "regions" || key == "size_classes" || key == "segments" || key == "violations";
}

/// The allowed key nearest to `key` by edit distance, if near enough to be a likely typo.
std::string_view closest_key(std::string_view key, const KeyList& allowed);

}  // namespace inspectsim
