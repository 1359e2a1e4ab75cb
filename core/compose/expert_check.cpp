#include "core/compose/expert_check.h"

#include "core/compose/gate_init.h"
#include "core/compose/plan.h"
#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/model/arch.h"
#include "core/model/bts_names.h"
#include "core/model/hparams.h"
#include "core/model/weights.h"

#include <algorithm>
#include <map>
#include <memory>

namespace moe {
namespace {

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

struct Opened {
    HParams hp;
    std::unique_ptr<Checkpoint> ck;
};

// Tensors whose first dimension is the vocabulary: they may be zero-padded to the largest vocabulary.
bool isVocabTensor(const HParams& hp, const std::string& name) {
    return name == hp.arch->names.embed || name == hp.arch->names.lmHead;
}

void compareTensors(const Opened& ref, const Opened& other, const std::string& key, std::vector<ConfigProblem>& problems,
                    ExpertSurvey& survey) {
    for (const auto& name : ref.ck->names()) {
        const auto* theirs = other.ck->find(name);
        if (!theirs) {
            problems.push_back({key, "tensor '" + name + "' is missing (present in experts[0])"});
            continue;
        }
        const auto& mine = ref.ck->info(name);
        if (mine.shape == theirs->shape) continue;
        const bool padOk = isVocabTensor(ref.hp, name) && mine.shape.size() == theirs->shape.size() &&
                           std::equal(mine.shape.begin() + 1, mine.shape.end(), theirs->shape.begin() + 1);
        if (padOk) {
            if (std::find(survey.paddedTensors.begin(), survey.paddedTensors.end(), name) == survey.paddedTensors.end())
                survey.paddedTensors.push_back(name);
            continue;
        }
        problems.push_back({key, "tensor '" + name + "' has shape " + shapeText(theirs->shape) + ", experts[0] has " +
                                     shapeText(mine.shape)});
    }
    for (const auto& name : other.ck->names())
        if (!ref.ck->contains(name)) problems.push_back({key, "tensor '" + name + "' is not in experts[0]"});
}

}  // namespace

std::vector<ConfigProblem> checkExperts(const ComposeConfig& config, ExpertSurvey* surveyOut) {
    std::vector<ConfigProblem> problems;
    ExpertSurvey survey;
    std::vector<Opened> experts(config.experts.size());
    for (std::size_t i = 0; i < config.experts.size(); ++i) {
        const auto key = "experts[" + std::to_string(i) + "].model_id";
        try {
            experts[i].hp = loadHParams(config.experts[i].path);
            experts[i].ck = std::make_unique<Checkpoint>(config.experts[i].path);
        } catch (const Error& e) {
            problems.push_back({key, e.what()});
            experts[i].ck.reset();
        }
    }
    const Opened* ref = experts.empty() || !experts[0].ck ? nullptr : &experts[0];
    if (ref) {
        survey.modelType = ref->hp.modelType;
        survey.numLayers = static_cast<int>(ref->hp.numLayers);
        survey.paramsPerExpert = countParameters(*ref->ck);
        for (std::size_t i = 1; i < experts.size(); ++i) {
            if (!experts[i].ck) continue;
            const auto key = "experts[" + std::to_string(i) + "].model_id";
            const auto& hp = experts[i].hp;
            if (hp.modelType != ref->hp.modelType) {
                problems.push_back({key, "architecture '" + hp.modelType + "' differs from experts[0] ('" + ref->hp.modelType + "')"});
                continue;
            }
            compareTensors(*ref, experts[i], key, problems, survey);
        }
        // Routed projections must exist as separate tensors in this architecture.
        const auto& n = ref->hp.arch->names;
        const std::map<std::string, std::string> templates{
            {"mlp.gate_proj", n.gate}, {"mlp.up_proj", n.up}, {"mlp.down_proj", n.down}, {"self_attn.q_proj", n.q},
            {"self_attn.k_proj", n.k}, {"self_attn.v_proj", n.v}, {"self_attn.o_proj", n.o}};
        const auto routed = routedProjections(config);  // Traditional: the MLP's three projections
        for (std::size_t i = 0; i < routed.size(); ++i) {
            const auto it = templates.find(routed[i]);
            const auto key = config.method == ComposeMethod::Traditional ? std::string("moe_method") : "router_layers[" + std::to_string(i) + "]";
            if (it != templates.end() && it->second != routed[i])
                problems.push_back({key, ref->hp.arch->displayName + " has no separate " + routed[i] +
                                             (it->second.empty() ? " (its projections are fused)" : " (it is named " + it->second + ")")});
        }
        if (ref->hp.arch->moe) problems.push_back({"experts[0].model_id", "experts must be dense models, not " + ref->hp.arch->displayName});
        if (config.method == ComposeMethod::Bts) {
            // Each expert stream reads the same token ids through its own embedding and the hub's head
            // makes the logits: the vocabularies must agree.
            if (!btsSupported(n)) problems.push_back({"moe_method", "BTS is not supported for " + ref->hp.arch->displayName + " (tensor names)"});
            for (const auto& t : survey.paddedTensors)
                problems.push_back({"experts", "BTS experts must share one vocabulary: '" + t + "' differs in size"});
            if (!config.baseModel.empty()) problems.push_back({"base_model", "BTS uses experts[0] as the hub: base_model does not apply"});
        }
        if (config.routerLayersIndex)
            for (const int b : *config.routerLayersIndex)
                if (b >= ref->hp.numLayers)
                    problems.push_back({"router_layers_index", "block " + std::to_string(b) + " out of range (the experts have " +
                                                                   std::to_string(ref->hp.numLayers) + " blocks)"});
    }
    if (!config.baseModel.empty()) {
        try {
            const Opened base{loadHParams(config.baseModel), std::make_unique<Checkpoint>(config.baseModel)};
            if (ref) compareTensors(*ref, base, "base_model", problems, survey);
        } catch (const Error& e) {
            problems.push_back({"base_model", e.what()});
        }
    }
    for (auto& p : gateInitProblems(config)) problems.push_back(std::move(p));
    if (surveyOut) *surveyOut = std::move(survey);
    return problems;
}

}  // namespace moe
