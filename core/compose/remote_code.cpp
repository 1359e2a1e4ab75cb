#include "core/compose/remote_code.h"

#include "core/error.h"

#include <fstream>

namespace moe {

namespace {

// Must match the classes defined in resources/transformers (the tests check that they are there).
constexpr const char* kConfigClass = "configuration_moe_studio.MoeStudioConfig";
constexpr const char* kModelClass = "modeling_moe_studio.MoeStudioForCausalLM";

}  // namespace

const std::vector<RemoteCodeFile>& remoteCodeFiles() {
    static const std::vector<RemoteCodeFile> files = {
#include "remote_code_data.h"
    };
    return files;
}

nlohmann::json remoteCodeAutoMap() { return {{"AutoConfig", kConfigClass}, {"AutoModelForCausalLM", kModelClass}}; }

std::vector<std::string> writeRemoteCode(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& f : remoteCodeFiles()) {
        const auto path = dir / f.name;
        std::ofstream out(path, std::ios::binary);
        out.write(f.text.data(), static_cast<std::streamsize>(f.text.size()));
        if (!out.flush()) throw Error("cannot write", {.file = path.string()});
        names.emplace_back(f.name);
    }
    return names;
}

}  // namespace moe
