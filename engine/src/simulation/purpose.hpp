#pragma once
// What the simulation draws random numbers for: each purpose is part of a stream's counter
// (kernel/random.hpp), so purposes never share numbers. Never renumber one: a number is part
// of every recorded result.

#include <cstdint>

#include "inspectsim/kernel/random.hpp"

namespace inspectsim::detail {

enum class Purpose : std::uint32_t {
  look = 1,  ///< an entity's violation states when looked at
  complaint = 4,
  visit = 5,
  consent = 6,
  inspection_duration = 7,
  plan = 8,
  unfounded_complaint = 9,
  plan_draw = 10,
  prevalence_probe = 11,
  onset = 12,             ///< a possible onset of a pair known to be inactive (streamed types)
  stream_complaint = 13,  ///< a possible complaint about a possibly active pair (streamed types)
  breaches = 14,          ///< checklist breaches of a find beyond the first, and their fines
  triage = 15,            ///< a complaint resolved without a visit
  retaliation = 16,       ///< a streamed pair's would-be complaint not made for fear
  union_visit = 17,       ///< the union inspectorate's visits: when, where, what they find
  complaint_spoken = 18,  ///< a block's would-be complaint not made for fear
};
static_assert(static_cast<std::uint32_t>(Purpose::complaint_spoken) < test_purpose);

constexpr std::uint32_t purpose_word(Purpose p, std::uint32_t sub = 0) {
  return inspectsim::purpose_word(static_cast<std::uint32_t>(p), sub);
}

}  // namespace inspectsim::detail
