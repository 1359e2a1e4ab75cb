#include "core/error.h"

namespace moe {

Error::Error(const std::string& message, Context context)
    : std::runtime_error(format(message, context)), m_message(message), m_context(std::move(context)) {}

// "FILE: tensor 'NAME': key 'KEY': message" — the parts that are known, in that order.
std::string Error::format(const std::string& message, const Context& context) {
    std::string out;
    if (!context.file.empty()) out += context.file + ": ";
    if (!context.tensor.empty()) out += "tensor '" + context.tensor + "': ";
    if (!context.key.empty()) out += "key '" + context.key + "': ";
    return out + message;
}

}  // namespace moe
