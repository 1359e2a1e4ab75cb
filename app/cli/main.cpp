// moe: the command-line face of MoE Studio (DESIGN §3). Exit codes: 0 success, 1 runtime failure,
// 2 bad input or usage, with one line on stderr naming the file and what is wrong.

#include "app/cli/commands.h"
#include "app/cli/help.h"
#include "core/error.h"

#include <cstdio>
#include <exception>
#include <iostream>
#include <map>

// The contract is one line per error: a message of several lines (a list of problems, a file name that
// holds a newline) is joined with "; ", other control characters become spaces.
static std::string oneLine(const std::string& message) {
    std::string out;
    for (const char c : message) {
        if (c == '\n') out += "; ";
        else out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    }
    while (out.size() >= 2 && out.compare(out.size() - 2, 2, "; ") == 0) out.resize(out.size() - 2);
    return out;
}

int main(int argc, char** argv) {
    using namespace moe::cli;
    Args args(argv + 1, argv + argc);
    if (args.empty()) {
        std::fprintf(stderr, "%smoe: a command is required (see moe --help)\n", programUsage().c_str());
        return 2;
    }
    if (args[0] == "--help" || args[0] == "-h") {
        std::fputs(programHelp().c_str(), stdout);
        return 0;
    }
    if (args[0] == "--version") {
        std::printf("moe %s\n", MOE_VERSION);
        return 0;
    }
    const std::map<std::string, int (*)(const Args&)> commands{{"inspect", runInspect}, {"forward", runForward}, {"route", runRoute}, {"aggregate", runAggregate}, {"build", runBuild}, {"tokenize", runTokenize}, {"train", runTrain}, {"demo", runDemo}};
    const auto it = commands.find(args[0]);
    const CommandHelp* help = findCommandHelp(args[0]);
    if (!help) {
        std::fprintf(stderr, "moe: unknown command '%s' (see moe --help)\n", args[0].c_str());
        return 2;
    }
    // Help is answered here for every command, from the one table the man page is checked against.
    if (wantsHelp(*help, Args(args.begin() + 1, args.end()))) {
        std::fputs(commandHelpText(*help).c_str(), stdout);
        return 0;
    }
    if (it == commands.end()) {
        std::fprintf(stderr, "moe %s: not available in this build\n", args[0].c_str());
        return 1;
    }
    try {
        return it->second(Args(args.begin() + 1, args.end()));
    } catch (const UsageError& e) {
        std::fprintf(stderr, "moe %s: %s (see moe %s --help)\n", args[0].c_str(), e.what(), args[0].c_str());
        return 2;
    } catch (const moe::Error& e) {
        std::fprintf(stderr, "moe %s: %s\n", args[0].c_str(), oneLine(e.what()).c_str());
        return 2;
    } catch (const std::exception& e) {
        // LibTorch errors carry a backtrace after the first line: keep the message only.
        const std::string what = e.what();
        std::fprintf(stderr, "moe %s: internal error: %s\n", args[0].c_str(), what.substr(0, what.find('\n')).c_str());
        return 1;
    }
}
