// moe: the command-line face of MoE Studio (DESIGN §3). Exit codes: 0 success, 1 runtime failure,
// 2 bad input or usage, with one line on stderr naming the file and what is wrong.

#include "app/cli/commands.h"
#include "core/error.h"

#include <cstdio>
#include <exception>
#include <iostream>
#include <map>

namespace {

const char* kUsage =
    "usage: moe <command> [options]\n"
    "\n"
    "commands:\n"
    "  inspect DIR [--json]                         describe a model folder\n"
    "  forward --model DIR --input IN.safetensors --out OUT.safetensors [--dtype f32|bf16]\n"
    "                                               run the model on input_ids; write logits,\n"
    "                                               hidden states and router logits\n"
    "  build CONFIG.json --out DIR [--force]      compose experts into one MoE checkpoint\n"
    "  route --model DIR (--text STR | --text-file F | --input IN.safetensors) --out TRACE.safetensors\n"
    "                                               record every routing decision (a trace)\n"
    "  aggregate TRACE [--layers 0,2-5] [--proj gate_proj,up_proj] [--csv OUT.csv] [--json]\n"
    "                                               per-token expert weights averaged over sites\n"
    "  tokenize --tokenizer FILE_OR_DIR --input CASES.jsonl\n"
    "                                               encode JSONL cases with a tokenizer.json\n"
    "  train CONFIG.json --model DIR --data FILE --out DIR [--steps N] [--alpha A]\n"
    "                                               train the routers / stitch layers\n"
    "\n"
    "  moe --version | moe --help | moe <command> --help\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace moe::cli;
    Args args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::printf("moe %s\n", MOE_VERSION);
        return 0;
    }
    const std::map<std::string, int (*)(const Args&)> commands{{"inspect", runInspect}, {"forward", runForward}, {"route", runRoute}, {"aggregate", runAggregate}, {"build", runBuild}, {"tokenize", runTokenize}, {"train", runTrain}};
    const auto it = commands.find(args[0]);
    if (it == commands.end()) {
        std::fprintf(stderr, "moe: unknown command '%s' (see moe --help)\n", args[0].c_str());
        return 2;
    }
    try {
        return it->second(Args(args.begin() + 1, args.end()));
    } catch (const UsageError& e) {
        std::fprintf(stderr, "moe %s: %s (see moe --help)\n", args[0].c_str(), e.what());
        return 2;
    } catch (const moe::Error& e) {
        std::fprintf(stderr, "moe %s: %s\n", args[0].c_str(), e.what());
        return 2;
    } catch (const std::exception& e) {
        // LibTorch errors carry a backtrace after the first line: keep the message only.
        const std::string what = e.what();
        std::fprintf(stderr, "moe %s: internal error: %s\n", args[0].c_str(), what.substr(0, what.find('\n')).c_str());
        return 1;
    }
}
