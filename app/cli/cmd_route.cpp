// moe route --model DIR (--text STR | --text-file F | --input IN.safetensors) --out TRACE.safetensors

#include "app/cli/commands.h"
#include "core/error.h"
#include "core/io/read_file.h"
#include "core/io/safetensors_reader.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"
#include "core/routing/capture.h"
#include "core/routing/route_text.h"
#include "core/tokenizer/tokenizer.h"

#include <ATen/ATen.h>

#include <cstdio>
#include <filesystem>

namespace moe::cli {

int runRoute(const Args& args) {
    ArgReader reader(args);
    const auto modelDir = reader.option("--model");
    const auto input = reader.option("--input");
    const auto text = reader.option("--text");
    const auto textFile = reader.option("--text-file");
    const auto out = reader.option("--out");
    reader.requireNoUnknown();
    if (!reader.positionals().empty()) throw UsageError("unexpected argument " + reader.positionals()[0]);
    if (modelDir.empty() || out.empty()) throw UsageError("--model and --out are required");
    if ((!input.empty()) + (!text.empty()) + (!textFile.empty()) != 1)
        throw UsageError("give exactly one of --text, --text-file and --input");
    // The text must be UTF-8 (a Latin-1 or binary file is refused, not silently turned into U+FFFD); read
    // before the model loads, so a bad file fails at once.
    const std::string body = !textFile.empty() ? readTextFile(textFile, kMaxRouteTextBytes) : text;
    if (input.empty() && textFile.empty()) requireText(text, "--text");
    const auto model = Model::load(modelDir);
    Trace trace;
    if (input.empty()) {
        const auto tokenizerPath = std::filesystem::path(modelDir) / "tokenizer.json";
        if (!std::filesystem::exists(tokenizerPath)) throw Error("no tokenizer.json in the model folder: --text needs one (or use --input)", {.file = modelDir});
        const auto tokenizer = Tokenizer::fromDir(modelDir);
        trace = routeText(*model, tokenizer, body, modelDir);
    } else {
        const SafetensorsFile in(input);
        const auto* info = in.find("input_ids");
        if (!info) throw Error("no tensor 'input_ids'", {.file = input, .tensor = "input_ids"});
        if (info->dtype != DType::I64 && info->dtype != DType::I32)
            throw Error("input_ids must be I64 or I32, found " + std::string(dtypeName(info->dtype)), {.file = input, .tensor = "input_ids"});
        const auto ids = tensorView(in, *info);
        try {
            trace = captureTrace(*model, ids, {}, {}, modelDir);
        } catch (const Error& e) {
            throw Error(e.message(), {.file = e.context().tensor.empty() ? modelDir : input, .tensor = e.context().tensor});
        }
    }
    writeTrace(out, trace);
    std::fprintf(stderr, "moe route: %zu sites x %zu tokens x %zu experts -> %s\n", trace.numSites(), trace.numTokens(),
                 trace.numExperts(), out.c_str());
    return 0;
}

}  // namespace moe::cli
