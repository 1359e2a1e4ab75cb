#pragma once
// The help of `moe` and of each command, kept in one table so that `moe --help`, `moe CMD --help` and the
// man page (packaging/moe.1, checked against this table by tests/packaging.cmake) cannot drift apart.

#include <string>
#include <vector>

namespace moe::cli {

struct OptionHelp {
    const char* name;     // "--out", or a positional argument such as "CONFIG"
    const char* value;    // "DIR"; nullptr for a flag (and for positionals)
    const char* meaning;  // one sentence, lower case
};

struct CommandHelp {
    const char* name;
    const char* synopsis;     // what follows "moe NAME " in the usage line
    const char* summary;      // one line for `moe --help`
    const char* description;  // a paragraph, lines already wrapped
    std::vector<OptionHelp> arguments;
    std::vector<OptionHelp> options;
};

// Every command, in the order `moe --help` lists them.
const std::vector<CommandHelp>& commandHelps();
const CommandHelp* findCommandHelp(const std::string& name);

std::string programHelp();                           // moe --help
std::string programUsage();                          // the usage lines alone (moe without arguments)
std::string commandHelpText(const CommandHelp& command);  // moe CMD --help

// True when ARGS (those after the command name) ask for help: --help or -h, other than as the value of
// an option that takes one (`moe route --text -h` routes the text "-h").
bool wantsHelp(const CommandHelp& command, const std::vector<std::string>& args);

}  // namespace moe::cli
