#pragma once
/// @file
/// The words a scenario may use for each choice (notice mode, targeting, ...), declared once:
/// the loader parses with them, reports print with them, error messages list them.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "inspectsim/scenario/scenario.hpp"

namespace inspectsim {

template <typename Enum>
struct Choice {
  Enum value;
  std::string_view word;
};

/// The words of each choice, in the order documentation lists them.
template <typename Enum>
struct ChoiceWords;

template <>
struct ChoiceWords<NoticeMode> {
  static constexpr std::array list{Choice<NoticeMode>{NoticeMode::unannounced, "unannounced"},
                                   Choice<NoticeMode>{NoticeMode::prior, "prior"}};
};
template <>
struct ChoiceWords<Targeting> {
  static constexpr std::array list{Choice<Targeting>{Targeting::random, "random"},
                                   Choice<Targeting>{Targeting::risk, "risk"},
                                   Choice<Targeting>{Targeting::longest_since_inspection, "longest_since_inspection"}};
};
template <>
struct ChoiceWords<PlanMode> {
  static constexpr std::array list{Choice<PlanMode>{PlanMode::fixed, "fixed"},
                                   Choice<PlanMode>{PlanMode::capacity, "capacity"}};
};
template <>
struct ChoiceWords<PlanSampling> {
  static constexpr std::array list{Choice<PlanSampling>{PlanSampling::distinct, "distinct"},
                                   Choice<PlanSampling>{PlanSampling::with_replacement, "with_replacement"}};
};
template <>
struct ChoiceWords<PlanPacing> {
  static constexpr std::array list{Choice<PlanPacing>{PlanPacing::asap, "asap"},
                                   Choice<PlanPacing>{PlanPacing::even, "even"}};
};
template <>
struct ChoiceWords<ComplaintScope> {
  static constexpr std::array list{Choice<ComplaintScope>{ComplaintScope::checklist, "checklist"},
                                   Choice<ComplaintScope>{ComplaintScope::complaint, "complaint"}};
};
template <>
struct ChoiceWords<FineBasis> {
  static constexpr std::array list{Choice<FineBasis>{FineBasis::find, "find"},
                                   Choice<FineBasis>{FineBasis::breach, "breach"},
                                   Choice<FineBasis>{FineBasis::visit, "visit"}};
};
template <>
struct ChoiceWords<DeterrenceTrigger> {
  static constexpr std::array list{Choice<DeterrenceTrigger>{DeterrenceTrigger::detection, "detection"},
                                   Choice<DeterrenceTrigger>{DeterrenceTrigger::fine, "fine"}};
};
template <>
struct ChoiceWords<DurationDistribution::Shape> {
  using Shape = DurationDistribution::Shape;
  static constexpr std::array list{Choice<Shape>{Shape::fixed, "fixed"},
                                   Choice<Shape>{Shape::exponential, "exponential"},
                                   Choice<Shape>{Shape::gamma, "gamma"}, Choice<Shape>{Shape::lognormal, "lognormal"}};
};
template <>
struct ChoiceWords<Provenance::Kind> {
  static constexpr std::array list{Choice<Provenance::Kind>{Provenance::Kind::source, "source"},
                                   Choice<Provenance::Kind>{Provenance::Kind::assumption, "assumption"},
                                   Choice<Provenance::Kind>{Provenance::Kind::unannotated, "unannotated"},
                                   Choice<Provenance::Kind>{Provenance::Kind::calibrated, "calibrated"}};
};

template <>
struct ChoiceWords<Provenance::Spread> {
  static constexpr std::array list{Choice<Provenance::Spread>{Provenance::Spread::fixed, "fixed"},
                                   Choice<Provenance::Spread>{Provenance::Spread::ranged, "ranged"},
                                   Choice<Provenance::Spread>{Provenance::Spread::defaulted, "default"}};
};
template <>
struct ChoiceWords<PlausibleRange::Shape> {
  using Shape = PlausibleRange::Shape;
  static constexpr std::array list{Choice<Shape>{Shape::uniform, "uniform"},
                                   Choice<Shape>{Shape::triangular, "triangular"},
                                   Choice<Shape>{Shape::lognormal, "lognormal"}};
};

/// The word for `value`.
template <typename Enum>
constexpr std::string_view word_of(Enum value) {
  for (const auto& c : ChoiceWords<Enum>::list)
    if (c.value == value) return c.word;
  return "?";
}

/// The choice a word names, if any.
template <typename Enum>
constexpr std::optional<Enum> choice_of(std::string_view word) {
  for (const auto& c : ChoiceWords<Enum>::list)
    if (c.word == word) return c.value;
  return std::nullopt;
}

/// "'a', 'b' or 'c'": what an error message says was expected.
template <typename Enum>
std::string expected_words() {
  std::string out;
  const auto& list = ChoiceWords<Enum>::list;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += i + 1 == list.size() ? " or " : ", ";
    out += "'" + std::string(list[i].word) + "'";
  }
  return out;
}

}  // namespace inspectsim
