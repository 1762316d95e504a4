#include "brief.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace inspectsim::cli {

CLI::App* add_brief_command(CLI::App& app) {
  CLI::App* cmd =
      app.add_subcommand("brief", "write the hearing brief (HTML): same as python3 -m inspectsim brief ...");
  cmd->prefix_command();  // the Python command parses the options, --help included
  cmd->set_help_flag();
  return cmd;
}

int brief_command(const CLI::App& brief) {
  std::string python_path = INSPECTSIM_PYTHON_DIR;
  if (const char* old = std::getenv("PYTHONPATH"); old && *old) python_path += std::string(":") + old;
  ::setenv("PYTHONPATH", python_path.c_str(), 1);
  std::vector<std::string> args{"python3", "-m", "inspectsim", "brief"};
  for (const std::string& a : brief.remaining()) args.push_back(a);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(INSPECTSIM_PYTHON, argv.data());
  fmt::print(stderr, "error: cannot run {} -m inspectsim brief: {} (is python3 installed?)\n", INSPECTSIM_PYTHON,
             std::strerror(errno));
  return 1;
}

}  // namespace inspectsim::cli
