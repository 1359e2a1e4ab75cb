#include "app/cli/commands.h"

#include <algorithm>

namespace moe::cli {

bool ArgReader::flag(const std::string& name) {
    const auto it = std::find(m_args.begin(), m_args.end(), name);
    if (it == m_args.end()) return false;
    m_args.erase(it);
    return true;
}

std::string ArgReader::option(const std::string& name, const std::string& fallback) {
    for (auto it = m_args.begin(); it != m_args.end(); ++it) {
        if (*it == name) {
            if (it + 1 == m_args.end()) throw UsageError(name + " needs a value");
            std::string value = *(it + 1);
            m_args.erase(it, it + 2);
            return value;
        }
        if (it->rfind(name + "=", 0) == 0) {
            std::string value = it->substr(name.size() + 1);
            m_args.erase(it);
            return value;
        }
    }
    return fallback;
}

std::vector<std::string> ArgReader::positionals() const {
    std::vector<std::string> out;
    for (const auto& a : m_args)
        if (a.rfind("--", 0) != 0) out.push_back(a);
    return out;
}

void ArgReader::requireNoUnknown() const {
    for (const auto& a : m_args)
        if (a.rfind("--", 0) == 0) throw UsageError("unknown option " + a);
}

}  // namespace moe::cli
