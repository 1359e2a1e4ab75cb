#pragma once
// The `moe` subcommands. Each takes its arguments (after the command name) and returns the exit code;
// bad input is thrown as moe::Error (exit 2), usage errors as UsageError (exit 2).

#include <stdexcept>
#include <string>
#include <vector>

namespace moe::cli {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

using Args = std::vector<std::string>;

int runInspect(const Args& args);
int runForward(const Args& args);
int runRoute(const Args& args);
int runAggregate(const Args& args);
int runTokenize(const Args& args);
int runBuild(const Args& args);
int runTrain(const Args& args);
int runDemo(const Args& args);

// Small argument helpers shared by the commands.
class ArgReader {
public:
    explicit ArgReader(const Args& args) : m_args(args) {}
    bool flag(const std::string& name);                              // --json
    std::string option(const std::string& name, const std::string& fallback = {});  // --out X
    std::vector<std::string> positionals() const;                    // what is left
    void requireNoUnknown() const;                                   // leftover --options are errors
private:
    Args m_args;
};

}  // namespace moe::cli
