#include "python_commands.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace inspectsim::cli {

CLI::App* add_python_command(CLI::App& app, const std::string& name, const std::string& description) {
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->prefix_command();  // the Python command parses the options, --help included
  cmd->set_help_flag();
  return cmd;
}

int python_command(const CLI::App& command) {
  std::string python_path = INSPECTSIM_PYTHON_DIR;
  if (const char* old = std::getenv("PYTHONPATH"); old && *old) python_path += std::string(":") + old;
  ::setenv("PYTHONPATH", python_path.c_str(), 1);
  std::vector<std::string> args{"python3", "-m", "inspectsim", command.get_name()};
  for (const std::string& a : command.remaining()) args.push_back(a);
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(INSPECTSIM_PYTHON, argv.data());
  fmt::print(stderr, "error: cannot run {} -m inspectsim {}: {} (is python3 installed?)\n", INSPECTSIM_PYTHON,
             command.get_name(), std::strerror(errno));
  return 1;
}

}  // namespace inspectsim::cli
