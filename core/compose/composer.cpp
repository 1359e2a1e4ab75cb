#include "core/compose/composer.h"

#include "core/compose/expert_check.h"
#include "core/compose/gate_init.h"
#include "core/compose/plan.h"
#include "core/compose/remote_code.h"
#include "core/error.h"
#include "core/io/atomic_dir.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors_writer.h"
#include "core/io/tensor_bridge.h"
#include "core/model/hparams.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;

namespace moe {
namespace {

const char* kTokenizerFiles[] = {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model",
                                 "generation_config.json", "vocab.json", "merges.txt", "added_tokens.json"};

at::Tensor materialise(const PlannedTensor& t, const std::vector<const Checkpoint*>& experts, const Checkpoint* base,
                       std::uint64_t seed, const std::map<std::string, at::Tensor>& gates) {
    const auto type = toScalarType(t.dtype);
    switch (t.kind) {
    case PlannedTensor::Kind::Copy: {
        const auto& ck = *experts[static_cast<std::size_t>(t.expert)];
        auto out = tensorView(ck, t.source).to(type).contiguous();
        if (out.data_ptr() == static_cast<void*>(ck.data(t.source))) return out;  // still a view: released after writing
        ck.release(t.source);
        return out;
    }
    case PlannedTensor::Kind::Router: {
        if (const auto it = gates.find(t.name); it != gates.end()) return it->second.to(type);  // gate_init hidden / cheap_embed
        // Seeded per routing site: independent of write order and of the output format's tensor names.
        auto gen = at::make_generator<at::CPUGeneratorImpl>(seed ^ std::hash<std::string>{}(t.site));
        return at::normal(0.0, 0.02, t.shape, gen).to(type);
    }
    case PlannedTensor::Kind::Identity: return at::eye(t.shape[0], t.shape[1], at::kFloat).to(type);
    case PlannedTensor::Kind::Zeros: return at::zeros(t.shape, type);
    case PlannedTensor::Kind::Average: {
        auto acc = at::zeros(t.shape, at::kFloat);
        const auto sources = base ? std::vector<const Checkpoint*>{base} : experts;
        for (const auto* ck : sources) {
            const auto v = tensorView(*ck, t.source);  // added in float32 without a converted copy
            (v.dim() > 0 ? acc.narrow(0, 0, v.size(0)) : acc).add_(v);
            ck->release(t.source);
        }
        return acc.div_(static_cast<double>(sources.size())).to(type);
    }
    }
    return {};
}

void writeJson(const fs::path& path, const nlohmann::json& j) {
    std::ofstream out(path);
    out << j.dump(2) << "\n";
    if (!out.flush()) throw Error("cannot write", {.file = path.string()});
}

}  // namespace

ComposeSummary compose(const ComposeConfig& config, const ComposeOptions& options) {
    if (auto problems = checkExperts(config); !problems.empty())
        throw Error("the composition config has " + std::to_string(problems.size()) + " problem(s):\n" + formatProblems(problems));
    AtomicDir tmp(options.outDir, options.force);  // refuses a non-empty folder before any work

    std::vector<std::unique_ptr<Checkpoint>> owned;
    std::vector<const Checkpoint*> experts;
    for (const auto& e : config.experts) experts.push_back(owned.emplace_back(std::make_unique<Checkpoint>(e.path)).get());
    std::unique_ptr<Checkpoint> base = config.baseModel.empty() ? nullptr : std::make_unique<Checkpoint>(config.baseModel);
    const auto hp = loadHParams(config.experts[0].path);
    nlohmann::json expertConfig;
    std::ifstream(fs::path(config.experts[0].path) / "config.json") >> expertConfig;
    const auto plan = planComposition(config, experts, base.get(), hp, expertConfig, options.native);
    // Routers from prompts, before any byte is written; the model that ran them is released on return.
    const auto gates = computeGateInit(config, plan.tensors, [&](const std::string& message) {
        if (options.onProgress) options.onProgress({0, plan.tensors.size(), 0, plan.totalBytes(), {}, message});
    });

    std::vector<TensorSpec> specs;
    for (const auto& t : plan.tensors) specs.push_back({t.name, t.dtype, t.shape});
    ComposeSummary summary;
    {
        SafetensorsWriter writer(tmp.path().string(), specs, {.maxShardBytes = options.maxShardBytes, .metadata = {{"format", "pt"}}});
        ComposeProgress progress{0, plan.tensors.size(), 0, plan.totalBytes(), {}};
        for (const auto& t : plan.tensors) {
            if (options.isCancelled && options.isCancelled()) throw Error("cancelled");
            progress.current = t.name;
            const auto tensor = materialise(t, experts, base.get(), config.seed, gates);
            writer.write(t.name, tensor.data_ptr(), t.nbytes());
            if (t.kind == PlannedTensor::Kind::Copy) experts[static_cast<std::size_t>(t.expert)]->release(t.source);
            ++progress.tensorsDone;
            progress.bytesDone += t.nbytes();
            if (options.onProgress) options.onProgress(progress);
            summary.averaged += t.kind == PlannedTensor::Kind::Average;
            summary.expertTensors += t.kind == PlannedTensor::Kind::Copy;
            summary.routers += t.kind == PlannedTensor::Kind::Router;
            summary.stitches += t.kind == PlannedTensor::Kind::Identity || t.kind == PlannedTensor::Kind::Zeros;
        }
        summary.files = writer.commit();
    }
    // The mixturekit format ships our transformers code, named by auto_map; native types need none.
    auto outConfig = plan.config;
    if (!options.native) {
        outConfig["auto_map"] = remoteCodeAutoMap();
        for (auto& name : writeRemoteCode(tmp.path())) summary.files.push_back(std::move(name));
    }
    writeJson(tmp.path() / "config.json", outConfig);
    writeJson(tmp.path() / "moe_studio.json", plan.manifest);
    std::error_code ec;
    for (const char* name : kTokenizerFiles) {
        const auto src = fs::path(config.experts[0].path) / name;
        if (fs::exists(src, ec)) {
            fs::copy_file(src, tmp.path() / name);
            summary.files.push_back(name);
        }
    }
    summary.files.push_back("config.json");
    summary.files.push_back("moe_studio.json");

    tmp.commit();  // the old output (with --force) is removed only once the new one is complete
    summary.totalParams = plan.totalParams;
    summary.activeParams = plan.activeParams;
    summary.padded = plan.manifest["padded"].get<std::vector<std::string>>();
    return summary;
}

}  // namespace moe
