// Spreadsheet reports through libxlsxwriter. The library writes to a named file, so a workbook
// is made in a private temporary directory and read back as bytes; the caller writes those bytes
// to the user's path through write_output (whole or not at all).

#include "inspectsim/report/spreadsheet.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "inspectsim/metrics/metric_name.hpp"
#include "inspectsim/report/output_file.hpp"
#include "inspectsim/scenario/choices.hpp"
#include "inspectsim/scenario/fingerprint.hpp"

namespace inspectsim {

namespace {

namespace fs = std::filesystem;

/// A workbook in a private temporary directory; bytes() closes it and reads it back.
class Workbook {
 public:
  Workbook() {
    std::string pattern = (fs::temp_directory_path() / "inspectsim-xlsx-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw OutputWriteError(
          fmt::format("cannot make a temporary directory for the spreadsheet: {}", std::strerror(errno)));
    directory_ = pattern;
    file_ = (fs::path(directory_) / "report.xlsx").string();
    lxw_workbook_options options{};
    options.tmpdir = directory_.data();
    book_ = workbook_new_opt(file_.c_str(), &options);
    if (book_ == nullptr) throw OutputWriteError("cannot start the spreadsheet (libxlsxwriter)");
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
    format_set_text_wrap(bold_);
    format_set_align(bold_, LXW_ALIGN_VERTICAL_TOP);
    wrap_ = workbook_add_format(book_);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
  }
  ~Workbook() {
    if (book_ != nullptr) workbook_close(book_);
    std::error_code ec;
    fs::remove_all(directory_, ec);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  lxw_worksheet* sheet(const std::string& name) { return workbook_add_worksheet(book_, name.c_str()); }
  lxw_format* bold() const { return bold_; }
  lxw_format* wrap() const { return wrap_; }

  std::string bytes() {
    const lxw_error error = workbook_close(book_);
    book_ = nullptr;
    if (error != LXW_NO_ERROR)
      throw OutputWriteError(fmt::format("cannot write the spreadsheet: {}", lxw_strerror(error)));
    std::ifstream in(file_, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) throw OutputWriteError("cannot read back the spreadsheet from its temporary file");
    return data;
  }

 private:
  std::string directory_, file_;
  lxw_workbook* book_ = nullptr;
  lxw_format* bold_ = nullptr;
  lxw_format* wrap_ = nullptr;
};

/// Writes a sheet a row at a time.
class Rows {
 public:
  Rows(Workbook& book, const std::string& name) : book_(book), sheet_(book.sheet(name)) {}

  /// A bold header row, frozen above the rest, with column widths.
  void header(const std::vector<std::string>& names, const std::vector<double>& widths = {}) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      worksheet_write_string(sheet_, row_, col(c), names[c].c_str(), book_.bold());
      const double width = c < widths.size() ? widths[c] : 14;
      worksheet_set_column(sheet_, col(c), col(c), width, nullptr);
    }
    columns_ = names.size();
    ++row_;
    worksheet_freeze_panes(sheet_, row_, 0);
  }
  /// Starts a new row; cells follow with text() and number().
  Rows& next() {
    ++row_;
    column_ = 0;
    return *this;
  }
  Rows& text(const std::string& value) {
    if (!value.empty()) worksheet_write_string(sheet_, row_ - 1, col(column_), value.c_str(), nullptr);
    ++column_;
    return *this;
  }
  Rows& wrapped(const std::string& value) {
    if (!value.empty()) worksheet_write_string(sheet_, row_ - 1, col(column_), value.c_str(), book_.wrap());
    ++column_;
    return *this;
  }
  /// A number; an empty cell when it is undefined.
  Rows& number(double value) {
    if (std::isfinite(value)) worksheet_write_number(sheet_, row_ - 1, col(column_), value, nullptr);
    ++column_;
    return *this;
  }
  Rows& boolean(bool value) {
    worksheet_write_boolean(sheet_, row_ - 1, col(column_), value ? 1 : 0, nullptr);
    ++column_;
    return *this;
  }
  Rows& estimate(const Estimate& e) { return number(e.mean).number(e.ci_low).number(e.ci_high); }
  /// A value as written in a scenario: a number when it reads as one, else text.
  Rows& value(const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(v)) return number(v);
    return this->text(text);
  }
  /// Keeps the rows written so far (a header, and a sweep's units under it) in view when scrolling.
  void freeze() { worksheet_freeze_panes(sheet_, row_, 0); }
  /// An autofilter over the header and the rows written.
  void filter() {
    if (columns_ > 0 && row_ > 1) worksheet_autofilter(sheet_, 0, 0, row_ - 1, col(columns_ - 1));
  }

 private:
  static lxw_col_t col(std::size_t c) { return static_cast<lxw_col_t>(c); }
  Workbook& book_;
  lxw_worksheet* sheet_;
  lxw_row_t row_ = 0;
  std::size_t column_ = 0, columns_ = 0;
};

const char* const interval_note =
    "mean: the mean over the replications; ci_low, ci_high: its 95% confidence interval over replications "
    "(bounded to the metric's range). An empty cell: undefined (e.g. a share of no events).";

void about_sheet(Workbook& book, const std::vector<std::pair<std::string, const Scenario*>>& scenarios,
                 const std::vector<std::pair<std::string, std::string>>& extra) {
  Rows rows(book, "about");
  rows.header({"item", "value"}, {22, 110});
  for (const auto& [role, s] : scenarios) {
    const std::string prefix = role.empty() ? "" : role + " ";
    rows.next().text(prefix + "scenario").text(s->name);
    rows.next().text(prefix + "title").text(s->title);
    rows.next().text(prefix + "file").text(s->file);
  }
  const Scenario& s = *scenarios.front().second;
  rows.next().text("seed").number(static_cast<double>(s.simulation.seed));
  rows.next().text("replications").number(s.simulation.replications);
  rows.next().text("measured years").number(s.simulation.years);
  rows.next().text("warm-up years").number(s.simulation.warmup_years);
  for (const auto& [item, value] : extra) rows.next().text(item).wrapped(value);
  rows.next().text("how to read").wrapped(interval_note);
  rows.next().text("engine").text(fmt::format("inspectsim {}", engine_version()));
}

void provenance_sheet(Workbook& book, const std::vector<std::pair<std::string, const Scenario*>>& scenarios) {
  Rows rows(book, "provenance");
  const bool several = scenarios.size() > 1;
  std::vector<std::string> names{"key", "value", "kind", "source or reason", "file", "line", "spread", "low", "high"};
  std::vector<double> widths{44, 12, 12, 90, 34, 6, 10, 10, 10};
  if (several) {
    names.insert(names.begin(), "scenario");
    widths.insert(widths.begin(), 10);
  }
  rows.header(names, widths);
  for (const auto& [role, s] : scenarios) {
    for (const auto& [key, p] : s->provenance) {  // std::map: sorted
      Rows& r = rows.next();
      if (several) r.text(role);
      r.text(key).value(p.value).text(std::string(word_of(p.kind))).wrapped(p.note).text(p.file);
      if (p.line > 0)
        r.number(p.line);
      else
        r.text("");
      r.text(std::string(word_of(p.spread)));
      if (p.spread != Provenance::Spread::fixed) r.number(p.range.low).number(p.range.high);
    }
  }
  rows.filter();
}

/// (scope, item, metric info, getter) for every metric of every scope but the yearly ones.
template <typename Row>
void for_each_metric(const Scenario& s, const Summary& summary, Row row) {
  for (std::size_t i = 0; i < global_metrics().size(); ++i)
    row("all", "", global_metrics()[i], [i](const Summary& x) { return x.global[i]; });
  for (std::size_t k = 0; k < summary.by_violation.size(); ++k)
    for (std::size_t i = 0; i < violation_metrics().size(); ++i)
      row("violation", s.violations[k].name, violation_metrics()[i],
          [k, i](const Summary& x) { return x.by_violation[k][i]; });
  for (std::size_t c = 0; c < summary.by_size_class.size(); ++c)
    for (std::size_t i = 0; i < size_class_metrics().size(); ++i)
      row("size class", s.size_classes[c].name, size_class_metrics()[i],
          [c, i](const Summary& x) { return x.by_size_class[c][i]; });
}

const MetricInfo& info_of(const MetricRef& m) {
  switch (m.scope) {
    case MetricRef::Scope::violation: return violation_metrics()[m.metric];
    case MetricRef::Scope::size_class: return size_class_metrics()[m.metric];
    case MetricRef::Scope::global: break;
  }
  return global_metrics()[m.metric];
}

}  // namespace

std::string run_xlsx(const RunResult& run) {
  Workbook book;
  {
    Rows rows(book, "run");
    rows.header({"scope", "item", "metric", "mean", "ci_low", "ci_high", "unit", "definition"},
                {10, 16, 28, 14, 14, 14, 20, 80});
    for_each_metric(
        run.scenario, run.summary, [&](const char* scope, const std::string& item, const MetricInfo& m, auto get) {
          rows.next().text(scope).text(item).text(m.name).estimate(get(run.summary)).text(m.unit).text(m.definition);
        });
    rows.filter();
  }
  {
    Rows rows(book, "yearly");
    rows.header({"year", "metric", "mean", "ci_low", "ci_high", "unit"}, {6, 24, 14, 14, 14, 16});
    for (std::size_t y = 0; y < run.summary.yearly.size(); ++y)
      for (std::size_t i = 0; i < yearly_metrics().size(); ++i)
        rows.next()
            .number(static_cast<double>(y + 1))
            .text(yearly_metrics()[i].name)
            .estimate(run.summary.yearly[y][i])
            .text(yearly_metrics()[i].unit);
    rows.filter();
  }
  provenance_sheet(book, {{"", &run.scenario}});
  about_sheet(book, {{"", &run.scenario}}, {});
  return book.bytes();
}

std::string compare_xlsx(const CompareResult& c) {
  Workbook book;
  {
    Rows rows(book, "comparison");
    rows.header(
        {"scope", "item", "metric", "base_mean", "base_ci_low", "base_ci_high", "variant_mean", "variant_ci_low",
         "variant_ci_high", "difference_mean", "difference_ci_low", "difference_ci_high", "unit", "definition"},
        {10, 16, 28, 13, 13, 13, 13, 13, 13, 14, 14, 14, 20, 80});
    for_each_metric(c.base.scenario, c.base.summary,
                    [&](const char* scope, const std::string& item, const MetricInfo& m, auto get) {
                      rows.next()
                          .text(scope)
                          .text(item)
                          .text(m.name)
                          .estimate(get(c.base.summary))
                          .estimate(get(c.variant_as_base))
                          .estimate(get(c.difference))
                          .text(m.unit)
                          .text(m.definition);
                    });
    rows.filter();
  }
  {
    Rows rows(book, "yearly");
    rows.header({"year", "metric", "base_mean", "base_ci_low", "base_ci_high", "variant_mean", "variant_ci_low",
                 "variant_ci_high", "difference_mean", "difference_ci_low", "difference_ci_high", "unit"},
                {6, 24, 13, 13, 13, 13, 13, 13, 14, 14, 14, 16});
    for (std::size_t y = 0; y < c.base.summary.yearly.size(); ++y)
      for (std::size_t i = 0; i < yearly_metrics().size(); ++i)
        rows.next()
            .number(static_cast<double>(y + 1))
            .text(yearly_metrics()[i].name)
            .estimate(c.base.summary.yearly[y][i])
            .estimate(c.variant_as_base.yearly[y][i])
            .estimate(c.difference.yearly[y][i])
            .text(yearly_metrics()[i].unit);
    rows.filter();
  }
  const std::vector<std::pair<std::string, const Scenario*>> both{{"base", &c.base.scenario},
                                                                  {"variant", &c.variant.scenario}};
  provenance_sheet(book, both);
  about_sheet(book, both,
              {{"difference",
                "variant - base, paired by replication on common random numbers; its 95% CI is of the "
                "paired differences"}});
  return book.bytes();
}

std::string sweep_xlsx(const std::vector<SweepAxis>& axes, const std::vector<SweepPoint>& grid,
                       const std::vector<RunResult>& results) {
  if (results.empty() || results.size() != grid.size())
    throw std::invalid_argument("sweep_xlsx: expected one result per point of the grid");
  const Scenario& first = results.front().scenario;
  const std::vector<MetricRef> metrics = all_metrics(first);
  Workbook book;
  {
    Rows rows(book, "sweep");
    std::vector<std::string> names{"point"};
    std::vector<double> widths{7};
    for (const SweepAxis& axis : axes) {
      names.push_back(axis.key);
      widths.push_back(std::max<double>(12, static_cast<double>(axis.key.size()) + 2));
    }
    for (const MetricRef& m : metrics)
      for (const char* part : {"_mean", "_ci_low", "_ci_high"}) {
        names.push_back(m.name + part);
        widths.push_back(14);
      }
    rows.header(names, widths);
    Rows& units = rows.next().text("unit");
    for (std::size_t a = 0; a < axes.size(); ++a) units.text("");
    for (const MetricRef& m : metrics) units.text(m.unit).text(m.unit).text(m.unit);
    rows.freeze();
    for (std::size_t p = 0; p < grid.size(); ++p) {
      Rows& r = rows.next().number(static_cast<double>(grid[p].index));
      for (const Override& o : grid[p].settings) r.value(o.value);
      for (const MetricRef& m : metrics) r.estimate(m.in(results[p].summary));
    }
  }
  {
    Rows rows(book, "metrics");
    rows.header({"metric", "unit", "definition"}, {34, 20, 90});
    for (const MetricRef& m : metrics) rows.next().text(m.name).text(m.unit).text(info_of(m).definition);
  }
  provenance_sheet(book, {{"", &first}});
  std::string varied;
  for (const SweepAxis& axis : axes) varied += (varied.empty() ? "" : "; ") + axis.text;
  about_sheet(book, {{"", &first}},
              {{"varied", varied + " (the provenance sheet is the first point's; the varied keys differ per point)"},
               {"points", std::to_string(grid.size())},
               {"random numbers", "every point on the same random streams (common random numbers)"}});
  return book.bytes();
}

std::string staffing_xlsx(const StaffingAnswer& a) {
  const Scenario& s = a.at_answer->scenario;
  Workbook book;
  {
    Rows rows(book, "staffing");
    const std::string below = a.below ? fmt::format("{} inspectors", a.inspectors - 1) : "below";
    const std::string at = fmt::format("{} inspectors", a.inspectors);
    rows.header(
        {"metric", below + " mean", "ci_low", "ci_high", at + " mean", "ci_low", "ci_high", "unit", "definition"},
        {34, 16, 13, 13, 16, 13, 13, 20, 80});
    const auto row = [&](const MetricRef& m) {
      Rows& r = rows.next().text(m.name);
      if (a.below)
        r.estimate(m.in(a.below->summary));
      else
        r.text("").text("").text("");
      r.estimate(m.in(a.at_answer->summary)).text(m.unit).text(info_of(m).definition);
    };
    for (const MetricRef& m : a.target_metrics) row(m);
    for (const MetricRef& m : all_metrics(s))
      if (m.scope == MetricRef::Scope::global) row(m);
  }
  {
    Rows rows(book, "targets");
    rows.header({"metric", "comparison", "value", "unit", "judged on"}, {34, 11, 12, 20, 44});
    for (std::size_t i = 0; i < a.targets.size(); ++i)
      rows.next()
          .text(a.targets[i].metric)
          .text(a.targets[i].at_least ? ">=" : "<=")
          .number(a.targets[i].value)
          .text(a.target_metrics[i].unit)
          .text(a.targets[i].at_least ? "the lower end of the 95% CI" : "the upper end of the 95% CI");
  }
  {
    Rows rows(book, "path");
    std::vector<std::string> names{"order", "inspectors", "all targets met"};
    std::vector<double> widths{7, 11, 15};
    for (const MetricRef& m : a.target_metrics)
      for (const char* part : {"_mean", "_ci_low", "_ci_high"}) {
        names.push_back(m.name + part);
        widths.push_back(16);
      }
    rows.header(names, widths);
    for (std::size_t i = 0; i < a.path.size(); ++i) {
      Rows& r = rows.next().number(static_cast<double>(i + 1)).number(a.path[i].inspectors).boolean(a.path[i].met);
      for (const Estimate& e : a.path[i].targets) r.estimate(e);
    }
    rows.filter();
  }
  provenance_sheet(book, {{"", &s}});
  std::vector<std::pair<std::string, std::string>> extra{
      {"answer", a.found ? fmt::format("{} inspectors", a.inspectors)
                         : fmt::format("none: the targets are not met even with {} inspectors", a.max_inspectors)},
      {"searched", fmt::format("{} to {} inspectors", a.min_inspectors, a.max_inspectors)}};
  for (const std::string& w : a.warnings) extra.emplace_back("warning", w);
  about_sheet(book, {{"", &s}}, extra);
  return book.bytes();
}

}  // namespace inspectsim
