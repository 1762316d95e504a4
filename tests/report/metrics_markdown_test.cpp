// The metric reference is made from the metric tables, and the README carries it verbatim.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "test_support.hpp"

namespace inspectsim {
namespace {

TEST(MetricsMarkdown, ListsEveryMetricOfEveryScopeWithItsUnit) {
  const std::string md = metrics_markdown();
  for (const auto* list : {&global_metrics(), &violation_metrics(), &size_class_metrics(), &yearly_metrics()})
    for (const MetricInfo& m : *list)
      EXPECT_NE(md.find("| `" + m.name + "` | " + m.unit + " | " + m.definition + " |"), std::string::npos) << m.name;
}

TEST(MetricsMarkdown, TheReadmeCarriesItVerbatim) {
  EXPECT_NE(testing::read_file(testing::source_path("README.md")).find(metrics_markdown()), std::string::npos)
      << "README.md's metric tables differ from `inspectsim metrics`: paste its output into the Metrics section";
}

}  // namespace
}  // namespace inspectsim
