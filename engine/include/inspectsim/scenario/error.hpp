#pragma once
/// @file
/// The error a user sees for bad input: file, line, column, key, and what was expected.

#include <stdexcept>
#include <string>

namespace inspectsim {

/// Where in a file a value was written (1-based line and column; 0 when unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// Bad scenario input. The message reads "FILE:LINE:COL: KEY: PROBLEM".
class ScenarioError : public std::runtime_error {
 public:
  ScenarioError(SourceLocation where, std::string key, const std::string& problem);

  const SourceLocation& where() const { return where_; }
  const std::string& key() const { return key_; }

 private:
  SourceLocation where_;
  std::string key_;
};

}  // namespace inspectsim
