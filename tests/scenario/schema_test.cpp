// The scenario keys are declared once (scenario/schema.hpp): the README's key tables must say
// what the declaration says, and the declaration must be usable by the loader.

#include "inspectsim/scenario/schema.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace inspectsim {
namespace {

/// The key-table rows of each "### `section`" (or "### Top level") of a README.
std::map<std::string, std::vector<std::string>> readme_tables(const std::string& text) {
  std::map<std::string, std::vector<std::string>> tables;
  const std::regex heading(R"(^### (?:`([a-z_]+)`|Top level).*)");
  std::istringstream lines(text);
  std::string line;
  std::string section;
  bool in_keys = false;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (std::regex_match(line, m, heading)) {
      section = m[1].str();
      in_keys = true;
      tables[section];
    } else if (line.starts_with("## ")) {
      in_keys = false;
    } else if (in_keys && line.starts_with("| `")) {
      tables[section].push_back(line);
    }
  }
  return tables;
}

/// Every difference between the README's tables and the declaration, one line each.
std::vector<std::string> mismatches(const std::string& readme) {
  std::vector<std::string> out;
  const auto tables = readme_tables(readme);
  for (const std::string section : {"", "simulation", "regions", "size_classes", "segments", "violations",
                                    "inspectorate", "complaints", "sanctions", "policy", "timeline"}) {
    const auto found = tables.find(section);
    const std::vector<std::string> expected = key_table_rows(section);
    const std::vector<std::string> written = found == tables.end() ? std::vector<std::string>{} : found->second;
    for (std::size_t i = 0; i < std::max(expected.size(), written.size()); ++i) {
      const std::string e = i < expected.size() ? expected[i] : "(no row)";
      const std::string w = i < written.size() ? written[i] : "(no row)";
      if (e != w) out.push_back("section '" + section + "': README has\n  " + w + "\nthe declaration says\n  " + e);
    }
  }
  return out;
}

TEST(Schema, ReadmeKeyTablesSayWhatTheDeclarationSays) {
  const std::string readme = testing::read_file(testing::source_path("scenarios/README.md"));
  ASSERT_FALSE(readme.empty());
  for (const std::string& m : mismatches(readme)) ADD_FAILURE() << m;
}

TEST(Schema, AChangedReadmeRowIsCaught) {
  std::string readme = testing::read_file(testing::source_path("scenarios/README.md"));
  const std::string row = key_table_rows("inspectorate").front();
  const std::size_t at = readme.find(row);
  ASSERT_NE(at, std::string::npos);
  readme.replace(at, row.size(), "| `inspectors` | inspectors | 2 | integer >= 0 |");
  EXPECT_EQ(mismatches(readme).size(), 1u);
}

TEST(Schema, EveryNumberHasARangeAndEveryKeyAParent) {
  for (const KeySpec& k : scenario_keys()) {
    if (k.kind == KeyKind::number) {
      EXPECT_LE(k.range.lo, k.range.hi) << k.path;
      EXPECT_NE(std::string(k.range.expected), "") << k.path << ": an error message needs the expected range";
    }
    if (k.kind == KeyKind::integer) EXPECT_LT(k.range.lo, k.range.hi) << k.path;
    const std::string path(k.path);
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos) continue;
    std::string parent = path.substr(0, dot);
    if (parent.ends_with(".*")) parent.resize(parent.size() - 2);
    const KeySpec* p = find_key(parent);
    ASSERT_NE(p, nullptr) << k.path << " has no declared parent " << parent;
    EXPECT_TRUE(p->kind == KeyKind::section || p->kind == KeyKind::list || p->kind == KeyKind::choice) << k.path;
  }
}

TEST(Schema, KeysUnderAListAreItsItemsKeys) {
  const std::vector<std::string_view> expected{"name", "entity_share", "inspector_share"};
  EXPECT_EQ(keys_under("regions"), expected);
  EXPECT_EQ(keys_under("regions.*"), expected);
  EXPECT_TRUE(keys_under("no_such_section").empty());
}

TEST(Schema, TheLoaderRefusesAValueOutsideTheDeclaredRange) {
  const KeySpec* key = find_key("inspectorate.fatigue_per_earlier_visit");
  ASSERT_NE(key, nullptr);
  try {
    testing::small_scenario({{"inspectorate.fatigue_per_earlier_visit", "1.5"}});
    FAIL() << "1.5 accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find(key->range.expected), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace inspectsim
