// Citations: every `source:` note in a shipped scenario starts with the key of a document listed
// in docs/SOURCES.md ("KEY, locator: 'quote'"), so a reader can always find what a number was
// taken from; and every document listed there is cited somewhere or marked as background.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace inspectsim {
namespace {

namespace fs = std::filesystem;

/// The entries of docs/SOURCES.md: each is a heading `### KEY`; an entry with a line
/// `- Use: background` is listed for completeness and need not be cited.
struct Bibliography {
  std::vector<std::string> keys;  ///< in the order of the file, duplicates kept (a test rejects them)
  std::set<std::string> background;
  bool has(const std::string& key) const { return std::find(keys.begin(), keys.end(), key) != keys.end(); }
};

Bibliography read_bibliography(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  static const std::regex heading(R"(^### ([A-Za-z][A-Za-z0-9-]*)\s*$)");
  Bibliography b;
  std::string line, current;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, heading)) {
      current = m[1];
      b.keys.push_back(current);
    } else if (line.rfind("## ", 0) == 0 || line.rfind("# ", 0) == 0) {
      current.clear();  // a new section: the lines below belong to no entry
    } else if (!current.empty() && line.rfind("- Use: background", 0) == 0) {
      b.background.insert(current);
    }
  }
  return b;
}

const Bibliography& bibliography() {
  static const Bibliography b = read_bibliography(testing::source_path("docs/SOURCES.md"));
  return b;
}

/// The key a citation starts with: the text before the first comma, when it has a key's shape and
/// something follows; empty when the note does not start "KEY, ".
std::string cited_key(const std::string& note) {
  static const std::regex form(R"(^([A-Za-z][A-Za-z0-9-]*), +\S)");
  std::smatch m;
  return std::regex_search(note, m, form) ? m[1].str() : std::string();
}

/// One message per `source:` note of `s` that does not start with a key of `bibliography`,
/// naming the scenario file, the key path, the file that set it and the text.
std::vector<std::string> citation_problems(const Scenario& s, const std::string& scenario_file,
                                           const Bibliography& bibliography) {
  std::vector<std::string> problems;
  for (const auto& [path, p] : s.provenance) {
    if (p.kind != Provenance::Kind::source) continue;
    const std::string key = cited_key(p.note);
    std::string where = scenario_file + ": " + path;
    if (p.file != scenario_file && !p.file.empty()) where += " (set in " + p.file + ":" + std::to_string(p.line) + ")";
    if (key.empty())
      problems.push_back(where + ": source does not start with 'KEY, ' (a key of docs/SOURCES.md): \"" + p.note + "\"");
    else if (!bibliography.has(key))
      problems.push_back(where + ": source cites '" + key + "', which is not a key of docs/SOURCES.md: \"" + p.note +
                         "\"");
  }
  return problems;
}

/// Whether `text` mentions `key` as a whole word (keys contain '-', so "X2024" is not found in "X2024-y").
bool mentions(const std::string& text, const std::string& key) {
  const auto is_key_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) {
    const bool starts = at == 0 || !is_key_char(text[at - 1]);
    const std::size_t end = at + key.size();
    const bool ends = end == text.size() || !is_key_char(text[end]) ||
                      (text[end] == '-' && (end + 1 == text.size() || !is_key_char(text[end + 1])));
    if (starts && ends) return true;
  }
  return false;
}

using testing::shipped_scenarios;

TEST(Bibliography, ListsEachKeyOnce) {
  const Bibliography& b = bibliography();
  ASSERT_FALSE(b.keys.empty()) << "no '### KEY' entries found in docs/SOURCES.md";
  std::map<std::string, int> seen;
  for (const auto& key : b.keys) ++seen[key];
  for (const auto& [key, n] : seen) EXPECT_EQ(n, 1) << "docs/SOURCES.md lists " << key << " " << n << " times";
  for (const auto* key :
       {"SolidarityCenter2023", "SolidarityCenter2024", "CAS2024-KAZ", "CEACR2024-KGZ", "GrayScholz1993"})
    EXPECT_TRUE(b.has(key)) << key;
}

class ShippedScenarioCitations : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedScenarioCitations, EverySourceStartsWithAKeyOfTheBibliography) {
  const std::string file = testing::source_path(GetParam());
  for (const auto& problem : citation_problems(load_scenario(file), file, bibliography())) ADD_FAILURE() << problem;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ShippedScenarioCitations, ::testing::ValuesIn(shipped_scenarios()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

// The check can fail: a made-up key, a file name and a bare description are all rejected, with
// the key path and the text in the message; a well-formed citation passes.
TEST(CitationCheck, RejectsAMadeUpKeyAndCitationsWithoutAKey) {
  const Scenario s = testing::small_with(R"(inspectorate:
  inspectors: {value: 10, source: "Smith1999, p. 3: 'ten inspectors'"}
  working_days_per_year: {value: 220, source: "seeds/002: 220 days"}
  travel_days: {value: 0.5, source: "Solidarity Center 2024: half a day"}
complaints:
  awareness: {value: 0.5, source: "SolidarityCenter2024, Bishkek conference: 'almost 60 percent ... do not know'"}
  rate_per_exposed_worker_year: {value: 0.02, assumption: "Nobody2000, not a citation: assumptions are free text"}
)");
  const std::vector<std::string> problems = citation_problems(s, s.file, bibliography());
  ASSERT_EQ(problems.size(), 3u) << ::testing::PrintToString(problems);
  const auto has = [&](const std::string& a, const std::string& b) {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) {
      return p.find(a) != std::string::npos && p.find(b) != std::string::npos;
    });
  };
  EXPECT_TRUE(has("inspectorate.inspectors", "'Smith1999', which is not a key")) << ::testing::PrintToString(problems);
  EXPECT_TRUE(has("inspectorate.working_days_per_year", "seeds/002: 220 days")) << ::testing::PrintToString(problems);
  EXPECT_TRUE(has("inspectorate.travel_days", "does not start with 'KEY, '")) << ::testing::PrintToString(problems);
  EXPECT_TRUE(has(s.file, "inspectorate.inspectors")) << "the message names the scenario file";
}

TEST(CitationCheck, KeysAreWholeWords) {
  EXPECT_EQ(cited_key("CAS2024-KAZ, written information: '6,927 inspections'"), "CAS2024-KAZ");
  EXPECT_EQ(cited_key("CAS2024-KAZ: 6,927 inspections"), "") << "a key is followed by a comma";
  EXPECT_EQ(cited_key("CAS2024-KAZ,"), "") << "and by a locator or quote";
  EXPECT_TRUE(mentions("as in SolidarityCenter2024.", "SolidarityCenter2024"));
  EXPECT_FALSE(mentions("see SolidarityCenter2024-paraphrase", "SolidarityCenter2024"));
  EXPECT_TRUE(mentions("(SolidarityCenter2024-paraphrase)", "SolidarityCenter2024-paraphrase"));
  EXPECT_FALSE(mentions("CEACR2024-KGZX", "CEACR2024-KGZ"));
}

// Every document is cited by some shipped scenario (in a source or an assumption note), or is
// marked background; a background document is not cited (else the mark is out of date).
TEST(Bibliography, EveryKeyIsCitedOrMarkedBackground) {
  std::map<std::string, std::string> cited_in;  // key -> first scenario citing it
  for (const auto& file : shipped_scenarios()) {
    const Scenario s = load_scenario(testing::source_path(file));
    for (const auto& [path, p] : s.provenance)
      for (const auto& key : bibliography().keys)
        if (!cited_in.count(key) && mentions(p.note, key)) cited_in[key] = file + ": " + path;
  }
  for (const auto& key : bibliography().keys) {
    const bool background = bibliography().background.count(key) > 0;
    if (background)
      EXPECT_FALSE(cited_in.count(key)) << key << " is marked background in docs/SOURCES.md but cited in "
                                        << cited_in[key];
    else
      EXPECT_TRUE(cited_in.count(key)) << key
                                       << " is cited by no shipped scenario: cite it or mark it '- Use: background'";
  }
}

}  // namespace
}  // namespace inspectsim
