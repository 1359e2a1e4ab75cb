// moe forward --model DIR --input IN.safetensors --out OUT.safetensors [--dtype f32|bf16]

#include "app/cli/commands.h"
#include "core/error.h"
#include "core/io/safetensors_reader.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"

#include <ATen/ATen.h>

#include <cstdio>

namespace moe::cli {

int runForward(const Args& args) {
    ArgReader reader(args);
    const auto modelDir = reader.option("--model");
    const auto input = reader.option("--input");
    const auto out = reader.option("--out");
    const auto dtypeArg = reader.option("--dtype", "f32");
    reader.requireNoUnknown();
    if (!reader.positionals().empty()) throw UsageError("unexpected argument " + reader.positionals()[0]);
    if (modelDir.empty() || input.empty() || out.empty()) throw UsageError("--model, --input and --out are required");
    if (dtypeArg != "f32" && dtypeArg != "bf16") throw UsageError("--dtype must be f32 or bf16");

    const SafetensorsFile in(input);
    const auto* info = in.find("input_ids");
    if (!info) throw Error("no tensor 'input_ids'", {.file = input, .tensor = "input_ids"});
    if (info->dtype != DType::I64 && info->dtype != DType::I32)
        throw Error("input_ids must be I64 or I32, found " + std::string(dtypeName(info->dtype)),
                    {.file = input, .tensor = "input_ids"});
    auto ids = tensorView(in, *info);
    if (ids.dim() == 1) ids = ids.unsqueeze(0);
    if (ids.dim() != 2) throw Error("input_ids must have shape [B, T]", {.file = input, .tensor = "input_ids"});

    const auto model = Model::load(modelDir, dtypeArg == "bf16" ? at::kBFloat16 : at::kFloat);
    ForwardResult result;
    try {
        result = model->forward(ids);
    } catch (const Error& e) {
        throw Error(e.message(), {.file = input, .tensor = e.context().tensor});
    }
    std::vector<std::pair<std::string, at::Tensor>> tensors{{"logits", result.logits}};
    for (std::size_t i = 0; i < result.hiddenStates.size(); ++i)
        tensors.emplace_back("hidden_states." + std::to_string(i), result.hiddenStates[i]);
    for (const auto& r : result.routers) tensors.emplace_back("router_logits." + r.site, r.logits);
    writeTensors(out, tensors, {{"format", "pt"}, {"model", modelDir}, {"dtype", dtypeArg}});
    // Reported once the output is written: a refused input or output must leave exactly one line on stderr.
    std::fprintf(stderr, "moe forward: %s, %lld x %lld tokens, %s\n", model->hparams().modelType.c_str(),
                 (long long)ids.size(0), (long long)ids.size(1), dtypeArg.c_str());
    return 0;
}

}  // namespace moe::cli
