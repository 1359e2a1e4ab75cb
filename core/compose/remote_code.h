#pragma once
// The transformers code that ships with every mixturekit-format output: configuration_moe_studio.py and
// modeling_moe_studio.py (resources/transformers, embedded at build time), named by config.json's
// auto_map so that `AutoModelForCausalLM.from_pretrained(dir, trust_remote_code=True)` can build the
// composed model. The files are only copied: MoE Studio never runs Python.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace moe {

struct RemoteCodeFile {
    std::string_view name;  // file name in the output folder
    std::string_view text;
};

const std::vector<RemoteCodeFile>& remoteCodeFiles();

// {"AutoConfig": "configuration_moe_studio.<Config>", "AutoModelForCausalLM": "modeling_moe_studio.<Model>"}
nlohmann::json remoteCodeAutoMap();

// Writes every file into `dir`; returns their names.
std::vector<std::string> writeRemoteCode(const std::filesystem::path& dir);

}  // namespace moe
